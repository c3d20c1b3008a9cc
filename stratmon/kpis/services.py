"""Evaluate every KPI of a plan as of a date: measures in SQL, arithmetic in the engine."""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
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
from stratmon.facts.aggregates import (
    Progress,
    Scope,
    measure,
    measure_status_levels,
    milestone_progress,
)
from stratmon.facts.measure_rows import Measured, is_level, is_status_level
from stratmon.planfiles.measures import Measure, parse_measure
from stratmon.plans.models import KPI, Member, Plan


@dataclass(frozen=True)
class KpiEvaluation:
    kpi: KPI
    target: Target
    measure: Measure | None
    result: KpiResult
    as_of: datetime.date
    members: int  # Members of the plan's organisation on the as-of date
    measured: Measured | None = None  # the raw values from SQL, before the engine
    evidence: str = ""  # a done milestone's evidence (text or a link)

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
            "evidence": self.evidence or None,
        }

    @property
    def evidence_link(self) -> str:
        """The evidence when it is a web link, for pages to link to; else ""."""
        text = self.evidence.strip()
        return text if text.startswith(("https://", "http://")) and " " not in text else ""


@lru_cache(maxsize=4096)
def _target(text: str) -> Target:
    return parse_target(text)


@lru_cache(maxsize=4096)
def _measure(data: str) -> Measure:
    return parse_measure(json.loads(data))


def kpi_measure(kpi: KPI) -> Measure | None:
    """The KPI's measure, parsed (and kept: plans share few distinct measures)."""
    return _measure(json.dumps(kpi.measure, sort_keys=True)) if kpi.measure else None


def evaluate_plan(
    plan: Plan, as_of: datetime.date, kpis: list[KPI] | None = None
) -> list[KpiEvaluation]:
    """Every KPI of `plan` as of `as_of`, in plan order (or of `kpis`, already fetched).

    Costs four queries (the KPIs, the Member count, every Member-status level in two), one
    for the progress of every milestone, plus one per other KPI, whatever the data: a
    baseline comes from the KPI's own query.
    """
    if kpis is None:
        kpis = list(plan.kpis.select_related("action", "plan").order_by("order"))
    members = Member.objects.of(plan.organisation, as_of).count()
    measures = {k.pk: m for k in kpis if (m := kpi_measure(k))}
    levels = measure_status_levels(
        [(pk, m) for pk, m in measures.items() if is_status_level(m)],
        _scope(plan, as_of, None, ()),
    )
    updates = milestone_progress(
        [pk for pk, m in measures.items() if m.source == "milestone"], as_of
    )
    return [
        evaluate_kpi(
            plan,
            kpi,
            as_of,
            members,
            measures.get(kpi.pk),
            levels.get(kpi.pk),
            updates.get(kpi.pk, ()),
        )
        for kpi in kpis
    ]


def _evidence(kpi: KPI, progress: Sequence[Progress]) -> str:
    """The KPI's own evidence, else that of the update that reported it complete."""
    if kpi.evidence:
        return kpi.evidence
    return next((p.evidence for p in progress if p.fraction == 1 and p.evidence), "")


def _scope(
    plan: Plan, as_of: datetime.date, action_id: int | None, periods: tuple[Period, ...]
) -> Scope:
    return Scope(
        organisation=plan.organisation,
        action_id=action_id or 0,
        plan_start=plan.period_start,
        plan_end=plan.period_end,
        as_of=as_of,
        periods=periods,
    )


def kpi_periods(plan: Plan, kpi: KPI, m: Measure) -> tuple[Period, ...]:
    """The plan periods a KPI is judged by: its target's frequency (a change: plan years)."""
    target = _target(kpi.target_text)
    per_months = target.per_months or (12 if m.aggregate == "change" else None)
    if not per_months:
        return ()
    return _periods(plan.period_start, plan.period_end, per_months, plan.year_start_month)


@lru_cache(maxsize=256)
def _periods(
    start: datetime.date, end: datetime.date, per_months: int, year_start_month: int
) -> tuple[Period, ...]:
    return tuple(periods_for(start, end, per_months, year_start_month))


def kpi_scope(plan: Plan, kpi: KPI, m: Measure, as_of: datetime.date) -> Scope:
    """What `kpi`'s measure `m` is evaluated against as of `as_of`: its periods begun by then."""
    periods = tuple(p for p in kpi_periods(plan, kpi, m) if p.start <= as_of)
    return _scope(plan, as_of, kpi.action_id, periods)


def has_value(plan: Plan, m: Measure, as_of: datetime.date) -> bool:
    """Before the plan starts only a level has a value (its baseline, "expected" from there)."""
    return as_of >= plan.period_start or is_level(m)


def evaluate_kpi(
    plan: Plan,
    kpi: KPI,
    as_of: datetime.date,
    members: int,
    m: Measure | None,
    measured: Measured | None,
    progress: Sequence[Progress] = (),
) -> KpiEvaluation:
    """One KPI as of `as_of`: `measured` when already known (a batch, a series), else one
    query for it; `members` is the organisation's Member count on the date."""
    target = _target(kpi.target_text)
    if m is None:
        result = KpiResult(status="no_data", reason="No measure is defined for this KPI yet.")
        return KpiEvaluation(kpi, target, None, result, as_of, members)
    periods = tuple(p for p in kpi_periods(plan, kpi, m) if p.start <= as_of)
    if measured is None:
        measured = (
            measure(m, _scope(plan, as_of, kpi.action_id, periods))
            if has_value(plan, m, as_of)
            else Measured()
        )
    if measured.recorded == 0:
        # Nothing of this kind recorded yet: the engine reports no data, not a zero.
        measured = Measured(recorded=0)
    data_points: tuple[tuple[datetime.date, Decimal], ...] = ()
    if is_level(m) and measured.baseline is not None and as_of > plan.period_start:
        end = min(as_of, plan.period_end)
        data_points = ((plan.period_start, measured.baseline), (end, measured.total or Decimal(0)))
    numerator = measured.numerator
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
        baseline=measured.baseline,
        actual=None if periods else measured.total,
        series=measured.series if periods else (),
        numerator=numerator,
        denominator=measured.denominator,
        data_points=data_points,
        done_on=kpi.done_on,
        population=Decimal(members) if target.out_of is not None else None,
        planned_start=kpi.planned_start,
        progress=tuple((p.on, p.fraction) for p in progress),
        evidence=_evidence(kpi, progress),
    )
    result = evaluate(kpi_input)
    evidence = (
        kpi_input.evidence if target.kind == "milestone" and result.status == "achieved" else ""
    )
    return KpiEvaluation(kpi, target, m, result, as_of, members, measured, evidence)
