"""KPI evaluation: actual, expected-by-now, projection and status, by ordered rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from typing import Literal

from stratmon.engine.periods import Period, elapsed_fraction, period_of, periods_for
from stratmon.engine.targets import Comparator, Target, json_number

Status = Literal["achieved", "on_track", "at_risk", "off_track", "not_started", "no_data"]

# Bands on progress ÷ expected progress (after Cascade): on track from 95 %, at risk from 85 %.
ON_TRACK_FROM = Decimal("0.95")
AT_RISK_FROM = Decimal("0.85")
_PLACES = Decimal("0.0001")
_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class KpiInput:
    """What one KPI evaluation needs; all numbers in the target's own terms.

    Give the measure in one of three forms: `actual` (a total or level as of `as_of`),
    `series` (one value per period, for frequency and year-on-year targets), or
    `numerator` and `denominator` (shares and means: the mean is sum ÷ count).
    `data_points` is an optional dated history (cumulative for counts) used for the
    projection and, without `actual`, for the actual itself; points after `as_of` are ignored.
    `done_on` is a milestone's completion date. `population` is the current size of what
    `out_of` counts (Members as of `as_of`), shown in the reason; the threshold stays
    the target's value.
    """

    target: Target
    plan_start: date
    plan_end: date
    deadline: date
    as_of: date
    year_start_month: int = 1
    baseline: Decimal | None = None
    actual: Decimal | None = None
    series: Sequence[tuple[Period, Decimal]] = ()
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    data_points: Sequence[tuple[date, Decimal]] = ()
    done_on: date | None = None
    population: Decimal | None = None


@dataclass(frozen=True)
class PeriodResult:
    """One period of a periodic target; `met` is None while the period is still running."""

    start: date
    end: date
    actual: Decimal | None
    met: bool | None

    def to_json(self) -> dict[str, object]:
        """The KPI JSON's period entry."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "actual": json_number(self.actual),
            "met": self.met,
        }


@dataclass(frozen=True)
class KpiResult:
    """The evaluation of one KPI as of a date, with its reason in plain words."""

    status: Status
    reason: str
    actual: Decimal | None = None
    expected: Decimal | None = None
    projected: Decimal | None = None
    periods: tuple[PeriodResult, ...] = field(default=())

    def to_json(self) -> dict[str, object]:
        """CONTRACT.md's KPI JSON fields actual/expected/projected/status/reason/periods."""
        return {
            "actual": json_number(self.actual),
            "expected": json_number(self.expected),
            "projected": json_number(self.projected),
            "status": self.status,
            "reason": self.reason,
            "periods": [p.to_json() for p in self.periods],
        }


def evaluate(kpi: KpiInput) -> KpiResult:
    """Evaluate a KPI as of `kpi.as_of` by the ordered rules of docs/status-rules.md.

    First match wins: unreadable target → no_data; before the plan start → not_started;
    milestones; frequency targets per period; year-on-year change per period; then
    totals and levels (achieved, deadline missed, bands on progress ÷ expected progress).
    Never divides by zero: a zero denominator is no_data.
    """
    with localcontext(_CONTEXT):
        target = kpi.target
        if not target.parsed or target.kind is None:
            return KpiResult("no_data", f"the target '{target.text}' could not be read")
        if kpi.as_of < kpi.plan_start:
            return KpiResult("not_started", f"the plan starts on {kpi.plan_start.isoformat()}")
        if target.kind == "milestone":
            return _milestone(kpi)
        if target.is_frequency:
            return _frequency(kpi)
        if target.kind == "change" and target.per_months is not None:
            return _year_on_year(kpi)
        return _total_or_level(kpi)


def meets(actual: Decimal, comparator: Comparator, threshold: Decimal) -> bool:
    """Exact threshold test: "at least 27" is met by 27, "at most 48" by 48."""
    if comparator == ">=":
        return actual >= threshold
    if comparator == "<=":
        return actual <= threshold
    if comparator == ">":
        return actual > threshold
    return actual < threshold


def rounded(number: Decimal | None) -> Decimal | None:
    """Four decimal places, enough for shares (0.2500) and means; None stays None."""
    return None if number is None else number.quantize(_PLACES)


def show(number: Decimal, kind: str | None = None) -> str:
    """A number for a reason: a share as a percentage, others with at most two decimals."""
    if kind == "share" or kind == "change":
        return f"{_trim(number * 100)}%"
    return _trim(number)


def _trim(number: Decimal) -> str:
    text = f"{number.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


CMP_WORDS: dict[str, str] = {">=": "at least", "<=": "at most", ">": "more than", "<": "less than"}


def _milestone(kpi: KpiInput) -> KpiResult:
    due = kpi.target.by or kpi.deadline
    if kpi.done_on is not None and kpi.done_on <= kpi.as_of:
        late = " (after its deadline)" if kpi.done_on > due else ""
        return KpiResult("achieved", f"done on {kpi.done_on.isoformat()}{late}")
    if kpi.as_of > due:
        return KpiResult("off_track", f"not done; overdue since {due.isoformat()}")
    days = (due - kpi.as_of).days
    return KpiResult("on_track", f"not done yet; due by {due.isoformat()} ({days} days left)")


def fraction_of_time(kpi: KpiInput) -> Decimal:
    """Share of the plan-start..deadline span elapsed by the end of `as_of` (0 to 1)."""
    if kpi.deadline < kpi.plan_start:
        return Decimal(1)
    elapsed, total = elapsed_fraction(Period(kpi.plan_start, kpi.deadline), kpi.as_of)
    return Decimal(elapsed) / Decimal(total)


def _noun(per_months: int, plural: bool) -> str:
    nouns = {12: "plan year", 3: "quarter", 1: "month", 6: "half-year"}
    noun = nouns.get(per_months, f"{per_months}-month period")
    return noun + ("s" if plural else "")


def _frequency(kpi: KpiInput) -> KpiResult:
    target = kpi.target
    assert target.per_months is not None and target.value is not None
    assert target.comparator is not None
    if not kpi.series:
        return KpiResult("no_data", "nothing recorded yet")
    end = max(kpi.deadline, kpi.plan_start)
    totals = per_period_totals(kpi, target.per_months, end)
    results: list[PeriodResult] = []
    current: tuple[Period, Decimal] | None = None
    for period in periods_for(kpi.plan_start, end, target.per_months, kpi.year_start_month):
        if period.start > kpi.as_of:
            break
        actual = totals.get(period, Decimal(0))
        if period.end <= kpi.as_of:
            results.append(
                PeriodResult(
                    period.start, period.end, actual, meets(actual, target.comparator, target.value)
                )
            )
        else:
            results.append(PeriodResult(period.start, period.end, actual, None))
            current = (period, actual)
    done = [r for r in results if r.met is not None]
    met = sum(1 for r in done if r.met)
    noun = _noun(target.per_months, plural=True)
    record = f"{met} of {len(done)} {noun} met" if done else ""
    unit = f" {target.unit}" if target.unit else ""
    if current is None:
        last = results[-1].actual
        status: Status = "achieved" if met == len(done) else "off_track"
        return KpiResult(status, record, last, target.value, last, tuple(results))
    period, actual = current
    elapsed, total = elapsed_fraction(period, kpi.as_of)
    expected = target.value * elapsed / total
    projected = actual * total / elapsed
    now = (
        f"{show(actual)}{unit} so far in the current {_noun(target.per_months, False)}, "
        f"{CMP_WORDS[target.comparator]} {show(target.value)} needed by "
        f"{period.end.isoformat()}"
    )
    reason = f"{record}; {now}" if record else now
    if met < len(done):
        status = "off_track"
    elif target.comparator in ("<=", "<"):
        status = "on_track" if meets(actual, target.comparator, target.value) else "off_track"
    else:
        # Events are whole: behind pace means fewer than the pro-rata count, rounded.
        status = "on_track" if actual >= expected.to_integral_value() else "at_risk"
    return KpiResult(status, reason, actual, rounded(expected), rounded(projected), tuple(results))


def _year_on_year(kpi: KpiInput) -> KpiResult:
    """Growth per period against the period before; the baseline is the year before the plan."""
    target = kpi.target
    assert target.per_months is not None and target.value is not None
    assert target.comparator is not None
    if not kpi.series:
        return KpiResult("no_data", "nothing recorded yet")
    cmp, value = target.comparator, target.value
    end = max(kpi.deadline, kpi.plan_start)
    totals = per_period_totals(kpi, target.per_months, end)
    results: list[PeriodResult] = []
    previous = kpi.baseline
    latest: Decimal | None = None
    pace: tuple[Period, Decimal, Decimal | None] | None = None
    for period in periods_for(kpi.plan_start, end, target.per_months, kpi.year_start_month):
        if period.start > kpi.as_of:
            break
        level = totals.get(period, Decimal(0))
        if period.end > kpi.as_of:
            pace = (period, level, previous)
            results.append(PeriodResult(period.start, period.end, None, None))
            break
        growth = None if not previous else (level - previous) / previous
        results.append(
            PeriodResult(
                period.start,
                period.end,
                rounded(growth),
                None if growth is None else meets(growth, cmp, value),
            )
        )
        latest = growth if growth is not None else latest
        previous = level
    done = [r for r in results if r.met is not None]
    if not done and (pace is None or not pace[2]):
        return KpiResult(
            "no_data", "no earlier period to measure the change from", periods=tuple(results)
        )
    met = sum(1 for r in done if r.met)
    noun = _noun(target.per_months, plural=True)
    record = f"{met} of {len(done)} {noun} met {show(value, 'change')} change" if done else ""
    if pace is None or not pace[2]:
        status: Status = "achieved" if met == len(done) else "off_track"
        return KpiResult(status, record, rounded(latest), value, rounded(latest), tuple(results))
    period, level, before = pace
    assert before is not None
    elapsed, total = elapsed_fraction(period, kpi.as_of)
    needed = before * (1 + value) * elapsed / total
    projected = (level * total / elapsed - before) / before
    unit = f" {target.unit}" if target.unit else ""
    now = (
        f"{show(level)}{unit} so far in the current {_noun(target.per_months, False)}, "
        f"{show(before * (1 + value))} needed by {period.end.isoformat()}"
    )
    reason = f"{record}; {now}" if record else now
    if met < len(done):
        status = "off_track"
    else:
        status = "on_track" if meets(level, cmp, needed) else "at_risk"
    return KpiResult(status, reason, rounded(latest), value, rounded(projected), tuple(results))


def per_period_totals(kpi: KpiInput, per_months: int, end: date) -> dict[Period, Decimal]:
    """Sum the series by the plan period that holds each entry's start; outside ones drop."""
    totals: dict[Period, Decimal] = {}
    for entry, value in kpi.series:
        period = period_of(entry.start, kpi.plan_start, end, per_months, kpi.year_start_month)
        if period is not None:
            totals[period] = totals.get(period, Decimal(0)) + value
    return totals


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


def trend_at(points: Sequence[tuple[date, Decimal]], when: date) -> Decimal | None:
    """Least-squares line through dated points, read at `when`; None for under two dates."""
    if len({d for d, _ in points}) < 2:
        return None
    xs = [Decimal(d.toordinal()) for d, _ in points]
    ys = [v for _, v in points]
    mean_x = sum(xs, Decimal(0)) / len(xs)
    mean_y = sum(ys, Decimal(0)) / len(ys)
    spread = sum(((x - mean_x) ** 2 for x in xs), Decimal(0))
    products = ((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sum(products, Decimal(0)) / spread
    return mean_y + slope * (Decimal(when.toordinal()) - mean_x)


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
    # Counts are whole: bands compare with the expected count rounded, so a count is not
    # behind before a whole unit is due.
    ratio = _progress(
        actual, expected.to_integral_value() if cumulative else expected, base, value, upward
    )
    reason = (
        f"{said}; {show(expected, kind)} expected by now for {show(value, kind)} "
        f"by {kpi.deadline.isoformat()}"
    )
    if projected != actual:
        reason += f"; projected {show(projected, kind)}"
    if ratio is None or ratio >= ON_TRACK_FROM or meets(projected, cmp, value):
        return result("on_track", reason)
    return result("at_risk" if ratio >= AT_RISK_FROM else "off_track", reason)


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
