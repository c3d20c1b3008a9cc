"""Hostile plan files: one located error each, never a traceback, in bounded time."""

import time

import pytest

from stratmon.planfiles.schema import PlanFileError, dump_plan, parse_plan_text

from .test_schema import MINIMAL, edit


def refused(text: str) -> str:
    started = time.monotonic()
    with pytest.raises(PlanFileError) as caught:
        parse_plan_text(text, "t.yaml")
    assert time.monotonic() - started < 2
    message = str(caught.value)
    assert message.startswith("t.yaml") and "\n" not in message
    return message


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "end: 2024-06-30",
            "end: 9999-12-31",
            "period.end: 9999-12-31 is outside the years 1900 to 2100",
        ),
        ("start: 2022-07-01", "start: 1066-10-14", "period.start: 1066-10-14 is outside the years"),
        ("deadline: 2024-06-30", "deadline: 2999-01-01", "deadline: 2999-01-01 is outside"),
        ("code: test-plan", "code: " + "p" * 81, "code: too long: 81 characters, at most 80"),
        ("title: Test plan", "title: " + "T" * 301, "title: too long: 301 characters, at most 300"),
        (
            "      - code: 1.a\n        text",
            "      - code: " + "a" * 21 + "\n        text",
            "actions[0].code: too long",
        ),
        (
            "title: Test plan",
            'title: "Test\\x07plan"',
            "title: contains the control character U+0007",
        ),
        (
            "title: Test plan",
            'title: "Test\\0plan"',
            "title: contains the control character U+0000",
        ),
        ("title: Test plan", "title: " + "9" * 5000, "bad YAML"),
        ("title: Test plan", "title: {? {a: 1} : x}", "a key must be a word, not a mapping"),
    ],
)
def test_a_hostile_value_is_refused_naming_its_place(old, new, message):
    assert message in refused(edit(MINIMAL, old, new))


def test_deeply_nested_yaml_is_refused_before_it_is_built():
    text = MINIMAL + "source: " + "[" * 100_000 + "]" * 100_000 + "\n"
    assert "nested more than 40 levels deep" in refused(text)


def test_an_alias_of_a_whole_list_is_refused_as_an_expansion_risk():
    bomb = "notes: &a [{title: x, text: y}]\nsource: *a\n"
    assert "the alias *a repeats a whole mapping or list" in refused(MINIMAL + bomb)


def test_an_alias_of_a_single_value_still_reads():
    text = edit(MINIMAL, "end: 2024-06-30", "end: &end 2024-06-30")
    text = edit(text, "deadline: 2024-06-30", "deadline: *end")
    assert parse_plan_text(text).kpis()[0].deadline.isoformat() == "2024-06-30"


def test_a_dumped_plan_has_no_anchors_or_aliases():
    plan = parse_plan_text(MINIMAL)
    text = dump_plan(plan)
    assert "&id" not in text and "*id" not in text
    assert text.count("2024-06-30") == 2


def test_a_numeric_entity_of_thousands_of_digits_is_no_character():
    from stratmon.planfiles.importers.cleanup import clean

    assert clean("a &#" + "9" * 5000 + "; b &#65;") == "a \ufffd b A"
