"""KPI evaluation: actual, expected-by-now, projection and status, by ordered rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, localcontext

from stratmon.engine.kpi import (
    AT_RISK_FROM,
    CMP_WORDS,
    CONTEXT,
    ON_TRACK_FROM,
    KpiInput,
    KpiResult,
    PeriodResult,
    Status,
    meets,
    rounded,
    show,
    trend_at,
    whole,
)
from stratmon.engine.milestones import evaluate_milestone
from stratmon.engine.periodic import evaluate_frequency, evaluate_year_on_year
from stratmon.engine.periods import Period, elapsed_fraction

__all__ = ["KpiInput", "KpiResult", "PeriodResult", "Status", "evaluate", "meets", "show"]


def evaluate(kpi: KpiInput) -> KpiResult:
    """Evaluate a KPI as of `kpi.as_of` by the ordered rules of docs/status-rules.md.

    First match wins: unreadable target → no_data; before the plan start → not_started;
    milestones; frequency targets per period; year-on-year change per period; then
    totals and levels (achieved, deadline missed, bands on progress ÷ expected progress).
    Never divides by zero: a zero denominator is no_data.
    """
    with localcontext(CONTEXT):
        target = kpi.target
        if not target.parsed or target.kind is None:
            return KpiResult("no_data", f"the target '{target.text}' could not be read")
        if kpi.as_of < kpi.plan_start:
            return KpiResult("not_started", f"the plan starts on {kpi.plan_start.isoformat()}")
        if target.kind == "milestone":
            return evaluate_milestone(kpi)
        if target.is_frequency:
            return evaluate_frequency(kpi)
        if target.kind == "change" and target.per_months is not None:
            return evaluate_year_on_year(kpi)
        return _total_or_level(kpi)


def fraction_of_time(kpi: KpiInput) -> Decimal:
    """Share of the plan-start..deadline span elapsed by the end of `as_of` (0 to 1)."""
    if kpi.deadline < kpi.plan_start:
        return Decimal(1)
    elapsed, total = elapsed_fraction(Period(kpi.plan_start, kpi.deadline), kpi.as_of)
    return Decimal(elapsed) / Decimal(total)


def _measured(kpi: KpiInput) -> tuple[Decimal | None, str]:
    """The actual level or total as of `as_of`, or None with why there is none."""
    if kpi.numerator is not None or kpi.denominator is not None:
        if kpi.numerator is None or kpi.denominator is None:
            return None, "numerator or denominator missing"
        if kpi.denominator == 0:
            of = f" {kpi.target.unit}" if kpi.target.unit else ""
            return None, f"no{of} recorded to divide by"
        return kpi.numerator / kpi.denominator, ""
    if kpi.actual is not None:
        return kpi.actual, ""
    points = history(kpi)
    if points:
        return points[-1][1], ""
    if kpi.data_points:
        first = min(d for d, _ in kpi.data_points)
        return None, f"no data before {first.isoformat()}"
    return None, "nothing recorded yet"


def history(kpi: KpiInput) -> list[tuple[date, Decimal]]:
    """The data points up to `as_of`, oldest first."""
    return sorted((d, v) for d, v in kpi.data_points if d <= kpi.as_of)


def _total_or_level(kpi: KpiInput) -> KpiResult:
    target = kpi.target
    assert target.value is not None and target.comparator is not None
    level, why = _measured(kpi)
    if level is None:
        return KpiResult("no_data", why)
    cmp, value, kind = target.comparator, target.value, target.kind
    base: Decimal | None = kpi.baseline
    actual = level
    points = history(kpi)
    if kind == "change":
        # A change is measured against the baseline level; without one there is nothing to say.
        if kpi.baseline is None or kpi.baseline == 0:
            return KpiResult("no_data", "no baseline to measure the change from", level)
        actual = (level - kpi.baseline) / kpi.baseline
        points = [(d, (v - kpi.baseline) / kpi.baseline) for d, v in points]
        base = Decimal(0)
    elif base is None and kind == "count":
        # Counts start from nothing. A level (a share, a mean) has no natural start: without
        # a recorded baseline it is judged against the target itself, not a ramp from zero.
        base = Decimal(0)
    upward = cmp in (">=", ">")
    cumulative = kind == "count"
    frac = fraction_of_time(kpi)
    expected = value if base is None else base + (value - base) * frac
    projected = trend_at(points, kpi.deadline)
    if (
        projected is None
        and base is not None
        and (cumulative or kind == "change" or kpi.baseline is not None)
    ):
        projected = base + (actual - base) / frac if frac > 0 else None
    if projected is None:
        projected = actual
    projected = _possible(kpi, projected)
    if cumulative:
        # A count is whole: "24 expected by now", and bands compare with that whole count.
        expected = whole(expected)
    said = describe(kpi, actual)
    goal = f"{CMP_WORDS[cmp]} {show(value, kind)} by {kpi.deadline.isoformat()}"

    def result(status: Status, reason: str) -> KpiResult:
        return KpiResult(status, reason, rounded(actual), rounded(expected), rounded(projected))

    met = meets(actual, cmp, value)
    deadline_passed = kpi.as_of >= kpi.deadline
    if cumulative and not upward:
        # A capped running count can only grow: over the cap is final, under it holds until
        # the deadline.
        if not met:
            return result("off_track", f"{said}; over the limit of {show(value)}")
        if deadline_passed:
            return result("achieved", f"{said}; within the limit of {show(value)}")
        if not meets(projected, cmp, value):
            return result("at_risk", f"{said}; projected {show(projected)} against {goal}")
        return result("on_track", f"{said}; {goal}")
    if met:
        return result("achieved", f"{said}; target of {CMP_WORDS[cmp]} {show(value, kind)} met")
    if deadline_passed:
        return result("off_track", f"{said}; target {goal} missed")
    # Counts are whole (expected was rounded above), so a count is not behind before a whole
    # unit is due.
    ratio = _progress(actual, expected, base, value, upward)
    reason = (
        f"{said}; {show(expected, kind)} expected by now for {show(value, kind)} "
        f"by {kpi.deadline.isoformat()}"
    )
    if projected != actual:
        reason += f"; projected {show(whole(projected) if cumulative else projected, kind)}"
    if ratio is None or ratio >= ON_TRACK_FROM or meets(projected, cmp, value):
        return result("on_track", reason)
    return result("at_risk" if ratio >= AT_RISK_FROM else "off_track", reason)


def _possible(kpi: KpiInput, projected: Decimal) -> Decimal:
    """A projection bounded by what can happen: no more Members than there are, no share
    above 100 %, no mean above its scale, nothing below zero, no fall beyond -100 %."""
    kind = kpi.target.kind
    low: Decimal | None = Decimal(0)
    high: Decimal | None = None
    if kind == "count":
        high = kpi.population if kpi.population is not None else kpi.target.out_of
    elif kind == "share":
        high = Decimal(1)
    elif kind == "mean":
        high = kpi.target.out_of
    elif kind == "change":
        low = Decimal(-1)
    else:
        low = None  # a value (days, money) may be anything its measure gives
    if high is not None and projected > high:
        return high
    if low is not None and projected < low:
        return low
    return projected


def _progress(
    actual: Decimal, expected: Decimal, base: Decimal | None, value: Decimal, upward: bool
) -> Decimal | None:
    """Progress made ÷ progress expected, direction-aware; None when nothing is expected yet.

    Without a baseline, a level is compared with the target itself: actual ÷ target for a
    minimum (24 % of a 25 % target is 0.96), target ÷ actual for a maximum (48 h ÷ 50 h).
    """
    if base is not None:
        if expected == base:
            return None
        return (actual - base) / (expected - base)
    if upward:
        return actual / value if value > 0 else None
    if actual <= 0:
        return Decimal(1)
    return value / actual


def describe(kpi: KpiInput, actual: Decimal) -> str:
    """The actual in words: "21 of 33 Members", "20% of participations", "average 3.9 of 5"."""
    target = kpi.target
    unit = f" {target.unit}" if target.unit else ""
    if target.kind == "share":
        detail = ""
        if kpi.numerator is not None and kpi.denominator:
            detail = f" ({show(kpi.numerator)} of {show(kpi.denominator)})"
        return f"{show(actual, 'share')} of{unit or ' the total'}{detail}"
    if target.kind == "mean":
        scale = f" out of {show(target.out_of)}" if target.out_of is not None else ""
        return f"average {show(actual)}{scale}"
    if target.kind == "change":
        word = "change" if actual >= 0 else "change (a reduction)"
        return f"{show(actual, 'change')} {word}{' in' + unit if unit else ''} since the baseline"
    population = kpi.population if kpi.population is not None else target.out_of
    if population is not None:
        return f"{show(actual)} of {show(population)}{unit}"
    return f"{show(actual)}{unit}"
