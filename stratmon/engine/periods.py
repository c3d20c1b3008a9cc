"""Plan periods: plan years, quarters and N-month windows that tile a plan."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True)
class Period:
    """A run of days from `start` to `end`, both included."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        """Number of days in the period, both ends counted."""
        return (self.end - self.start).days + 1

    def to_json(self) -> dict[str, str]:
        """ISO dates, as in the KPI JSON's `periods`."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _check(plan_start: date, plan_end: date, per_months: int, year_start_month: int) -> None:
    if plan_end < plan_start:
        raise ValueError(f"plan ends ({plan_end}) before it starts ({plan_start})")
    if per_months < 1:
        raise ValueError(f"a period must be at least one month long, not {per_months}")
    if not 1 <= year_start_month <= 12:
        raise ValueError(f"year_start_month must be 1-12, not {year_start_month}")


def _anchor(plan_start: date, per_months: int, year_start_month: int) -> date:
    """First day of the window grid that the plan's first period belongs to.

    Lengths that divide a year (1, 2, 3, 4, 6, 12 months) align with the plan year, so a
    quarter is always a quarter of the plan year even when the plan starts mid-quarter.
    Other lengths (24 for "every 2 years") run from the plan start itself.
    """
    if 12 % per_months:
        return plan_start
    index = plan_start.year * 12 + plan_start.month - 1
    offset = (index - (year_start_month - 1)) % per_months
    year, month = divmod(index - offset, 12)
    return date(year, month + 1, 1)


def _window(anchor: date, per_months: int, k: int) -> Period:
    # Each boundary is computed from the anchor, so month-end clamping never drifts.
    start = add_months(anchor, k * per_months)
    end = add_months(anchor, (k + 1) * per_months) - timedelta(days=1)
    return Period(start, end)


def _clip(window: Period, plan_start: date, plan_end: date) -> Period:
    return Period(max(window.start, plan_start), min(window.end, plan_end))


def periods_for(
    plan_start: date, plan_end: date, per_months: int, year_start_month: int = 1
) -> list[Period]:
    """The periods of `per_months` months that tile the plan, first and last truncated.

    Plan years start in `year_start_month` (ROCB A/P: 7, July-June); 3 gives quarters of
    the plan year; lengths that do not divide 12 are windows from the plan start. The
    periods are contiguous, do not overlap and cover `plan_start`..`plan_end` exactly.
    Raises ValueError for an empty plan, `per_months` < 1 or a month outside 1-12.
    """
    _check(plan_start, plan_end, per_months, year_start_month)
    anchor = _anchor(plan_start, per_months, year_start_month)
    periods: list[Period] = []
    k = 0
    while True:
        window = _window(anchor, per_months, k)
        if window.start > plan_end:
            return periods
        if window.end >= plan_start:
            periods.append(_clip(window, plan_start, plan_end))
        k += 1


def period_of(
    day: date, plan_start: date, plan_end: date, per_months: int, year_start_month: int = 1
) -> Period | None:
    """The period of `periods_for(...)` that holds `day`, or None outside the plan.

    Computed directly (no list), so it is cheap for any plan length.
    """
    _check(plan_start, plan_end, per_months, year_start_month)
    if not plan_start <= day <= plan_end:
        return None
    anchor = _anchor(plan_start, per_months, year_start_month)
    months = (day.year - anchor.year) * 12 + day.month - anchor.month
    k = months // per_months
    # A clamped month end can put the window start after `day`: step back once.
    window = _window(anchor, per_months, k)
    if day < window.start:
        window = _window(anchor, per_months, k - 1)
    elif day > window.end:
        window = _window(anchor, per_months, k + 1)
    return _clip(window, plan_start, plan_end)


def plan_years(plan_start: date, plan_end: date, year_start_month: int = 1) -> list[Period]:
    """The plan years (12-month periods starting in `year_start_month`), truncated to the plan."""
    return periods_for(plan_start, plan_end, 12, year_start_month)


def elapsed_fraction(period: Period, as_of: date) -> tuple[int, int]:
    """Days of `period` elapsed by the end of `as_of`, and its length: (elapsed, total)."""
    if as_of < period.start:
        return 0, period.days
    return min((as_of - period.start).days + 1, period.days), period.days


def trend_dates(plan_start: date, plan_end: date, as_of: date) -> list[date]:
    """The dates of a KPI's trend: each month's last day from the plan's first month while
    within the plan and before the as-of date, then the as-of date itself.

    A 24-month plan seen on its last day has 24 points; seen mid-month, the last point is
    the as-of date; seen after its end, the plan's 24 month ends and the as-of date. Before
    the plan starts there is one point, the as-of date.
    """
    days: list[date] = []
    month = date(plan_start.year, plan_start.month, 1)
    while as_of >= plan_start:
        last = add_months(month, 1) - timedelta(days=1)
        if last >= as_of or last > plan_end:
            break
        days.append(last)
        month = add_months(month, 1)
    days.append(as_of)
    return days
