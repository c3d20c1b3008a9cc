"""A plan's KPIs over time: one evaluation per trend date (month ends up to the as-of date).

`plan_trends` is what pages and reports call: each measure's values on every date come from
one query (`stratmon.facts.series`; all Member-status measures from one), and the engine
runs on each date. `plan_trends_by_date` evaluates the whole plan afresh on every date: it
is the definition `plan_trends` must equal, kept for tests and the trend benchmark.
"""

from __future__ import annotations

import datetime
from bisect import bisect_right

from stratmon.engine.periods import trend_dates
from stratmon.facts.aggregates import Progress, milestone_progress
from stratmon.facts.measure_rows import Measured
from stratmon.facts.series import Memberships, SeriesScope, Timeline, measure_series
from stratmon.facts.status_series import StatusItem, status_series
from stratmon.planfiles.measures import Measure
from stratmon.plans.models import KPI, Plan

from .services import (
    KpiEvaluation,
    evaluate_kpi,
    evaluate_plan,
    has_value,
    kpi_measure,
    kpi_periods,
)

Trends = dict[int, list[KpiEvaluation]]  # KPI pk → its evaluation on each trend date


def plan_dates(plan: Plan, as_of: datetime.date) -> list[datetime.date]:
    """The plan's trend dates up to `as_of`."""
    return trend_dates(plan.period_start, plan.period_end, as_of)


def plan_trends_by_date(plan: Plan, as_of: datetime.date, kpis: list[KPI] | None = None) -> Trends:
    """Every KPI's evaluation on each trend date, evaluating the plan once per date."""
    if kpis is None:
        kpis = list(plan.kpis.select_related("action", "plan").order_by("order"))
    trends: Trends = {k.pk: [] for k in kpis}
    for day in plan_dates(plan, as_of):
        for evaluation in evaluate_plan(plan, day, kpis):
            trends[evaluation.kpi.pk].append(evaluation)
    return trends


def plan_trends(plan: Plan, as_of: datetime.date, kpis: list[KPI] | None = None) -> Trends:
    """Every KPI's evaluation on each trend date, oldest first; the last is as of `as_of`.

    Equal to `plan_trends_by_date`, in a number of queries that depends on neither the
    number of dates nor the data: the KPIs (unless given), the Memberships, the Member-status
    histories, the milestone progress, and one per other KPI with a measure.
    """
    if kpis is None:
        kpis = list(plan.kpis.select_related("action", "plan").order_by("order"))
    dates = plan_dates(plan, as_of)
    timeline = Timeline(plan.organisation, plan.period_start, plan.period_end, tuple(dates))
    memberships = Memberships.of(plan.organisation)
    members = [len(memberships.on(day)) for day in dates]
    measures = {k.pk: m for k in kpis if (m := kpi_measure(k))}
    periods = {k.pk: kpi_periods(plan, k, measures[k.pk]) for k in kpis if k.pk in measures}
    items = [StatusItem(pk, m, periods[pk]) for pk, m in measures.items() if _is_status(m)]
    statuses = status_series(items, timeline, memberships)
    milestones = [pk for pk, m in measures.items() if m.source == "milestone"]
    updates = milestone_progress(milestones, as_of)
    trends: Trends = {}
    for kpi in kpis:
        m = measures.get(kpi.pk)
        measured: list[Measured | None] = [None] * len(dates)  # no measure: no data
        if m is not None:
            scope = SeriesScope(timeline, memberships, kpi.action_id, periods[kpi.pk])
            found = statuses[kpi.pk] if kpi.pk in statuses else measure_series(m, scope)
            measured = [
                v if has_value(plan, m, d) else Measured()
                for v, d in zip(found, dates, strict=True)
            ]
        progress = updates.get(kpi.pk, [])
        trends[kpi.pk] = [
            evaluate_kpi(plan, kpi, day, n, m, v, _until(progress, day))
            for day, n, v in zip(dates, members, measured, strict=True)
        ]
    return trends


def _is_status(m: Measure) -> bool:
    return m.source == "member_statuses"


def _until(progress: list[Progress], day: datetime.date) -> list[Progress]:
    """The updates reported by `day` (they are oldest first)."""
    return progress[: bisect_right([p.on for p in progress], day)]
