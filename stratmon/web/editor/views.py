"""Pages of the plan editor: the tree of forms, each edit, and the live readings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from stratmon.accounts import access
from stratmon.planfiles import edit as E
from stratmon.planfiles.schema import PlanFileError
from stratmon.plans.models import Plan
from stratmon.plans.services import ReasonRequired
from stratmon.plans.services.editing import editable_version, in_use_version, save_plan_edit
from stratmon.plans.services.tree import export_plan

from .live import live_value, reading, topic_choices
from .measure_form import posted_fields
from .operations import anchor, apply
from .page import build_tree, find_action, find_kpi, kpi_form


def _editable(request: HttpRequest, code: str) -> tuple[Plan, Plan]:
    """The plan in use (or a new plan's draft) and the version the editor works on."""
    plan = access.get_visible_plan(request.user, code)
    if not access.can_edit_plan(request.user, plan):
        raise PermissionDenied("Only the Secretariat of the plan's organisation edits it.")
    return plan, editable_version(plan)


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


@require_GET
def plan_edit(request: HttpRequest, code: str) -> HttpResponse:
    """The plan as a tree of forms; `?kpi=` opens that KPI's form."""
    plan, target = _editable(request, code)
    if request.GET.get("node") and request.GET.get("use_suggestion"):
        # "Use it" on a suggested measure: the KPI form as typed, with that measure.
        return _page(request, plan, target, request.GET["node"], posted=request.GET, part=True)
    if request.GET.get("refresh") and request.GET.get("node"):
        # Without JavaScript, "Show its filters" sends the KPI form here: shown as typed.
        return _page(request, plan, target, request.GET["node"], posted=request.GET)
    return _page(
        request, plan, target, request.GET.get("kpi", ""), open_action=request.GET.get("action", "")
    )


def _page(
    request: HttpRequest,
    plan: Plan,
    target: Plan,
    open_kpi: str,
    *,
    open_action: str = "",
    posted: QueryDict | None = None,
    error: E.EditError | None = None,
    error_anchor: str = "",
    status: int = 200,
    part: bool = False,
) -> HttpResponse:
    doc = export_plan(target)
    topics = topic_choices()
    pillars, holders = build_tree(doc, dict(topics), plan.organisation.short_name)
    node = find_kpi(pillars, open_kpi) if open_kpi else None
    confirmed = in_use_version(target)
    action = find_action(pillars, open_action) if open_action else None
    if action is not None:
        action.open = True
    if node is not None:
        node.form = kpi_form(target, doc, node.doc, topics, timezone.localdate(), posted)
        if error is not None:
            node.form.errors[_field(error)] = error.problem
    context: dict[str, Any] = {
        "plan": plan,
        "target": target,
        "doc": doc,
        "pillars": pillars,
        "holders": holders,
        "confirmed": confirmed,
        # Saving the version in use makes a draft of the next version.
        "makes_draft": target.status != Plan.Status.DRAFT,
        "open_kpi": open_kpi,
        "error": error if node is None or error is None or error_anchor != node.anchor else None,
        "error_anchor": error_anchor,
        "posted": posted,
    }
    # `part`: a form shown as typed that htmx swaps in place of its KPI.
    fragment = _htmx(request) and (part or posted is None) and error is None
    if fragment and node is not None:
        response = render(request, "web/editor/_kpi.html", {**context, "k": node})
    elif fragment and action is not None:
        response = render(request, "web/editor/_action.html", {**context, "a": action})
    else:
        response = render(request, "web/editor/editor.html", context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _field(error: E.EditError) -> str:
    """The form field an error names: 'KPI 1.a: measure.topic' → 'measure'."""
    _, _, rest = error.where.partition(": ")
    return rest.split(".", 1)[0] if rest else "form"


@require_POST
def plan_edit_op(request: HttpRequest, code: str, op: str) -> HttpResponse:
    """One edit of the plan (`op`: plan, pillar-add, action-split, kpi-edit …), saved through
    the plan editor's service; back to the node edited, or the form with its error."""
    plan, target = _editable(request, code)
    form = request.POST
    node = form.get("node", "")
    kind = op.partition("-")[0]
    here = anchor(kind, node) if node and kind != "plan" else "plan-fields"
    open_kpi = node if op == "kpi-edit" else ""
    # A refused action edit shows the action's tools again, with the message.
    open_action = node if kind == "action" else ""
    try:
        edited = apply(export_plan(target), op, form)
        result = save_plan_edit(
            plan,
            edited.doc,
            user=request.user,
            reason=form.get("reason", ""),
            what=edited.what,
        )
    except E.EditError as exc:
        return _failed(request, plan, target, (open_kpi, open_action), form, exc, here)
    except ReasonRequired as exc:
        error = E.EditError(f"KPI {node}: reason", str(exc))
        return _failed(request, plan, target, (open_kpi, open_action), form, error, here)
    except PlanFileError as exc:
        where = exc.where if exc.where.startswith("KPI") else f"{node}: {exc.where}"
        error = E.EditError(where, exc.problem)
        return _failed(request, plan, target, (open_kpi, open_action), form, error, here)
    if result is None:
        messages.info(request, "Nothing to save: it reads the same.")
    else:
        saved = result.plan
        where = (
            f"the draft of version {saved.version}"
            if saved.status == Plan.Status.DRAFT and saved.pk != plan.pk
            else "the plan"
        )
        messages.success(request, f"Saved in {where}: {edited.what}.")
    return redirect(reverse("plan-edit", args=[plan.code]) + f"#{edited.anchor}")


def _failed(
    request: HttpRequest,
    plan: Plan,
    target: Plan,
    opened: tuple[str, str],
    form: QueryDict,
    error: E.EditError,
    here: str,
) -> HttpResponse:
    # htmx swaps only successful answers: the form with its error is one, to htmx.
    status = 200 if _htmx(request) else 400
    open_kpi, open_action = opened
    return _page(
        request,
        plan,
        target,
        open_kpi,
        open_action=open_action,
        posted=form if open_kpi else None,
        error=error,
        error_anchor=here,
        status=status,
    )


@require_GET
def plan_edit_target(request: HttpRequest, code: str) -> HttpResponse:
    """The reading of the target typed so far (and, for a KPI, its live value)."""
    _, target = _editable(request, code)
    form = request.GET
    kpi = form.get("node", "")
    context: dict[str, Any] = {
        "reading": reading(form.get("target", ""), None),
        "reading_id": f"reading-{anchor('kpi', kpi)}",
    }
    if kpi:
        context["live"] = live_value(target, kpi, form, timezone.localdate())
        context["k_anchor"] = anchor("kpi", kpi)
    return render(request, "web/editor/_target_reading.html", context)


@require_GET
def plan_edit_measure(request: HttpRequest, code: str) -> HttpResponse:
    """The measure editor's fields for the source chosen, with the live value."""
    _, target = _editable(request, code)
    form = request.GET
    kpi = form.get("node", "")
    context = {
        "plan": target,
        "measure": posted_fields(form, topic_choices()),
        "live": live_value(target, kpi, form, timezone.localdate()),
        "k_anchor": anchor("kpi", kpi),
    }
    return render(request, "web/editor/_measure.html", context)
