"""The plan file: validation errors name the place, and dump/parse is the identity."""

import datetime
import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from stratmon.planfiles.schema import PlanFileError, dump_plan, parse_plan_text

MINIMAL = """\
stratmon_plan: 1
code: test-plan
organisation: rocb-ap
title: Test plan
period: {start: 2022-07-01, end: 2024-06-30}
year_start_month: 7
pillars:
  - code: "1"
    title: First pillar
    actions:
      - code: 1.a
        text: Do something
        reference: 1.1.1 – 1st milestone
        kpis:
          - code: 1.a
            text: Number of Members
            target: At least 27/33 Members
            deadline: 2024-06-30
"""


def edit(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_it_reads_a_minimal_plan():
    plan = parse_plan_text(MINIMAL, "t.yaml")
    assert plan.code == "test-plan"
    assert plan.period_start == datetime.date(2022, 7, 1)
    [kpi] = plan.kpis()
    assert (kpi.code, kpi.target, kpi.deadline, kpi.origin) == (
        "1.a",
        "At least 27/33 Members",
        datetime.date(2024, 6, 30),
        "document",
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "deadline: 2024-06-30",
            "deadline: 30 Juen 2024",
            "t.yaml: pillars[0].actions[0].kpis[0].deadline: not a date: '30 Juen 2024'",
        ),
        (
            "deadline: 2024-06-30",
            "deadline: 2024-02-30",
            "t.yaml: pillars[0].actions[0].kpis[0].deadline: not a date: '2024-02-30'",
        ),
        (
            "            target: At least 27/33 Members\n",
            "",
            "t.yaml: pillars[0].actions[0].kpis[0]: missing key 'target'",
        ),
        (
            "target: At least 27/33 Members",
            "target:",
            "t.yaml: pillars[0].actions[0].kpis[0]: missing key 'target'",
        ),
        (
            "target: At least 27/33 Members",
            "target: '  '",
            "t.yaml: pillars[0].actions[0].kpis[0].target: must not be empty",
        ),
        (
            "    title: First pillar\n",
            "    title: First pillar\n    colour: red\n",
            "t.yaml: pillars[0].colour: unknown key",
        ),
        (
            "year_start_month: 7",
            "year_start_month: 13",
            "t.yaml: year_start_month: expected a month number 1-12, got 13",
        ),
        (
            "end: 2024-06-30}",
            "end: 2021-06-30}",
            "t.yaml: period.end: 2021-06-30 is not after period.start 2022-07-01",
        ),
        ("code: test-plan", "code: Test Plan", "t.yaml: code: not a valid plan code: 'Test Plan'"),
        (
            "stratmon_plan: 1",
            "stratmon_plan: 2",
            "t.yaml: stratmon_plan: unsupported format version 2; expected 1",
        ),
        (
            "reference: 1.1.1 – 1st milestone",
            "reference: [a, b]",
            "t.yaml: pillars[0].actions[0].reference: expected text, got a list",
        ),
        (
            "title: Test plan\n",
            "title: Test plan\ntitle: Again\n",
            "t.yaml: line 5: bad YAML: duplicate key 'title'",
        ),
        ("title: Test plan", "title: [Test plan", "t.yaml: line 5: bad YAML:"),
        (
            "          - code: 1.a\n            text: Number",
            "          - code: 1.b\n            text: Number",
            None,
        ),
    ],
)
def test_it_names_the_place_of_each_error(old, new, message):
    text = edit(MINIMAL, old, new)
    if message is None:  # a control row: this edit is valid
        parse_plan_text(text, "t.yaml")
        return
    with pytest.raises(PlanFileError) as exc:
        parse_plan_text(text, "t.yaml")
    assert str(exc.value).startswith(message)
    assert "\n" not in str(exc.value)


def test_it_rejects_duplicate_codes_naming_both_places():
    text = (
        MINIMAL
        + """\
      - code: 1.b
        text: Do something else
        kpis:
          - code: 1.a
            text: Again
            target: Once a year
            deadline: 2024-06-30
"""
    )
    with pytest.raises(PlanFileError) as exc:
        parse_plan_text(text, "t.yaml")
    assert str(exc.value) == (
        "t.yaml: pillars[0].actions[1].kpis[0].code: duplicate kpi code '1.a' "
        "(first at pillars[0].actions[0].kpis[0])"
    )


def test_it_names_a_list_that_is_not_a_list():
    text = MINIMAL.replace("year_start_month: 7\n", "year_start_month: 7\nnotes: {a: 1}\n")
    with pytest.raises(PlanFileError, match=r"^t\.yaml: notes: expected a list, got a mapping$"):
        parse_plan_text(text, "t.yaml")


def test_it_rejects_an_empty_file():
    with pytest.raises(PlanFileError, match="the file is empty"):
        parse_plan_text("", "t.yaml")


def test_dump_then_parse_is_the_identity():
    plan = parse_plan_text(MINIMAL, "t.yaml")
    assert parse_plan_text(dump_plan(plan), "t.yaml") == plan


def test_dump_keeps_codes_that_look_like_numbers_as_text():
    text = edit(MINIMAL, "code: 1.a\n        text", "code: '1.1'\n        text")
    plan = parse_plan_text(text, "t.yaml")
    assert "'1.1'" in dump_plan(plan)
    assert parse_plan_text(dump_plan(plan)) == plan


yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=20), st.dates().map(str)
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                ["code", "title", "text", "kpis", "actions", "pillars", "target", "deadline", "x"]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_gives_a_plan_or_one_clear_error(text):
    try:
        parse_plan_text(text, "t.yaml")
    except PlanFileError as exc:
        assert str(exc).startswith("t.yaml: ")
        assert "\n" not in str(exc)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_arbitrary_changes_to_a_valid_plan_give_a_plan_or_one_clear_error(data):
    raw = yaml.safe_load(MINIMAL)
    # Replace one value somewhere in the document with an arbitrary one.
    node, path = raw, []
    while isinstance(node, dict | list) and node:
        keys = list(node.keys()) if isinstance(node, dict) else list(range(len(node)))
        key = data.draw(st.sampled_from(keys))
        path.append(key)
        if data.draw(st.booleans()) or not isinstance(node[key], dict | list):
            node[key] = data.draw(yaml_values)
            break
        node = node[key]
    text = yaml.safe_dump(raw, allow_unicode=True)
    try:
        plan = parse_plan_text(text, "t.yaml")
    except PlanFileError as exc:
        assert re.match(r"^t\.yaml: ", str(exc)), str(exc)
    else:
        assert parse_plan_text(dump_plan(plan)) == plan


def test_a_suggested_measure_keeps_its_reason_through_the_file():
    text = edit(
        MINIMAL,
        "            deadline: 2024-06-30\n",
        "            deadline: 2024-06-30\n"
        "            measure: {source: member_statuses, topic: rkc}\n"
        "            suggested: Members counted, and the action names the RKC\n",
    )
    plan = parse_plan_text(text)
    assert plan.kpis()[0].suggested == "Members counted, and the action names the RKC"
    assert parse_plan_text(dump_plan(plan)) == plan
    assert "suggested: Members counted" in dump_plan(plan)


def test_a_suggestion_without_a_measure_is_refused():
    text = edit(
        MINIMAL,
        "            deadline: 2024-06-30\n",
        "            deadline: 2024-06-30\n            suggested: why\n",
    )
    with pytest.raises(PlanFileError, match=r"\.suggested: a suggestion needs the measure"):
        parse_plan_text(text)
