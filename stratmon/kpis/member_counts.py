"""Which Members each Member-count KPI counts, as of the date it was evaluated.

The profile and the heat map show, beside a KPI's evaluation, whether a Member is "in"; the
sets come from stratmon.facts.member_share with the scope the evaluation used, so a KPI's set
has as many Members as its actual.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Sequence

from stratmon.engine.periods import Period
from stratmon.facts.aggregates import Scope
from stratmon.facts.member_share import Counted, InForce, counts_members, members_counted
from stratmon.planfiles.measures import Measure
from stratmon.plans.models import KPI, Plan

from .live import remember
from .services import KpiEvaluation, kpi_measure, kpi_scope


def member_count_kpis(kpis: Sequence[KPI], source: str = "") -> list[KPI]:
    """The KPIs whose measure counts Members (of `source` only, when given)."""
    found = []
    for kpi in kpis:
        m = kpi_measure(kpi)
        if m is not None and counts_members(m) and source in ("", m.source):
            found.append(kpi)
    return found


def counted_by_kpi(
    plan: Plan, evaluations: Sequence[KpiEvaluation], rows: Sequence[InForce] | None = None
) -> dict[int, Counted]:
    """KPI pk → the Members its evaluation counts (Member pk → the day it first counts).

    A frequency target counts the Members of the period its actual is for: the last one the
    evaluation judged. `rows` are the statuses in force on the date, if already read. Kept
    until the data changes, as the evaluations are (stratmon.kpis.live); read-only.
    """
    if not evaluations:
        return {}
    as_of = evaluations[0].as_of
    key = ("member-counts", plan.pk, plan.version, as_of, tuple(e.kpi.pk for e in evaluations))
    return remember(key, lambda: _counted_by_kpi(plan, evaluations, rows))


def _counted_by_kpi(
    plan: Plan, evaluations: Sequence[KpiEvaluation], rows: Sequence[InForce] | None
) -> dict[int, Counted]:
    items: list[tuple[Hashable, Measure, Scope]] = []
    for e in evaluations:
        if e.measure is None or not counts_members(e.measure):
            continue
        scope = kpi_scope(plan, e.kpi, e.measure, e.as_of)
        if e.result.periods:
            last = e.result.periods[-1]
            scope = dataclasses.replace(scope, periods=(Period(last.start, last.end),))
        items.append((e.kpi.pk, e.measure, scope))
    return {int(str(pk)): found for pk, found in members_counted(items, rows).items()}
