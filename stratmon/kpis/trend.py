"""A plan's KPIs over time: one evaluation per trend date (month ends up to the as-of date).

`plan_trends` is what pages and reports call. `plan_trends_by_date` evaluates the whole plan
afresh on every date: it is the definition the faster path must equal, kept for tests and
the trend benchmark.
"""

from __future__ import annotations

import datetime

from stratmon.engine.periods import trend_dates
from stratmon.plans.models import KPI, Plan

from .services import KpiEvaluation, evaluate_plan

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
    """Every KPI's evaluation on each trend date, oldest first; the last is as of `as_of`."""
    return plan_trends_by_date(plan, as_of, kpis)
