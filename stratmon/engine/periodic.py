"""Frequency and year-on-year targets, judged plan period by plan period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from stratmon.engine.kpi import (
    CMP_WORDS,
    KpiInput,
    KpiResult,
    PeriodResult,
    Status,
    meets,
    rounded,
    show,
)
from stratmon.engine.periods import Period, elapsed_fraction, period_of, periods_for


def _noun(per_months: int, plural: bool) -> str:
    nouns = {12: "plan year", 3: "quarter", 1: "month", 6: "half-year"}
    noun = nouns.get(per_months, f"{per_months}-month period")
    return noun + ("s" if plural else "")


def evaluate_frequency(kpi: KpiInput) -> KpiResult:
    target = kpi.target
    assert target.per_months is not None and target.value is not None
    assert target.comparator is not None
    if not kpi.series:
        return KpiResult("no_data", "nothing recorded yet")
    end = max(kpi.deadline, kpi.plan_start)
    totals = per_period_totals(kpi, target.per_months, end)
    results: list[PeriodResult] = []
    current: tuple[Period, Decimal] | None = None
    to_come = 0  # periods of the plan that have not started yet
    for period in periods_for(kpi.plan_start, end, target.per_months, kpi.year_start_month):
        if period.start > kpi.as_of:
            to_come += 1
            continue
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
        if to_come and status == "achieved":
            # Every period so far met, but each one still to come can be missed.
            status = "on_track"
            record += f"; {_still_to_come(to_come, target.per_months)}"
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


def evaluate_year_on_year(kpi: KpiInput) -> KpiResult:
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
    to_come = 0
    for period in periods_for(kpi.plan_start, end, target.per_months, kpi.year_start_month):
        if period.start > kpi.as_of or pace is not None:
            to_come += period.start > kpi.as_of
            continue
        level = totals.get(period, Decimal(0))
        if period.end > kpi.as_of:
            pace = (period, level, previous)
            results.append(PeriodResult(period.start, period.end, None, None))
            continue
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
        if status == "achieved" and (to_come or pace is not None):
            status = "on_track"
            record += f"; {_still_to_come(to_come + (pace is not None), target.per_months)}"
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


def _still_to_come(count: int, per_months: int) -> str:
    return f"{count} {_noun(per_months, plural=count != 1)} still to come"


def per_period_totals(kpi: KpiInput, per_months: int, end: date) -> dict[Period, Decimal]:
    """Sum the series by the plan period that holds each entry's start; outside ones drop."""
    totals: dict[Period, Decimal] = {}
    for entry, value in kpi.series:
        period = period_of(entry.start, kpi.plan_start, end, per_months, kpi.year_start_month)
        if period is not None:
            totals[period] = totals.get(period, Decimal(0)) + value
    return totals
