"""Periods: plan years, quarters and N-month windows tile a plan exactly."""

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stratmon.engine.periods import (
    Period,
    add_months,
    period_of,
    periods_for,
    plan_years,
    trend_dates,
)

D = date
ROCB_START, ROCB_END = D(2022, 7, 1), D(2024, 6, 30)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2022, 7, 1), 24, D(2024, 7, 1)),
        (D(2023, 3, 31), -1, D(2023, 2, 28)),
        (D(2023, 12, 15), 1, D(2024, 1, 15)),
    ],
)
def test_add_months_clamps_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_the_rocb_plan_has_two_july_to_june_plan_years():
    assert plan_years(ROCB_START, ROCB_END, 7) == [
        Period(D(2022, 7, 1), D(2023, 6, 30)),
        Period(D(2023, 7, 1), D(2024, 6, 30)),
    ]


def test_quarters_follow_the_plan_year():
    quarters = periods_for(ROCB_START, ROCB_END, 3, 7)
    assert len(quarters) == 8
    assert quarters[0] == Period(D(2022, 7, 1), D(2022, 9, 30))
    assert quarters[-1] == Period(D(2024, 4, 1), D(2024, 6, 30))


def test_every_two_years_is_one_window_for_the_two_year_rocb_plan():
    assert periods_for(ROCB_START, ROCB_END, 24, 7) == [Period(ROCB_START, ROCB_END)]


@pytest.mark.parametrize(
    ("start", "end", "months", "ysm", "expected"),
    [
        # given a plan starting mid-year, the first plan year is truncated
        (
            D(2022, 10, 15),
            D(2024, 6, 30),
            12,
            7,
            [(D(2022, 10, 15), D(2023, 6, 30)), (D(2023, 7, 1), D(2024, 6, 30))],
        ),
        # given a plan ending mid-quarter, the last quarter is truncated
        (
            D(2023, 1, 1),
            D(2023, 5, 10),
            3,
            1,
            [(D(2023, 1, 1), D(2023, 3, 31)), (D(2023, 4, 1), D(2023, 5, 10))],
        ),
        # given a 24-month window from a month-end start, the windows clamp without drift
        (
            D(2022, 1, 31),
            D(2026, 12, 31),
            24,
            1,
            [
                (D(2022, 1, 31), D(2024, 1, 30)),
                (D(2024, 1, 31), D(2026, 1, 30)),
                (D(2026, 1, 31), D(2026, 12, 31)),
            ],
        ),
        # given a one-day plan, there is one one-day period
        (D(2024, 2, 29), D(2024, 2, 29), 12, 7, [(D(2024, 2, 29), D(2024, 2, 29))]),
        # OCO 2022-2027 calendar years
        (
            D(2022, 1, 1),
            D(2027, 12, 31),
            12,
            1,
            [(D(y, 1, 1), D(y, 12, 31)) for y in range(2022, 2028)],
        ),
    ],
)
def test_periods_for_truncates_at_the_plan_edges(start, end, months, ysm, expected):
    assert periods_for(start, end, months, ysm) == [Period(a, b) for a, b in expected]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2022, 6, 30), None),
        (D(2022, 7, 1), Period(D(2022, 7, 1), D(2023, 6, 30))),
        (D(2023, 6, 30), Period(D(2022, 7, 1), D(2023, 6, 30))),
        (D(2024, 2, 29), Period(D(2023, 7, 1), D(2024, 6, 30))),
        (D(2024, 7, 1), None),
    ],
)
def test_period_of_maps_a_date_to_its_plan_year(day, expected):
    assert period_of(day, ROCB_START, ROCB_END, 12, 7) == expected


@pytest.mark.parametrize(
    ("start", "end", "months", "ysm"),
    [
        (D(2024, 1, 2), D(2024, 1, 1), 12, 1),
        (D(2024, 1, 1), D(2024, 12, 31), 0, 1),
        (D(2024, 1, 1), D(2024, 12, 31), 12, 13),
    ],
)
def test_bad_arguments_raise_value_error(start, end, months, ysm):
    with pytest.raises(ValueError):
        periods_for(start, end, months, ysm)


plans = st.tuples(
    st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31)),
    st.integers(min_value=0, max_value=4000),
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=1, max_value=12),
)


@given(plans)
def test_periods_tile_the_plan_without_gaps_or_overlaps(plan):
    start, length, months, ysm = plan
    end = start + timedelta(days=length)
    periods = periods_for(start, end, months, ysm)
    assert periods[0].start == start
    assert periods[-1].end == end
    assert all(p.start <= p.end for p in periods)
    assert all(a.end + timedelta(days=1) == b.start for a, b in pairwise(periods))


@given(plans, st.integers(min_value=-40, max_value=4040))
def test_every_date_maps_to_exactly_the_period_that_holds_it(plan, offset):
    start, length, months, ysm = plan
    end = start + timedelta(days=length)
    day = start + timedelta(days=offset)
    holding = [p for p in periods_for(start, end, months, ysm) if day in p]
    assert len(holding) == (1 if start <= day <= end else 0)
    assert period_of(day, start, end, months, ysm) == (holding[0] if holding else None)


def month_ends(first: date, last: date) -> list[date]:
    """Every month's last day from `first`'s month to `last`'s, written out by hand."""
    days, month = [], D(first.year, first.month, 1)
    while month <= last:
        following = D(month.year + month.month // 12, month.month % 12 + 1, 1)
        days.append(following - timedelta(days=1))
        month = following
    return days


@pytest.mark.parametrize(
    ("start", "end", "as_of", "expected"),
    [
        # Before the plan starts: the as-of date alone.
        (ROCB_START, ROCB_END, D(2022, 5, 15), [D(2022, 5, 15)]),
        # On the first day: July's end has not come yet.
        (ROCB_START, ROCB_END, ROCB_START, [ROCB_START]),
        # Mid-month: the month ends before it, then the day itself.
        (ROCB_START, ROCB_END, D(2022, 9, 15), [D(2022, 7, 31), D(2022, 8, 31), D(2022, 9, 15)]),
        # On a month end: that month end once.
        (ROCB_START, ROCB_END, D(2022, 9, 30), [D(2022, 7, 31), D(2022, 8, 31), D(2022, 9, 30)]),
        # The plan's last day: its 24 month ends.
        (ROCB_START, ROCB_END, ROCB_END, month_ends(ROCB_START, ROCB_END)),
        # After the plan: its 24 month ends, then the as-of date.
        (ROCB_START, ROCB_END, D(2025, 3, 3), [*month_ends(ROCB_START, ROCB_END), D(2025, 3, 3)]),
        # A plan that starts and ends mid-month: month ends within the plan only.
        (D(2022, 7, 15), D(2022, 10, 20), D(2022, 7, 31), [D(2022, 7, 31)]),
        (
            D(2022, 7, 15),
            D(2022, 10, 20),
            D(2023, 1, 1),
            [D(2022, 7, 31), D(2022, 8, 31), D(2022, 9, 30), D(2023, 1, 1)],
        ),
        # February of a leap year, and a year's turn.
        (
            D(2023, 12, 1),
            D(2024, 12, 31),
            D(2024, 3, 2),
            [D(2023, 12, 31), D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 2)],
        ),
    ],
)
def test_trend_dates_are_the_month_ends_then_the_as_of_date(start, end, as_of, expected):
    assert trend_dates(start, end, as_of) == expected


@given(plans, st.integers(min_value=-400, max_value=6000))
def test_trend_dates_rise_and_end_on_the_as_of_date(plan, offset):
    start, length, _, _ = plan
    end = start + timedelta(days=length)
    as_of = start + timedelta(days=offset)
    days = trend_dates(start, end, as_of)
    assert days[-1] == as_of
    assert all(a < b for a, b in pairwise(days))
    ends = days[:-1]
    assert ends == [d for d in month_ends(start, min(end, as_of)) if d <= end and d < as_of]
