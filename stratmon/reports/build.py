"""Build a plan's report model from the recorded facts, as of a date."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q

from stratmon.facts.models import Activity
from stratmon.kpis.changes import compare
from stratmon.kpis.live import plan_evaluations
from stratmon.kpis.services import KpiEvaluation
from stratmon.plans.models import Plan
from stratmon.submissions.preview import pending_for

from .matrix import matrix_data
from .model import KpiChange, PillarSection, Report
from .people_section import people_data

# Activities a report names: the largest held in the period, linked to the plan's actions.
NOTABLE_ACTIVITIES = 12


def build_report(plan: Plan, as_of: datetime.date, since: datetime.date | None = None) -> Report:
    """The report of `plan` as of `as_of`; `since` is the date changes are counted from,
    by default the as-of date of the plan's last report published before `as_of` (none
    published: no changes are listed)."""
    since_published = False
    if since is None:
        since = last_published(plan, as_of)
        since_published = since is not None
    kpis = list(plan.kpis.select_related("action__pillar", "plan").order_by("order"))
    evaluations = plan_evaluations(plan, as_of, kpis)
    by_pillar: dict[int, list[dict[str, Any]]] = {}
    for evaluation in evaluations:
        data = evaluation.to_json()
        data["pillar"] = evaluation.kpi.action.pillar.code
        by_pillar.setdefault(evaluation.kpi.action.pillar_id, []).append(data)
    pillars = [
        PillarSection(code=p.code, title=p.title, kpis=by_pillar.get(p.pk, []))
        for p in plan.pillars.order_by("order")
    ]
    return Report(
        organisation=plan.organisation.short_name,
        plan=plan.code,
        plan_title=plan.title,
        version=plan.version,
        period_start=plan.period_start,
        period_end=plan.period_end,
        pillar_label=plan.pillar_label,
        as_of=as_of,
        since=since,
        since_published=since_published,
        changes=kpi_changes(plan, since, evaluations) if since else [],
        members=evaluations[0].members if evaluations else 0,
        pillars=pillars,
        no_data=[e.kpi.code for e in evaluations if e.result.status == "no_data"],
        pending_submissions=len(pending_for(plan)),
        activities=notable_activities(plan, since or plan.period_start, as_of),
        people=people_data(plan, as_of),
        matrix=matrix_data(plan, as_of),
    )


def last_published(plan: Plan, before: datetime.date) -> datetime.date | None:
    """The as-of date of the plan's last report published as of a date before `before`."""
    # Imported here: publishing builds reports with this module.
    from .publishing import latest

    last = latest(plan, before=before)
    return last.as_of if last else None


def _figures(evaluation: KpiEvaluation) -> dict[str, Any]:
    data = evaluation.result.to_json()
    return {k: data[k] for k in ("status", "actual", "expected", "reason")}


def kpi_changes(plan: Plan, since: datetime.date, now: list[KpiEvaluation]) -> list[KpiChange]:
    """The KPIs of `now` whose status, actual or expected differ as of `since` (the
    comparison of the plan dashboard's "what changed" page), in plan order."""
    before = plan_evaluations(plan, since, [e.kpi for e in now])
    return [
        KpiChange(
            kpi=m.after.kpi.code,
            text=m.after.kpi.text,
            before=_figures(m.before),
            after=_figures(m.after),
            moved=m.kind,
            kind=m.after.target.kind or "",
        )
        for m in compare(before, now).moved
    ]


def notable_activities(
    plan: Plan, start: datetime.date, end: datetime.date
) -> list[dict[str, Any]]:
    """The largest activities held from `start` to `end` that are linked to the plan's actions."""
    rows = (
        Activity.objects.filter(
            status=Activity.Status.HELD,
            start__gte=start,
            start__lte=end,
            actions__plan=plan,
        )
        .distinct()
        .annotate(
            people=Count("participations", distinct=True),
            women=Count("participations", filter=Q(participations__gender="female"), distinct=True),
        )
        .order_by("-people", "-start", "ref")
        .values("ref", "title", "kind", "start", "end", "place", "host__name", "people", "women")[
            :NOTABLE_ACTIVITIES
        ]
    )
    return [
        {**row, "start": row["start"].isoformat(), "end": row["end"].isoformat()} for row in rows
    ]
