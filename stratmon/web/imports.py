"""Pages to import a plan from its document: upload, review beside the warnings, save, confirm."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from stratmon.accounts import access
from stratmon.engine import parse_target
from stratmon.facts.topic_words import topic_words
from stratmon.planfiles.describe import describe_measure
from stratmon.planfiles.importers import DocumentError, ImportWarning, import_bytes
from stratmon.planfiles.schema import KpiDoc, PlanDoc, PlanFileError, dump_plan, parse_plan_text
from stratmon.planfiles.suggest import (
    TopicWords,
    accept_suggestions,
    fit_of_reason,
    suggest_plan_measures,
)
from stratmon.plans import services

MAX_UPLOAD = 5 * 1024 * 1024  # plan documents are a few dozen KB; refuse anything absurd


@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: read the document and show it for review."""
    if not access.can_import_plans(request.user):
        raise PermissionDenied("Only the Secretariat imports plans.")
    organisations = list(access.plan_editing_organisations(request.user))
    # One organisation to choose from: it is the one, whatever the document says.
    only = organisations[0].code if len(organisations) == 1 else ""
    context: dict[str, object] = {"organisations": organisations, "org": only, "code": ""}
    if request.method == "POST":
        upload = request.FILES.get("document")
        org = request.POST.get("org") or only or None
        code = (request.POST.get("code") or "").strip() or None
        context.update(org=org or "", code=code or "")
        if org is not None and org not in {o.code for o in organisations}:
            context["error"] = f"You cannot import plans for the organisation {org!r}."
        elif upload is None:
            context["error"] = "Choose a plan document to upload."
        elif upload.size is not None and upload.size > MAX_UPLOAD:
            context["error"] = f"{upload.name}: too large ({upload.size:,} bytes; at most 5 MB)."
        else:
            try:
                result = import_bytes(
                    upload.read(), filename=upload.name or "document", org=org, code=code
                )
            except DocumentError as exc:
                context["error"] = str(exc)
            else:
                topics = topic_words()
                # Every KPI without a measure shows the one StratMon suggests, to accept or not.
                plan = suggest_plan_measures(result.plan, topics)
                plan_file = dump_plan(plan)
                context.update(
                    _review(plan, result.warnings, plan_file, topics, _names(organisations))
                )
                context.update(shape=result.shape, as_read=plan_file)
                context.update(_versus_in_use(plan))
                context["filename"] = upload.name
    return render(request, "web/plan_import.html", context)


@require_POST
def plan_import_save(request: HttpRequest) -> HttpResponse:
    """Save the reviewed (possibly edited) plan file as a draft plan."""
    if not access.can_import_plans(request.user):
        raise PermissionDenied("Only the Secretariat imports plans.")
    text = request.POST.get("plan_file", "")
    filename = request.POST.get("filename") or "plan.yaml"
    as_read = request.POST.get("as_read", "")
    try:
        doc = parse_plan_text(text, filename)
        if request.POST.get("suggestions"):
            doc = _decide_suggestions(doc, request.POST.getlist("accept"), as_read, filename)
        if not access.can_save_plan(request.user, doc.organisation, doc.code):
            raise PlanFileError(
                filename,
                "organisation",
                f"you cannot save a plan of {doc.organisation!r} with the code {doc.code!r}"
                " (only the Secretariat of the plan's organisation can)",
            )
        result = services.save_draft(doc, filename, user=request.user)
    except PlanFileError as exc:
        warnings = tuple(ImportWarning(0, w) for w in request.POST.getlist("warning") if w.strip())
        # The reviewer keeps the plan in view beside the error: as edited when that still
        # reads, else as first read from the document.
        edited = _readable(text, filename)
        shown = edited or _readable(as_read, filename)
        organisations = list(access.plan_editing_organisations(request.user))
        context: dict[str, object] = {
            "organisations": organisations,
            "error": str(exc),
            "filename": filename,
            "shape": request.POST.get("shape", ""),
            "as_read": as_read,
            "edited_unreadable": edited is None and shown is not None,
            **_review(
                shown, warnings, text, topic_words(), _names(organisations), _ticked(request)
            ),
            **(_versus_in_use(shown) if shown else {}),
        }
        return render(request, "web/plan_import.html", context, status=400)
    if not result.changes and result.plan.status != result.plan.Status.DRAFT:
        messages.info(request, f"Nothing to save: {result.summary()}; it reads the same.")
        return redirect("plan-detail", code=result.plan.code)
    messages.success(
        request,
        f"Saved as a draft: {result.summary()}. "
        "Only the Secretariat sees it until it is confirmed.",
    )
    if result.previous is not None:
        return redirect("plan-version", code=result.plan.code, version=result.plan.version)
    return redirect("plan-detail", code=result.plan.code)


def _names(organisations: list[Any]) -> dict[str, str]:
    return {o.code: o.short_name for o in organisations}


def _ticked(request: HttpRequest) -> set[str] | None:
    """The suggestions the reviewer ticked, when the form carried any."""
    return set(request.POST.getlist("accept")) if request.POST.get("suggestions") else None


def _decide_suggestions(doc: PlanDoc, ticked: list[str], as_read: str, filename: str) -> PlanDoc:
    """The reviewer's decision: ticked suggestions become the KPIs' own measures, the others
    are dropped; a suggested measure the reviewer rewrote in the plan file is theirs."""
    first = _readable(as_read, filename)
    suggested = {k.code: k.measure for k in first.kpis() if k.suggested} if first else {}
    rewritten = {
        k.code for k in doc.kpis() if k.suggested and suggested.get(k.code, k.measure) != k.measure
    }
    return accept_suggestions(doc, set(ticked) | rewritten)


def _readable(text: str, filename: str) -> PlanDoc | None:
    try:
        return parse_plan_text(text, filename) if text.strip() else None
    except PlanFileError:
        return None


@require_POST
def plan_confirm(request: HttpRequest, code: str) -> HttpResponse:
    """A Secretariat user confirms a draft plan: it becomes active and visible to all."""
    plan = access.get_visible_plan(request.user, code)
    if not access.can_confirm_plan(request.user, plan):
        raise PermissionDenied("Only the Secretariat of the plan's organisation confirms it.")
    # The code's draft: a new plan, or a new version waiting beside the one in use.
    draft = plan if plan.status == plan.Status.DRAFT else services.waiting_draft(plan)
    try:
        confirmed = draft is not None and services.confirm_plan(
            draft, user=request.user, reason=request.POST.get("reason", "")
        )
    except services.ReasonRequired as exc:
        messages.error(request, str(exc))
        return redirect("plan-detail", code=plan.code)
    if confirmed:
        messages.success(
            request, f"{draft.title} (version {draft.version}) is confirmed and now active."
        )
    else:
        messages.info(request, f"{plan.title} is not a draft: nothing to confirm.")
    return redirect("plan-detail", code=plan.code)


def _versus_in_use(plan: PlanDoc) -> dict[str, object]:
    """The version of the plan's code in use and what saving this plan would change in it."""
    found = services.diff_with_current(plan)
    return {"in_use": found[0], "diff": found[1]} if found else {}


FIT_LABELS = {
    "good": "Good fit",
    "closest": "Closest only: check it",
    "none": "Nothing fits well: a milestone",
}


def _review(
    plan: PlanDoc | None,
    warnings: tuple[ImportWarning, ...],
    text: str,
    topics: tuple[TopicWords, ...] = (),
    organisation_names: dict[str, str] | None = None,
    ticked: set[str] | None = None,
) -> dict[str, object]:
    """What the review page shows: the plan with each target typed and each measure in
    words (a suggested one with its reason and fit), and the warnings."""
    if plan is None:
        return {"warnings": warnings, "plan_file": text}
    targets = {k.code: parse_target(k.target) for k in plan.kpis()}
    untyped = [code for code, target in targets.items() if not target.parsed]
    names = {t.code: t.name for t in topics}
    organisation = (organisation_names or {}).get(plan.organisation, plan.organisation)

    def row(k: KpiDoc) -> dict[str, object]:
        fit = fit_of_reason(k.suggested) if k.suggested else ""
        return {
            "kpi": k,
            "target": targets[k.code],
            "measure_words": describe_measure(k.measure, names, organisation) if k.measure else "",
            "fit": fit,
            "fit_label": FIT_LABELS.get(fit, ""),
            # The reason without its last step: the measure in words is shown above it.
            "why": k.suggested.rsplit(" → ", 1)[0],
            # Ticked: good fits at first; after a refused save, as the reviewer left them.
            "accepted": fit == "good" if ticked is None else k.code in ticked,
        }

    return {
        "plan": plan,
        "pillars": [
            {
                "pillar": p,
                "actions": [
                    {
                        "action": a,
                        "objective": o,
                        "kpis": [row(k) for k in a.kpis],
                    }
                    for o, a in p.all_actions()
                ],
            }
            for p in plan.pillars
        ],
        "warnings": warnings,
        "untyped": untyped,
        "suggested": sum(1 for k in plan.kpis() if k.suggested),
        "plan_file": text,
    }
