"""The evaluations pages show: a plan's KPIs as of a date, and their trends.

Pages, reports and the API ask here rather than evaluating themselves, so that results are
kept between requests in one place: in this process's memory, keyed by plan, as-of date,
the KPIs asked for and the data version (stratmon.kpis.dataversion), which every write
changes. A result is never served after a write it does not reflect (docs/caching.md).

Results are shared between requests: treat them, and the KPIs they hold, as read-only.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from collections.abc import Callable, Hashable
from typing import TypeVar

from stratmon.plans.models import KPI, Plan

from . import dataversion
from .cache import ResultCache
from .services import KpiEvaluation, evaluate_plan
from .trend import Trends, plan_trends

T = TypeVar("T")

# Budgets in evaluations held (1.5–7 KB each, see docs/caching.md): a plan's 60 KPIs as of a
# date cost 60, their trend over a two-year plan about 1,500.
EVALUATIONS = ResultCache("evaluations", int(os.environ.get("STRATMON_CACHE_EVALUATIONS", 20_000)))
# Rendered page fragments (`{% datacached %}`), budgeted in characters: a plan's KPI tables
# are about 70,000.
FRAGMENTS = ResultCache(
    "fragments", int(os.environ.get("STRATMON_CACHE_FRAGMENT_CHARS", 20_000_000))
)
# Small values pages compute from recorded data (a count, a row): one each.
VALUES = ResultCache("values", int(os.environ.get("STRATMON_CACHE_VALUES", 10_000)))


def plan_evaluations(
    plan: Plan, as_of: datetime.date, kpis: list[KPI] | None = None
) -> list[KpiEvaluation]:
    """Every KPI of `plan` as of `as_of`, in plan order (or of `kpis`, in their order)."""
    found = _cached(
        ("evaluations", plan.pk, plan.version, as_of, _pks(kpis)),
        lambda: evaluate_plan(plan, as_of, kpis),
        len,
    )
    if kpis is None:
        return list(found)
    return [_with_kpi(e, k) for e, k in zip(found, kpis, strict=True)]


def trends(plan: Plan, as_of: datetime.date, kpis: list[KPI] | None = None) -> Trends:
    """Every KPI's evaluation on each trend date up to `as_of` (see `kpis.trend`)."""
    found = _cached(
        ("trends", plan.pk, plan.version, as_of, _pks(kpis)),
        lambda: plan_trends(plan, as_of, kpis),
        lambda t: sum(len(series) for series in t.values()),
    )
    if kpis is None:
        return {pk: list(series) for pk, series in found.items()}
    return {k.pk: [_with_kpi(e, k) for e in found[k.pk]] for k in kpis}


def remember(key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """`compute()`, a small value read from recorded data only, kept until the data changes.

    `key` names everything else it depends on, e.g. `("members", organisation.pk, day)`.
    The value is shared between requests: keep it read-only.
    """
    version = dataversion.current()
    if version is None:
        return compute()
    return VALUES.get((*key, version), compute, lambda value: 1)


def _cached(key: tuple[Hashable, ...], compute: Callable[[], T], cost: Callable[[T], int]) -> T:
    version = dataversion.current()
    if version is None:  # the version cannot be trusted: compute, keep nothing
        return compute()
    return EVALUATIONS.get((*key, version), compute, cost)


def _pks(kpis: list[KPI] | None) -> tuple[int, ...] | None:
    return None if kpis is None else tuple(k.pk for k in kpis)


def _with_kpi(evaluation: KpiEvaluation, kpi: KPI) -> KpiEvaluation:
    """The evaluation holding the caller's own KPI instance (with what it has fetched), as
    an evaluation made for that caller would."""
    if evaluation.kpi is kpi:
        return evaluation
    return dataclasses.replace(evaluation, kpi=kpi)


def clear() -> None:
    """Forget every cached result of this process (tests start from nothing)."""
    EVALUATIONS.clear()
    FRAGMENTS.clear()
    VALUES.clear()
