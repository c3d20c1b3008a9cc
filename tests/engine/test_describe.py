"""A typed target in words: the seeds' targets, every form the grammar gives, the corpus."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from stratmon.engine import Target, parse_target
from stratmon.engine.describe import (
    NOT_READ,
    describe_period,
    describe_target,
    long_date,
    number_words,
)

D = datetime.date
DEADLINE = D(2024, 6, 30)


@pytest.mark.parametrize(
    ("phrase", "words"),
    [
        ("At least 27/33 Members", "at least 27 of the 33 Members, by 30 Jun 2024"),
        ("33/33 Members", "all 33 Members, by 30 Jun 2024"),
        ("At least 28 MRA", "at least 28 MRA, by 30 Jun 2024"),
        ("6 new contracting parties", "at least 6 new contracting parties, by 30 Jun 2024"),
        ("Once a year", "at least once each plan year"),
        ("At least twice per year", "at least twice each plan year"),
        ("At least 3 times per year", "at least 3 times each plan year"),
        ("At least 4 workshops per year", "at least 4 workshops each plan year"),
        ("At least 5 Members per year", "at least 5 Members each plan year"),
        ("At least once per quarter", "at least once each quarter"),
        ("At least once every 2 years", "at least once every 2 years"),
        (
            "At least 25% of the participations",
            "at least 25 % of the participations, by 30 Jun 2024",
        ),
        (
            "Use of accredited experts for at least one half of the requested missions",
            "at least 50 % of the requested missions, by 30 Jun 2024",
        ),
        ("At least 40%", NOT_READ),  # a bare percentage is not read: no unit
        ("A majority of Members", "more than 50 % of the Members, by 30 Jun 2024"),
        ("All Members", "all of the Members (100 %), by 30 Jun 2024"),
        (
            "At least average of 4 out of 5",
            "an average score of at least 4 out of 5, by 30 Jun 2024",
        ),
        (
            "At least 20% annual growth of female Head of delegation at international forums.",
            "growth of at least 20 % in female Head of delegation at international forums "
            "each plan year",
        ),
        (
            "Reduce clearance time by 30%",
            "a reduction of at least 30 % in clearance time, by 30 Jun 2024",
        ),
        ("Halt the rise in obesity", "no increase in obesity, by 30 Jun 2024"),
        ("Completed", "a milestone: done by 30 Jun 2024"),
        ("Gender Equality Plan developed by December 2023", "a milestone: done by 31 Dec 2023"),
        ("At least USD 1.5 million", "at least USD 1,500,000, by 30 Jun 2024"),
        ("$20 billion per year", "at least $20,000,000,000 each plan year"),
        ("No more than 5 days", "at most 5 days, by 30 Jun 2024"),
        ("Zero incidents", "no incidents, by 30 Jun 2024"),
        ("Train 1,200 officers by 2025", "at least 1,200 officers, by 31 Dec 2025"),
        ("Improved compliance", NOT_READ),
    ],
)
def test_targets_read_in_words(phrase, words):
    assert describe_target(parse_target(phrase), DEADLINE) == words


def test_without_a_deadline_a_milestone_is_done_or_not():
    assert describe_target(parse_target("Completed")) == "a milestone: done or not done"
    assert describe_target(parse_target("At least 28 MRA")) == "at least 28 MRA"


def test_numbers_dates_and_periods_in_words():
    assert number_words(Decimal("1200")) == "1,200"
    assert number_words(Decimal("4.50")) == "4.5"
    assert number_words(Decimal(1) / 3) == "0.3333"
    assert long_date(D(2024, 2, 29)) == "29 Feb 2024"
    assert [describe_period(n) for n in (12, 6, 3, 1, 24, 36, 5)] == [
        "each plan year",
        "each half-year",
        "each quarter",
        "each month",
        "every 2 years",
        "every 3 years",
        "every 5 months",
    ]


# Every form the grammar produces: a kind, its comparators, a value, with or without a
# denominator, a unit, a period and a deadline.
UNITS = st.none() | st.sampled_from(
    ["Members", "MRA", "workshops", "USD", "$", "days", "the requested missions", "km"]
)
VALUES = st.decimals(min_value=Decimal("-0.99"), max_value=Decimal(10**9), places=2).filter(
    lambda v: v != 0
) | st.just(Decimal(0))


@st.composite
def targets(draw):
    kind = draw(st.sampled_from(["count", "share", "mean", "change", "value", "milestone"]))
    if kind == "milestone":
        return Target("x", True, "milestone", by=draw(st.none() | st.dates()))
    value = draw(VALUES)
    if kind in ("count", "value", "mean"):
        value = abs(value)
    if kind == "count":
        value = value.to_integral_value()  # the grammar reads whole counts only
    if kind == "share":
        value = abs(value) % 1 or Decimal(1)
    out_of = (
        draw(st.none() | st.integers(1, 100).map(Decimal)) if kind in ("count", "mean") else None
    )
    per = draw(st.none() | st.sampled_from([1, 3, 6, 12, 24, 36, 5, 18]))
    return Target(
        text="x",
        parsed=True,
        kind=kind,
        comparator=draw(st.sampled_from([">=", "<=", ">", "<"])),
        value=value,
        out_of=out_of,
        unit=draw(UNITS),
        per_months=per if kind in ("count", "value", "change") else None,
        by=draw(st.none() | st.dates(D(2000, 1, 1), D(2100, 1, 1))),
    )


@settings(max_examples=400)
@given(targets(), st.none() | st.dates(D(2000, 1, 1), D(2100, 1, 1)))
def test_every_typed_form_has_its_words(target, deadline):
    words = describe_target(target, deadline)
    assert words and words != NOT_READ
    assert "None" not in words and "_" not in words
    if target.kind == "milestone":
        assert words.startswith("a milestone: done")
        return
    if target.per_months is not None:
        assert describe_period(target.per_months) in words
    if target.by is not None:
        assert words.endswith(f"by {long_date(target.by)}")
    if target.kind in ("share", "change") and target.value:
        assert "%" in words
    if target.kind in ("count", "value", "mean") and target.value:
        times = target.kind == "count" and target.unit is None and target.value in (1, 2)
        assert number_words(target.value) in words or (
            times and ("once" in words or "twice" in words)
        )
    if target.unit and target.kind in ("count", "value") and target.value:
        assert target.unit in words


@given(st.text(max_size=200))
def test_any_phrase_is_described_without_raising(text):
    words = describe_target(parse_target(text), DEADLINE)
    assert words and "None" not in words


def test_every_phrase_of_the_corpus_has_its_words():
    corpus = yaml.safe_load(
        (Path(__file__).with_name("target_corpus.yaml")).read_text(encoding="utf-8")
    )
    typed = 0
    for entry in corpus["phrases"]:
        target = parse_target(entry["text"])
        words = describe_target(target, DEADLINE)
        assert words and "None" not in words, entry["text"]
        if target.parsed:
            typed += 1
            assert words != NOT_READ, entry["text"]
        else:
            assert words == NOT_READ
    assert typed > 200
