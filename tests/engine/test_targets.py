"""Target grammar: every ROCB A/P target, the OCO targets, and the general shapes."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stratmon.engine.targets import parse_target

M, MRA = "Members", "MRA"
A33 = ("count", ">=", 33, 33, M, None)
ONCE_A_YEAR = ("count", ">=", 1, None, None, 12)
TWICE_A_YEAR = ("count", ">=", 2, None, None, 12)
THRICE_A_YEAR = ("count", ">=", 3, None, None, 12)
FIVE_MEMBERS_A_YEAR = ("count", ">=", 5, None, M, 12)


def of33(n: int) -> tuple[object, ...]:
    return ("count", ">=", n, 33, M, None)


# The 60 ROCB A/P targets, in plan order, compound cells split into their parts.
ROCB = [
    ("1.a", "At least 33/33 Members", A33),
    ("1.b", "At least 27/33 Members", of33(27)),
    ("1.c", "33/33 Members", A33),
    ("1.d", "33/33 Members", A33),
    ("1.e", "At least 28 MRA", ("count", ">=", 28, None, MRA, None)),
    ("1.f", "At least 20/33 Members", of33(20)),
    ("1.g", "33/33 Members", A33),
    ("1.h", "At least 28/33 Members", of33(28)),
    ("1.i.1", "At least 27 Members", ("count", ">=", 27, None, M, None)),
    (
        "1.i.2",
        "6 new contracting parties",
        ("count", ">=", 6, None, "new contracting parties", None),
    ),
    ("1.j", "At least 28/33 Members", of33(28)),
    ("1.k", "33/33 Members", A33),
    ("1.l", "33/33 Members", A33),
    ("1.m", "33/33 Members", A33),
    ("1.n", "At least 5 Members per year", FIVE_MEMBERS_A_YEAR),
    ("1.o", "At least 20/33 Members", of33(20)),
    ("1.p", "33/33 Members", A33),
    ("1.q", "33/33 Members", A33),
    ("1.r", "At least 20/33 Members", of33(20)),
    ("1.s", "33/33 Members", A33),
    ("1.t", "33/33 Members", A33),
    ("1.u", "At least 11/33 Members", of33(11)),
    ("1.v", "Once a year", ONCE_A_YEAR),
    ("1.w", "25/33 Members", of33(25)),
    ("1.x", "23/33 Members", of33(23)),
    ("1.y", "At least 27/33 Members", of33(27)),
    ("1.z", "Once per year", ONCE_A_YEAR),
    ("1.aa", "Once per year", ONCE_A_YEAR),
    ("1.bb", "At least once per year", ONCE_A_YEAR),
    ("1.cc", "At least twice per year", TWICE_A_YEAR),
    ("1.dd", "At least once per year", ONCE_A_YEAR),
    ("1.ee", "At least once per year", ONCE_A_YEAR),
    ("1.ff.1", "25/33 Members", of33(25)),
    ("1.ff.2", "once per year", ONCE_A_YEAR),
    ("1.ff.3", "At least 5 Members per year", FIVE_MEMBERS_A_YEAR),
    ("1.gg", "At least 2 Members", ("count", ">=", 2, None, M, None)),
    ("1.hh", "At least 3 times per year", THRICE_A_YEAR),
    ("1.ii", "At least 3 times per year", THRICE_A_YEAR),
    ("1.jj", "At least once per year", ONCE_A_YEAR),
    ("1.kk", "33/33 Members", A33),
    ("2.a", "At least twice per year", TWICE_A_YEAR),
    ("2.b", "At least twice per year", TWICE_A_YEAR),
    ("3.a", "At least twice per year", TWICE_A_YEAR),
    (
        "3.b",
        "Use of accredited experts for at least one half of the requested missions",
        ("share", ">=", 0.5, None, "requested missions", None),
    ),
    ("3.c", "At least 20/33 Members", of33(20)),
    (
        "3.d",
        "Meet at least 75% of the ROCB requests",
        ("share", ">=", 0.75, None, "ROCB requests", None),
    ),
    (
        "3.e.1",
        "At least 25% of the participations",
        ("share", ">=", 0.25, None, "participations", None),
    ),
    (
        "3.e.2",
        "At least 20% annual growth of female Head of delegation at international forums.",
        ("change", ">=", 0.2, None, "female Head of delegation at international forums", 12),
    ),
    ("3.f", "At least once per year", ONCE_A_YEAR),
    ("3.g", "At least once per year", ONCE_A_YEAR),
    ("3.h", "At least average of 4 out of 5", ("mean", ">=", 4, 5, None, None)),
    ("3.i", "At least once per year", ONCE_A_YEAR),
    ("3.j", "At least 10 success stories", ("count", ">=", 10, None, "success stories", None)),
    ("3.k.1", "At least once per year", ONCE_A_YEAR),
    ("3.k.2", "At least 5 Members per year", FIVE_MEMBERS_A_YEAR),
    ("3.k.3", "At least twice per year", TWICE_A_YEAR),
    ("3.l", "At least once per year", ONCE_A_YEAR),
    ("4.a", "At least twice per year", TWICE_A_YEAR),
    ("4.b", "At least once every 2 years", ("count", ">=", 1, None, None, 24)),
    ("4.c", "At least once per quarter", ("count", ">=", 1, None, None, 3)),
]

OCO = [
    ("Completed", ("milestone", None, None, None, None, None)),
    (
        "Adoption by 5 additional members of the Revised Kyoto Convention (RKC)",
        ("count", ">=", 5, None, "additional members of the Revised Kyoto Convention (RKC)", None),
    ),
    ("Once a year", ONCE_A_YEAR),
]

GENERAL = [
    # N/M and N of M
    ("27 out of 33 Members", of33(27)),
    ("27 of 33 Members", of33(27)),
    ("At least twelve Members", ("count", ">=", 12, None, M, None)),
    ("A minimum of 3 workshops", ("count", ">=", 3, None, "workshops", None)),
    ("5 workshops or more", ("count", ">=", 5, None, "workshops", None)),
    (
        "Conduct at least 2 regional workshops per year",
        ("count", ">=", 2, None, "regional workshops", 12),
    ),
    ("Train 1,200 officers", ("count", ">=", 1200, None, "officers", None)),
    # frequencies
    ("Annually", ONCE_A_YEAR),
    ("once annually", ONCE_A_YEAR),
    ("Twice a year", TWICE_A_YEAR),
    ("twice yearly", TWICE_A_YEAR),
    ("Once per annum", ONCE_A_YEAR),
    ("Quarterly", ("count", ">=", 1, None, None, 3)),
    ("Monthly", ("count", ">=", 1, None, None, 1)),
    ("Every two years", ("count", ">=", 1, None, None, 24)),
    ("Biennially", ("count", ">=", 1, None, None, 24)),
    ("Once every other year", ("count", ">=", 1, None, None, 24)),
    ("Semi-annually", ("count", ">=", 1, None, None, 6)),
    ("4 times per year", ("count", ">=", 4, None, None, 12)),
    ("Thrice a year", THRICE_A_YEAR),
    ("Once every 6 months", ("count", ">=", 1, None, None, 6)),
    ("At least once", ("count", ">=", 1, None, None, None)),
    ("Two meetings a year", ("count", ">=", 2, None, "meetings", 12)),
    # fractions and percentages
    ("At least two thirds of Members", ("share", ">=", 2 / 3, None, M, None)),
    ("A quarter of the requests", ("share", ">=", 0.25, None, "requests", None)),
    ("three quarters of Members", ("share", ">=", 0.75, None, M, None)),
    ("Half of the missions", ("share", ">=", 0.5, None, "missions", None)),
    ("A majority of Members", ("share", ">", 0.5, None, M, None)),
    ("25 per cent of participants", ("share", ">=", 0.25, None, "participants", None)),
    ("25 percent of participants", ("share", ">=", 0.25, None, "participants", None)),
    ("At least 30% women participants", ("share", ">=", 0.3, None, "women participants", None)),
    ("All Members", ("share", ">=", 1, None, M, None)),
    ("No more than 10% of declarations", ("share", "<=", 0.1, None, "declarations", None)),
    # averages
    ("4.0/5", ("mean", ">=", 4, 5, None, None)),
    ("Mean score of at least 4", ("mean", ">=", 4, None, None, None)),
    ("Average rating of 4.5 out of 5 or higher", ("mean", ">=", 4.5, 5, None, None)),
    ("Satisfaction score of at least 8/10", ("mean", ">=", 8, 10, None, None)),
    # growth and reduction
    ("20% annual growth", ("change", ">=", 0.2, None, None, 12)),
    ("Reduce clearance time by 20 percent", ("change", "<=", -0.2, None, "clearance time", None)),
    ("50% reduction", ("change", "<=", -0.5, None, None, None)),
    ("A 10% increase in revenue collected", ("change", ">=", 0.1, None, "revenue collected", None)),
    (
        "Increase the number of AEOs by 15% per year",
        ("change", ">=", 0.15, None, "number of AEOs", 12),
    ),
    ("Cut release time by half", ("change", "<=", -0.5, None, "release time", None)),
    # maximums, durations and amounts
    ("At most 3 complaints", ("count", "<=", 3, None, "complaints", None)),
    ("No more than 5 days", ("value", "<=", 5, None, "days", None)),
    ("Within 48 hours", ("value", "<=", 48, None, "hours", None)),
    ("2 working days or less", ("value", "<=", 2, None, "working days", None)),
    ("Less than 24 hours", ("value", "<", 24, None, "hours", None)),
    ("Zero incidents", ("count", "<=", 0, None, "incidents", None)),
    ("USD 50,000", ("value", ">=", 50000, None, "USD", None)),
    ("At least USD 1.5 million", ("value", ">=", 1500000, None, "USD", None)),
    ("More than 20 Members", ("count", ">", 20, None, M, None)),
    # milestones
    ("Gender Equality Plan developed", ("milestone", None, None, None, None, None)),
    ("Develop a Gender Equality Plan for Customs", ("milestone", None, None, None, None, None)),
    ("completed", ("milestone", None, None, None, None, None)),
    ("Framework established", ("milestone", None, None, None, None, None)),
    ("Policy adopted", ("milestone", None, None, None, None, None)),
    ("<li>(2) M&E Framework has been approved</li>", ("milestone", None, None, None, None, None)),
]

DEADLINES = [
    ("Gender Equality Plan developed by December 2023", "2023-12-31"),
    ("Completed by end-2024", "2024-12-31"),
    ("At least 20/33 Members by 2025", "2025-12-31"),
    ("Framework adopted by June 2024", "2024-06-30"),
    ("Policy adopted by the end of 2024", "2024-12-31"),
    ("Plan developed by 31 March 2025", "2025-03-31"),
    ("Plan developed by end of February 2024", "2024-02-29"),
    ("Plan developed by Q3 2023", "2023-09-30"),
    ("By 2026, at least 5 Members", "2026-12-31"),
]

UNPARSED = [
    "",
    "   ",
    "Biannually",
    "Bi-monthly",
    "Weekly",
    "Twice a week",
    "Improved compliance",
    "Number of implementing Members",
    "Plan developed by mid-2024",
    "Plan developed by 31 February 2024",
    "Plan developed by June 2024 or by December 2024",
    "4/5",
    "27",
    "At least 34/33 Members",
    "At least 2.5 Members",
    "48 hours",
    "Conduct annual training needs analysis",
    "150% of requests",
    "80% of declarations cleared within 24 hours",
    "At least 3 workshops per week",
    "At least a majority of Members",
    "Increase collaboration",
    "Adoption of the new strategy",
    "Develop two guidelines every year for 3 regions",
    "At least 0 Members",
    "120% reduction",
    "Average of 6 out of 5",
]


def shape(text: str) -> tuple[object, ...]:
    got = parse_target(text).to_json()
    assert got["parsed"] is True, text
    return (
        got["kind"],
        got["comparator"],
        got["value"],
        got["out_of"],
        got["unit"],
        got["per_months"],
    )


def test_the_rocb_table_has_sixty_targets():
    assert len(ROCB) == 60


@pytest.mark.parametrize(("code", "text", "expected"), ROCB, ids=[r[0] for r in ROCB])
def test_it_types_every_rocb_target(code, text, expected):
    # given a target phrase from the ROCB A/P plan; when parsed; then it has the typed value
    assert shape(text) == expected


@pytest.mark.parametrize(("text", "expected"), OCO)
def test_it_types_the_oco_targets(text, expected):
    assert shape(text) == expected


@pytest.mark.parametrize(("text", "expected"), GENERAL, ids=[g[0] for g in GENERAL])
def test_it_types_general_shapes(text, expected):
    assert shape(text) == expected


@pytest.mark.parametrize(("text", "by"), DEADLINES)
def test_it_reads_a_deadline_inside_the_phrase(text, by):
    assert parse_target(text).to_json()["by"] == by


@pytest.mark.parametrize("text", UNPARSED)
def test_it_leaves_uncertain_phrases_unparsed(text):
    # given a phrase that cannot be typed with confidence; then every key but text is null
    got = parse_target(text).to_json()
    assert got["parsed"] is False
    assert got["text"] == text
    assert all(v is None for k, v in got.items() if k not in ("text", "parsed"))


def test_the_json_has_exactly_the_contract_keys_and_json_numbers():
    got = parse_target("At least 27/33 Members").to_json()
    assert got == {
        "text": "At least 27/33 Members",
        "parsed": True,
        "kind": "count",
        "comparator": ">=",
        "value": 27,
        "out_of": 33,
        "unit": "Members",
        "per_months": None,
        "by": None,
    }
    assert json.dumps(got) == json.dumps(got, sort_keys=False)
    assert isinstance(got["value"], int)
    assert isinstance(parse_target("25% of requests").to_json()["value"], float)


def test_the_deadline_does_not_swallow_adoption_by_a_number():
    got = parse_target("Adoption by 5 additional members by 2027").to_json()
    assert (got["kind"], got["value"], got["by"]) == ("count", 5, "2027-12-31")


@given(st.text(max_size=120))
def test_it_never_raises_and_is_deterministic(text):
    first = parse_target(text)
    assert first == parse_target(text)
    json.dumps(first.to_json())


PIECES = [
    *"0123456789/%., ",
    "at least ",
    "per year",
    "once ",
    "of ",
    "Members",
    "by ",
    "2024",
    "half",
    "twice",
    "reduce ",
    "within ",
    "hours",
    "(1) ",
    "<li>",
    "every ",
    "USD",
]


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_it_never_raises_on_phrase_like_noise(text):
    target = parse_target(text)
    assert target == parse_target(text)
    if target.parsed:
        assert target.kind is not None
    else:
        assert target.kind is None and target.value is None
