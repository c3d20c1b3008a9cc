"""Thin views: parse the request, call one service or query helper, render."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from stratmon.accounts import access
from stratmon.kpis.live import plan_evaluations, remember
from stratmon.plans import services
from stratmon.plans.models import Member
from stratmon.submissions.preview import pending_for, with_pending

from .asof import as_of_date
from .plan_tree import PlanTree, count_evaluations


def plan_list(request: HttpRequest) -> HttpResponse:
    summaries = services.plan_summaries(access.visible_plans(request.user), timezone.localdate())
    return render(request, "web/plan_list.html", {"summaries": summaries})


def plan_detail(request: HttpRequest, code: str, version: int | None = None) -> HttpResponse:
    plan = access.get_visible_plan(request.user, code, version)
    today: datetime.date = timezone.localdate()
    as_of, date_error = as_of_date(request)
    evaluations = plan_evaluations(plan, as_of)
    # The KPI tables are rendered once per data version (the `datacached` fragment), so the
    # tree behind them is only built when they are.
    shown = PlanTree(plan, evaluations)
    # The plan's Secretariat reviews its Members' submissions: it sees what they would change.
    reviewer = access.can_record_facts(request.user, plan.organisation)
    pending_count = (
        remember(("pending", plan.pk), lambda: len(pending_for(plan))) if reviewer else 0
    )
    preview = None
    if pending_count and request.GET.get("pending") == "1":
        pending = pending_for(plan)
        kpi_nodes = shown.kpi_nodes
        preview = with_pending(plan, as_of, [n.kpi for n in kpi_nodes], pending)
        for node, evaluation in zip(kpi_nodes, preview.evaluations, strict=True):
            assert node.evaluation is not None
            changed = (evaluation.result.status, evaluation.result.reason) != (
                node.evaluation.result.status,
                node.evaluation.result.reason,
            )
            node.pending = evaluation if changed else None
    editor = access.can_confirm_plan(request.user, plan)
    diff = services.pending_diff(plan)
    # Milestones are marked done on the version in use, by those who record its facts.
    can_record = version is None and reviewer
    context = {
        "plan": plan,
        "state": plan.state(as_of),
        "tree": SimpleLazyObject(lambda: shown.tree),
        "as_of": as_of,
        "today": today,
        "date_error": date_error,
        "status_counts": count_evaluations(evaluations),
        "status_chart": SimpleLazyObject(lambda: shown.status_chart(as_of)),
        "has_chart": bool(evaluations),
        # Everything the KPI tables show besides the data; none while previewing.
        "kpis_fragment": None
        if preview
        else ("plan-kpis", plan.pk, plan.version, as_of, can_record),
        # The facts under the title, rendered once per date and data version (called then).
        "head_fragment": ("plan-head", plan.pk, plan.version, as_of),
        "members_as_of": evaluations[0].members if evaluations else None,
        "members_at_start": lambda: Member.objects.of(plan.organisation, plan.period_start).count(),
        "can_confirm": plan.status == plan.Status.DRAFT and editor,
        "in_use": diff[0] if diff else None,
        "diff": diff[1] if diff else None,
        "pending_count": pending_count,
        "preview": preview,
        "waiting": remember(("waiting", plan.pk), lambda: services.waiting_draft(plan))
        if editor
        else None,
        "can_record": can_record,
    }
    return render(request, "web/plan_detail.html", context)
