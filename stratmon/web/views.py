"""Thin views: parse the request, call one service or query helper, render."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from stratmon.accounts import access
from stratmon.kpis.live import plan_evaluations, remember
from stratmon.plans import services
from stratmon.plans.models import Member
from stratmon.plans.services.reasons import reasons_given
from stratmon.submissions.preview import pending_for, with_pending

from .asof import as_of_date
from .dashboards import plan as dashboard
from .dashboards.reports import reports_panel
from .plan_tree import build_plan_tree, count_statuses, status_chart


def plan_detail(request: HttpRequest, code: str, version: int | None = None) -> HttpResponse:
    plan = access.get_visible_plan(request.user, code, version)
    today: datetime.date = timezone.localdate()
    as_of, date_error = as_of_date(request)
    tree, kpi_nodes = build_plan_tree(plan)
    evaluations = plan_evaluations(plan, as_of, [n.kpi for n in kpi_nodes])
    for node, evaluation in zip(kpi_nodes, evaluations, strict=True):
        node.evaluation = evaluation
    # The plan's Secretariat reviews its Members' submissions: it sees what they would change.
    reviewer = access.can_record_facts(request.user, plan.organisation)
    # Counted once per data version (stratmon.kpis.live.remember), as the figures are.
    pending_count = (
        remember(("pending", plan.pk), lambda: len(pending_for(plan))) if reviewer else 0
    )
    preview = None
    if pending_count and request.GET.get("pending") == "1":
        pending = pending_for(plan)
        preview = with_pending(plan, as_of, [n.kpi for n in kpi_nodes], pending)
        for node, evaluation in zip(kpi_nodes, preview.evaluations, strict=True):
            changed = (evaluation.result.status, evaluation.result.reason) != (
                node.evaluation.result.status,
                node.evaluation.result.reason,
            )
            node.pending = evaluation if changed else None
    # Milestones are marked done on the version in use, by those who record its facts.
    can_record = version is None and reviewer
    # Before the list: its rows and its "revised" filter read the marks this sets.
    reports = reports_panel(request.user, plan, as_of, kpi_nodes)
    kpis = dashboard.kpi_list(request, plan, tree, kpi_nodes, as_of)
    kpis.fragment = dashboard.list_fragment(kpis, plan, as_of, can_record, preview)
    context = {
        "plan": plan,
        "as_of": as_of,
        "kpis": kpis,
        "preview": preview,
        "can_record": can_record,
        "plan_url": request.path,
        "reports": reports,
    }
    if dashboard.is_partial(request):
        return dashboard.render_partial(request, context)
    editor = access.can_confirm_plan(request.user, plan)
    diff = services.pending_diff(plan)
    status_counts = count_statuses(kpi_nodes)
    context |= {
        "state": plan.state(as_of),
        "tree": tree,
        "today": today,
        "date_error": date_error,
        "status_counts": status_counts,
        "plan_chart": dashboard.plan_chart(status_counts, len(kpi_nodes), as_of)
        if kpi_nodes
        else None,
        # The status pills beside it say what the colours mean.
        "status_chart": status_chart(plan, tree, as_of, width=400, legend=False)
        if kpi_nodes
        else None,
        "members_as_of": evaluations[0].members if evaluations else None,
        "members_at_start": remember(
            ("members", plan.organisation_id, plan.period_start),
            lambda: Member.objects.of(plan.organisation, plan.period_start).count(),
        ),
        "can_confirm": plan.status == plan.Status.DRAFT and editor,
        "can_edit": editor and access.can_edit_plan(request.user, plan),
        # Reasons given in the plan editor fill the confirm form (one query, drafts only).
        "saved_reasons": reasons_given(plan, diff[1].promises_changed)
        if editor and diff and diff[1].promises_changed
        else "",
        "in_use": diff[0] if diff else None,
        "diff": diff[1] if diff else None,
        "pending_count": pending_count,
        # A report is made of the plan in use: a version's own page offers none.
        "report_downloads": version is None,
        "waiting": remember(("waiting", plan.pk), lambda: services.waiting_draft(plan))
        if editor
        else None,
        **dashboard.list_choices(tree, status_counts),
    }
    return dashboard.vary(render(request, "web/plan_detail.html", context))
