"""Build a plan's report model from the recorded facts, as of a date."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q

from stratmon.facts.models import Activity
from stratmon.kpis.live import plan_evaluations
from stratmon.plans.models import Plan
from stratmon.submissions.preview import pending_for

from .model import PillarSection, Report
from .people_section import people_data

# Activities a report names: the largest held in the period, linked to the plan's actions.
NOTABLE_ACTIVITIES = 12


def build_report(plan: Plan, as_of: datetime.date, since: datetime.date | None = None) -> Report:
    """The report of `plan` as of `as_of`; `since` is the date changes are counted from."""
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
        members=evaluations[0].members if evaluations else 0,
        pillars=pillars,
        no_data=[e.kpi.code for e in evaluations if e.result.status == "no_data"],
        pending_submissions=len(pending_for(plan)),
        activities=notable_activities(plan, since or plan.period_start, as_of),
        people=people_data(plan, as_of),
    )


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
