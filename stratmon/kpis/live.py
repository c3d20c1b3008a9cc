"""The evaluations pages show: a plan's KPIs as of a date, and their trends.

Pages, reports and the API ask here rather than evaluating themselves, so that results can
be kept between requests in one place.
"""

from __future__ import annotations

import datetime

from stratmon.plans.models import KPI, Plan

from .services import KpiEvaluation, evaluate_plan
from .trend import Trends, plan_trends


def plan_evaluations(
    plan: Plan, as_of: datetime.date, kpis: list[KPI] | None = None
) -> list[KpiEvaluation]:
    """Every KPI of `plan` as of `as_of`, in plan order."""
    return evaluate_plan(plan, as_of, kpis)


def trends(plan: Plan, as_of: datetime.date, kpis: list[KPI] | None = None) -> Trends:
    """Every KPI's evaluation on each trend date up to `as_of` (see `kpis.trend`)."""
    return plan_trends(plan, as_of, kpis)
