"""KPI evaluation: each ordered rule and its edges, table-driven."""

from datetime import date
from decimal import Decimal

import pytest

from stratmon.engine.periods import Period
from stratmon.engine.status import KpiInput, evaluate
from stratmon.engine.targets import parse_target

D, N = date, Decimal
ROCB = {
    "plan_start": D(2022, 7, 1),
    "plan_end": D(2024, 6, 30),
    "deadline": D(2024, 6, 30),
    "year_start_month": 7,
}
# A 100-day plan: on 2024-02-19 exactly half the time has passed.
HUNDRED = {"plan_start": D(2024, 1, 1), "plan_end": D(2024, 4, 9), "deadline": D(2024, 4, 9)}
HALF = D(2024, 2, 19)
Y1 = Period(D(2022, 7, 1), D(2023, 6, 30))
Y2 = Period(D(2023, 7, 1), D(2024, 6, 30))


def run(text, as_of, plan=None, **given):
    # given a KPI with this target and data; when evaluated as of a date
    return evaluate(KpiInput(target=parse_target(text), as_of=as_of, **(plan or ROCB), **given))


CASES = [
    # (name, target, as_of, plan, given, status)
    ("unparsed target", "Improved compliance", D(2023, 1, 1), None, {"actual": N(1)}, "no_data"),
    (
        "plan not yet started",
        "33/33 Members",
        D(2022, 6, 30),
        None,
        {"actual": N(33)},
        "not_started",
    ),
    ("no data", "33/33 Members", D(2023, 1, 1), None, {}, "no_data"),
    (
        "as of before the first data",
        "At least 10 success stories",
        D(2022, 8, 1),
        None,
        {"data_points": [(D(2022, 9, 1), N(3))]},
        "no_data",
    ),
    (
        "threshold met exactly",
        "At least 27/33 Members",
        D(2023, 1, 1),
        None,
        {"actual": N(27)},
        "achieved",
    ),
    (
        "one short of the threshold after the deadline",
        "At least 27/33 Members",
        D(2024, 6, 30),
        None,
        {"actual": N(26)},
        "off_track",
    ),
    (
        "deadline passed and met",
        "33/33 Members",
        D(2024, 8, 1),
        None,
        {"actual": N(33)},
        "achieved",
    ),
    (
        "target already met at baseline",
        "At least 20/33 Members",
        D(2022, 7, 1),
        None,
        {"actual": N(22), "baseline": N(22)},
        "achieved",
    ),
    (
        "zero baseline, first day, no whole count due yet",
        "At least 10 success stories",
        D(2022, 7, 1),
        None,
        {"actual": N(0), "baseline": N(0)},
        "on_track",
    ),
    (
        "zero baseline, a year in, nothing yet",
        "At least 10 success stories",
        D(2023, 7, 1),
        None,
        {"actual": N(0), "baseline": N(0)},
        "off_track",
    ),
    (
        "band: exactly 95% of expected progress",
        "At least 100 things",
        HALF,
        HUNDRED,
        {"actual": N("47.5")},
        "on_track",
    ),
    ("band: just under 95%", "At least 100 things", HALF, HUNDRED, {"actual": N(47)}, "at_risk"),
    ("band: exactly 85%", "At least 100 things", HALF, HUNDRED, {"actual": N("42.5")}, "at_risk"),
    ("band: under 85%", "At least 100 things", HALF, HUNDRED, {"actual": N(42)}, "off_track"),
    (
        "band measured on progress from the baseline",
        "At least 100 things",
        HALF,
        HUNDRED,
        {"actual": N(53), "baseline": N(20)},
        "off_track",
    ),
    (
        "projection from data points rescues a slow start",
        "At least 100 things",
        HALF,
        HUNDRED,
        {"data_points": [(D(2024, 2, 10), N(10)), (D(2024, 2, 19), N(40))]},
        "on_track",
    ),
    (
        "share: division by zero",
        "At least 25% of the participations",
        D(2023, 1, 1),
        None,
        {"numerator": N(0), "denominator": N(0)},
        "no_data",
    ),
    (
        "share: numerator missing",
        "At least 25% of the participations",
        D(2023, 1, 1),
        None,
        {"denominator": N(10)},
        "no_data",
    ),
    (
        "share met",
        "At least 25% of the participations",
        D(2023, 1, 1),
        None,
        {"numerator": N(50), "denominator": N(200)},
        "achieved",
    ),
    (
        "share: a denominator that grows pulls it under",
        "At least 25% of the participations",
        D(2024, 6, 30),
        None,
        {"numerator": N(50), "denominator": N(201)},
        "off_track",
    ),
    (
        "mean from sum and count",
        "At least average of 4 out of 5",
        D(2023, 1, 1),
        None,
        {"numerator": N(420), "denominator": N(100)},
        "achieved",
    ),
    (
        "mean with no responses",
        "At least average of 4 out of 5",
        D(2023, 1, 1),
        None,
        {"numerator": N(0), "denominator": N(0)},
        "no_data",
    ),
    (
        "mean missed at the deadline",
        "At least average of 4 out of 5",
        D(2024, 6, 30),
        None,
        {"actual": N("3.99")},
        "off_track",
    ),
    ("maximum level met", "Within 48 hours", D(2023, 1, 1), None, {"actual": N(48)}, "achieved"),
    (
        "maximum level slightly over",
        "Within 48 hours",
        D(2023, 1, 1),
        None,
        {"actual": N(50)},
        "on_track",
    ),
    (
        "maximum level far over",
        "Within 48 hours",
        D(2023, 1, 1),
        None,
        {"actual": N(72)},
        "off_track",
    ),
    (
        "maximum level over at the deadline",
        "Within 48 hours",
        D(2024, 6, 30),
        None,
        {"actual": N(49)},
        "off_track",
    ),
    (
        "capped count within the limit",
        "Zero incidents",
        D(2023, 1, 1),
        None,
        {"actual": N(0)},
        "on_track",
    ),
    (
        "capped count over the limit",
        "Zero incidents",
        D(2023, 1, 1),
        None,
        {"actual": N(1)},
        "off_track",
    ),
    (
        "capped count held to the deadline",
        "No more than 5 complaints",
        D(2024, 6, 30),
        None,
        {"actual": N(5)},
        "achieved",
    ),
    (
        "capped count projected over",
        "No more than 5 complaints",
        HALF,
        HUNDRED,
        {"actual": N(4)},
        "at_risk",
    ),
    (
        "reduction achieved",
        "Reduce clearance time by 20 percent",
        D(2023, 6, 30),
        None,
        {"actual": N(80), "baseline": N(100)},
        "achieved",
    ),
    (
        "reduction on pace",
        "Reduce clearance time by 20 percent",
        D(2023, 6, 30),
        None,
        {"actual": N(90), "baseline": N(100)},
        "on_track",
    ),
    (
        "reduction going the wrong way",
        "Reduce clearance time by 20 percent",
        D(2023, 6, 30),
        None,
        {"actual": N(110), "baseline": N(100)},
        "off_track",
    ),
    (
        "change without a baseline",
        "Reduce clearance time by 20 percent",
        D(2023, 6, 30),
        None,
        {"actual": N(90)},
        "no_data",
    ),
    ("milestone done", "Completed", D(2023, 1, 1), None, {"done_on": D(2022, 12, 1)}, "achieved"),
    (
        "milestone done after the as-of date is not done yet",
        "Completed",
        D(2023, 1, 1),
        None,
        {"done_on": D(2023, 2, 1), "progress": [(D(2022, 12, 1), N("0.5"))]},
        "on_track",
    ),
    # A level without a baseline is judged against the target from the first day: a 20 %
    # share is as far from 25 % early in the plan as late (no ramp from zero).
    (
        "share early in the plan, close to target",
        "At least 25% of the participations",
        D(2022, 9, 1),
        None,
        {"numerator": N(24), "denominator": N(100)},
        "on_track",
    ),
    (
        "share early in the plan, behind",
        "At least 25% of the participations",
        D(2022, 9, 1),
        None,
        {"numerator": N(20), "denominator": N(100)},
        "off_track",
    ),
    (
        "share a little under target",
        "At least 25% of the participations",
        D(2023, 9, 1),
        None,
        {"numerator": N(22), "denominator": N(100)},
        "at_risk",
    ),
    (
        "mean early in the plan, behind",
        "At least average of 4 out of 5",
        D(2022, 9, 1),
        None,
        {"numerator": N(33), "denominator": N(10)},
        "off_track",
    ),
    (
        "share with a baseline ramps from it",
        "At least 25% of the participations",
        HALF,
        HUNDRED,
        {"numerator": N(20), "denominator": N(100), "baseline": N("0.15")},
        "on_track",
    ),
    ("milestone overdue", "Completed", D(2024, 7, 1), None, {}, "off_track"),
    (
        "milestone overdue against its own by-date",
        "Plan developed by December 2023",
        D(2024, 1, 1),
        None,
        {},
        "off_track",
    ),
    ("frequency without any data", "Once a year", D(2023, 1, 1), None, {}, "no_data"),
]


@pytest.mark.parametrize(
    ("name", "text", "as_of", "plan", "given", "status"), CASES, ids=[c[0] for c in CASES]
)
def test_each_rule_gives_its_status(name, text, as_of, plan, given, status):
    # then the status is the one the rules give
    assert run(text, as_of, plan, **given).status == status


FREQUENCY = [
    # (name, target, as_of, series, status, reason)
    (
        "both plan years met",
        "At least twice per year",
        D(2024, 6, 30),
        [(Y1, N(3)), (Y2, N(2))],
        "achieved",
        "2 of 2 plan years met",
    ),
    (
        "a missed year cannot be made up",
        "At least twice per year",
        D(2023, 9, 1),
        [(Y1, N(1)), (Y2, N(5))],
        "off_track",
        "0 of 1 plan years met; 5 so far in the current plan year, at least 2 needed by 2024-06-30",
    ),
    (
        "current year on pace",
        "At least twice per year",
        D(2023, 12, 31),
        [(Y1, N(2)), (Y2, N(1))],
        "on_track",
        "1 of 1 plan years met; 1 so far in the current plan year, at least 2 needed by 2024-06-30",
    ),
    (
        "current year behind pace",
        "At least 3 times per year",
        D(2024, 3, 1),
        [(Y1, N(3)), (Y2, N(1))],
        "at_risk",
        None,
    ),
    (
        "first year running, nothing yet but early",
        "Once a year",
        D(2022, 10, 1),
        [(Y1, N(0))],
        "on_track",
        "0 so far in the current plan year, at least 1 needed by 2023-06-30",
    ),
    (
        "periods missing from a non-empty series count zero",
        "Once a year",
        D(2024, 6, 30),
        [(Y1, N(1))],
        "off_track",
        "1 of 2 plan years met",
    ),
    (
        "Members per year",
        "At least 5 Members per year",
        D(2024, 1, 15),
        [(Y1, N(6)), (Y2, N(3))],
        "on_track",
        "1 of 1 plan years met; 3 Members so far in the current plan year, at least 5 needed "
        "by 2024-06-30",
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "as_of", "series", "status", "reason"),
    FREQUENCY,
    ids=[f[0] for f in FREQUENCY],
)
def test_frequency_targets_are_judged_per_period(name, text, as_of, series, status, reason):
    result = run(text, as_of, series=series)
    assert result.status == status
    if reason is not None:
        assert result.reason == reason


def test_quarterly_periods_report_met_and_the_running_one_as_null():
    quarters = [
        Period(D(2022, 7, 1), D(2022, 9, 30)),
        Period(D(2022, 10, 1), D(2022, 12, 31)),
        Period(D(2023, 1, 1), D(2023, 3, 31)),
    ]
    result = run(
        "At least once per quarter",
        D(2023, 2, 1),
        series=list(zip(quarters, [N(1), N(2), N(0)], strict=True)),
    )
    assert [p["met"] for p in result.to_json()["periods"]] == [True, True, None]
    assert result.status == "on_track"


def test_the_kpi_json_has_the_contract_fields_as_json_numbers():
    result = run("At least twice per year", D(2023, 12, 31), series=[(Y1, N(3)), (Y2, N(1))])
    got = result.to_json()
    assert set(got) == {"actual", "expected", "projected", "status", "reason", "periods"}
    assert got["actual"] == 1 and isinstance(got["actual"], int)
    assert isinstance(got["expected"], float)
    assert got["periods"][0] == {
        "start": "2022-07-01",
        "end": "2023-06-30",
        "actual": 3,
        "met": True,
    }


def test_the_reason_reads_as_a_sentence_with_expected_and_deadline():
    result = run("33/33 Members", D(2023, 6, 30), actual=N(21), baseline=N(15))
    assert result.reason.startswith("21 of 33 Members; 24 expected by now for 33 by 2024-06-30")
    assert result.expected == 24
    assert result.status == "off_track"


def test_a_grown_membership_shows_in_the_reason_but_not_in_the_threshold():
    # given 35 Members now while the target says 33/33; when 33 have implemented
    result = run("33/33 Members", D(2024, 3, 1), actual=N(33), population=N(35))
    assert result.status == "achieved"
    assert result.reason == "33 of 35 Members; target of at least 33 met"


YOY = [
    ("both years grew 20%", D(2024, 6, 30), N(10), [(Y1, N(12)), (Y2, N(15))], "achieved"),
    ("second year grew too little", D(2024, 6, 30), N(10), [(Y1, N(12)), (Y2, N(14))], "off_track"),
    ("current year on pace", D(2024, 1, 1), N(10), [(Y1, N(12)), (Y2, N(8))], "on_track"),
    ("current year behind", D(2024, 1, 1), N(10), [(Y1, N(12)), (Y2, N(5))], "at_risk"),
    ("no baseline year and no finished year", D(2023, 1, 1), None, [(Y1, N(4))], "no_data"),
    ("zero baseline cannot grow by a percentage", D(2023, 1, 1), N(0), [(Y1, N(4))], "no_data"),
]


@pytest.mark.parametrize(
    ("name", "as_of", "baseline", "series", "status"), YOY, ids=[y[0] for y in YOY]
)
def test_annual_growth_compares_each_year_with_the_one_before(
    name, as_of, baseline, series, status
):
    text = "At least 20% annual growth of female Head of delegation at international forums."
    assert run(text, as_of, baseline=baseline, series=series).status == status


def test_evaluation_is_deterministic_and_returns_frozen_results():
    first = run("At least 28 MRA", D(2023, 3, 1), actual=N(12))
    assert first == run("At least 28 MRA", D(2023, 3, 1), actual=N(12))
    with pytest.raises(AttributeError):
        first.status = "achieved"  # type: ignore[misc]


# Frequencies: met periods give at most on_track while plan periods remain.


@pytest.mark.parametrize(
    ("text", "as_of", "series", "status", "reason"),
    [
        (
            "Once a year",
            D(2023, 6, 30),
            [(Y1, N(1))],
            "on_track",
            "1 of 1 plan years met; 1 plan year still to come",
        ),
        (
            "At least 5 Members per year",
            D(2023, 6, 30),
            [(Y1, N(7))],
            "on_track",
            "1 of 1 plan years met; 1 plan year still to come",
        ),
        (
            "Once a year",
            D(2024, 7, 1),
            [(Y1, N(1)), (Y2, N(2))],
            "achieved",
            "2 of 2 plan years met",
        ),
        (
            "Once a year",
            D(2024, 6, 30),
            [(Y1, N(1)), (Y2, N(2))],
            "achieved",
            "2 of 2 plan years met",
        ),
    ],
)
def test_a_frequency_is_achieved_only_once_every_period_is_completed_and_met(
    text, as_of, series, status, reason
):
    result = run(text, as_of, series=series)
    assert (result.status, result.reason) == (status, reason)


def test_year_on_year_growth_is_not_achieved_while_years_remain():
    text = "At least 20% annual growth of female Head of delegation at international forums."
    result = run(text, D(2023, 6, 30), baseline=N(10), series=[(Y1, N(12))])
    assert result.status == "on_track"
    assert result.reason.endswith("1 plan year still to come")


# Projections stay possible; counts are whole.


def test_a_member_count_is_never_projected_above_the_members_there_are():
    # given 25 of 34 Members a third of the way through, growing fast from a baseline of 10
    result = run("33/33 Members", D(2023, 3, 1), actual=N(25), baseline=N(10), population=N(34))
    assert result.projected == 34
    assert result.reason.endswith("projected 34")


def test_a_share_is_never_projected_above_one_hundred_percent():
    points = [(D(2022, 7, 1), N("0.1")), (D(2023, 1, 1), N("0.6"))]
    result = run("At least 25% of the participations", D(2023, 1, 1), data_points=points)
    assert result.projected == 1


def test_expected_counts_are_whole_numbers_halves_up():
    # 100-day plan, half-way: 27 × 0.5 = 13.5 expected → 14
    result = run("At least 27 MRA", HALF, HUNDRED, actual=N(14))
    assert result.expected == 14
    assert "14 expected by now" in result.reason
    assert result.status == "on_track"


# Milestones: progress against time, planned start, evidence.


def milestone(as_of, **given):
    return run("Gender Equality Plan developed", as_of, HUNDRED, **given)


MILESTONES = [
    # (name, as_of, given, status, actual, expected)
    ("before its planned start", D(2024, 1, 20), {"planned_start": D(2024, 2, 1)}, "not_started"),
    ("started without any update", HALF, {}, "no_data"),
    (
        "update after the as-of date is not seen",
        HALF,
        {"progress": [(D(2024, 3, 1), N("0.9"))]},
        "no_data",
    ),
    ("on pace at half time", HALF, {"progress": [(D(2024, 2, 10), N("0.5"))]}, "on_track"),
    ("a little behind", HALF, {"progress": [(D(2024, 2, 10), N("0.45"))]}, "at_risk"),
    ("far behind", HALF, {"progress": [(D(2024, 2, 10), N("0.2"))]}, "off_track"),
    ("a complete update is done", HALF, {"progress": [(D(2024, 2, 10), N(1))]}, "achieved"),
    ("done", HALF, {"done_on": D(2024, 2, 1)}, "achieved"),
    ("past its deadline", D(2024, 4, 10), {"progress": [(D(2024, 4, 1), N("0.9"))]}, "off_track"),
    (
        "judged from the planned start",
        D(2024, 3, 20),
        {"planned_start": D(2024, 3, 1), "progress": [(D(2024, 3, 15), N("0.5"))]},
        "on_track",
    ),
]


@pytest.mark.parametrize(
    ("name", "as_of", "given", "status"), MILESTONES, ids=[m[0] for m in MILESTONES]
)
def test_milestone_progress_is_judged_against_the_time_elapsed(name, as_of, given, status):
    assert milestone(as_of, **given).status == status


def test_milestone_progress_reports_actual_expected_and_reason():
    result = milestone(HALF, progress=[(D(2024, 1, 20), N("0.2")), (D(2024, 2, 10), N("0.45"))])
    assert (result.actual, result.expected) == (N("0.45"), N("0.5"))
    assert result.reason.startswith("45% done as of 2024-02-10; 50% expected by now")
    assert N(0) <= result.projected <= N(1)


def test_an_unreported_milestone_says_no_progress_reported():
    assert milestone(HALF).reason.startswith("no progress reported since work was due to start")


def test_a_done_milestone_shows_its_evidence():
    result = milestone(HALF, done_on=D(2024, 2, 1), evidence="https://example.org/gep.pdf")
    assert result.reason == "done on 2024-02-01; evidence: https://example.org/gep.pdf"
