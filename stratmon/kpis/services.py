"""Evaluate every KPI of a plan as of a date: measures in SQL, arithmetic in the engine."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from stratmon.engine import (
    KpiInput,
    KpiResult,
    Period,
    Target,
    evaluate,
    parse_target,
    periods_for,
)
from stratmon.engine.periods import add_months
from stratmon.facts.aggregates import Measured, Scope, measure
from stratmon.planfiles.measures import Measure, parse_measure
from stratmon.plans.models import KPI, Member, Plan

# Sources whose value is a level that existed before the plan: their baseline is the value
# at the plan start, so "expected by now" runs from there to the target, not from zero.
LEVEL_SOURCES = {"member_statuses", "agreements"}
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class KpiEvaluation:
    kpi: KPI
    target: Target
    measure: Measure | None
    result: KpiResult
    as_of: datetime.date
    members: int  # Members of the plan's organisation on the as-of date

    def to_json(self) -> dict[str, Any]:
        """CONTRACT.md's KPI JSON, plus `members`, `origin` and `measure`."""
        return {
            "plan": self.kpi.plan.code,
            "action": self.kpi.action.code,
            "kpi": self.kpi.code,
            "text": self.kpi.text,
            "target": self.target.to_json(),
            "deadline": self.kpi.deadline.isoformat(),
            "as_of": self.as_of.isoformat(),
            **self.result.to_json(),
            "members": self.members,
            "origin": self.kpi.origin,
            "measure": self.measure.to_data() if self.measure else None,
        }


@lru_cache(maxsize=4096)
def _target(text: str) -> Target:
    return parse_target(text)


def evaluate_plan(
    plan: Plan, as_of: datetime.date, kpis: list[KPI] | None = None
) -> list[KpiEvaluation]:
    """Every KPI of `plan` as of `as_of`, in plan order (or of `kpis`, already fetched).

    Costs two queries, plus one per KPI, plus one more for a KPI that needs a baseline (a
    level's value at the plan start, or the year before for a change): never more than two
    per KPI, whatever the data.
    """
    if kpis is None:
        kpis = list(plan.kpis.select_related("action", "plan").order_by("order"))
    members = Member.objects.of(plan.organisation, as_of).count()
    return [_evaluate_kpi(plan, kpi, as_of, members) for kpi in kpis]


def _evaluate_kpi(plan: Plan, kpi: KPI, as_of: datetime.date, members: int) -> KpiEvaluation:
    target = _target(kpi.target_text)
    m = parse_measure(kpi.measure) if kpi.measure else None
    if m is None:
        result = KpiResult(status="no_data", reason="No measure is defined for this KPI yet.")
        return KpiEvaluation(kpi, target, None, result, as_of, members)
    per_months = target.per_months or (12 if m.aggregate == "change" else None)
    periods: tuple[Any, ...] = ()
    if per_months:
        periods = tuple(
            p
            for p in periods_for(
                plan.period_start, plan.period_end, per_months, plan.year_start_month
            )
            if p.start <= as_of
        )
    scope = Scope(
        organisation=plan.organisation,
        action_id=kpi.action_id,
        plan_start=plan.period_start,
        plan_end=plan.period_end,
        as_of=as_of,
        periods=periods,
    )
    measured = (
        measure(m, scope) if as_of >= plan.period_start or m.source in LEVEL_SOURCES else Measured()
    )
    if measured.recorded == 0:
        # Nothing of this kind recorded yet: the engine reports no data, not a zero.
        measured = Measured(recorded=0)
    baseline = None
    data_points: tuple[tuple[datetime.date, Decimal], ...] = ()
    if m.source in LEVEL_SOURCES and not m.get("new_in_period") and measured.total is not None:
        at_start = min(plan.period_start, as_of)
        baseline = measure(m, _at(scope, at_start)).total
        if baseline is not None and as_of > plan.period_start:
            data_points = (
                (plan.period_start, baseline),
                (min(as_of, plan.period_end), measured.total),
            )
    if m.aggregate == "change" and periods and measured.recorded:
        # Growth in the first plan year is measured against the year before the plan.
        year_before = Period(
            add_months(plan.period_start, -per_months), plan.period_start - ONE_DAY
        )
        baseline = measure(
            m,
            Scope(
                plan.organisation,
                kpi.action_id,
                year_before.start,
                year_before.end,
                year_before.end,
            ),
        ).total
    numerator, denominator = measured.numerator, measured.denominator
    if m.source == "evaluations" and numerator is not None:
        # Scores come back as fractions of their scale; the target says which scale (4 out of 5).
        numerator = numerator * (target.out_of or Decimal(5))
    kpi_input = KpiInput(
        target=target,
        plan_start=plan.period_start,
        plan_end=plan.period_end,
        deadline=kpi.deadline,
        as_of=as_of,
        year_start_month=plan.year_start_month,
        baseline=baseline,
        actual=None if periods else measured.total,
        series=measured.series if periods else (),
        numerator=numerator,
        denominator=denominator,
        data_points=data_points,
        done_on=kpi.done_on,
        population=Decimal(members) if target.out_of is not None else None,
    )
    return KpiEvaluation(kpi, target, m, evaluate(kpi_input), as_of, members)


def _at(scope: Scope, day: datetime.date) -> Scope:
    return Scope(scope.organisation, scope.action_id, scope.plan_start, scope.plan_end, day)
