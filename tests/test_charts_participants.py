"""The participants chart: a bar per role stacked by gender, its table, its SVG."""

import json
import xml.etree.ElementTree as ET

import pytest

from stratmon.charts import to_svg
from stratmon.charts.participants import GENDER_COLOURS, participants_chart, participants_spec

COUNTS = {
    ("participant", "female"): 5,
    ("participant", "male"): 3,
    ("head_of_delegation", "not_stated"): 1,
    ("trainer", "female"): 2,
}


def test_the_spec_holds_a_value_per_role_and_gender_in_order():
    spec = participants_spec(COUNTS, "People by role")
    assert spec["data"]["values"] == [
        {"role": "participant", "gender": "female", "count": 5, "order": 0},
        {"role": "participant", "gender": "male", "count": 3, "order": 1},
        {"role": "head of delegation", "gender": "not stated", "count": 1, "order": 3},
        {"role": "trainer", "gender": "female", "count": 2, "order": 0},
    ]
    bar, text = spec["layer"]
    assert bar["encoding"]["color"]["scale"]["range"][0] == GENDER_COLOURS["female"][0]
    # not colour alone: counts on the segments, "not stated" outlined dashed
    assert text["encoding"]["text"]["field"] == "count"
    assert bar["encoding"]["strokeDash"]["scale"]["range"][-1] == [4, 3]
    json.dumps(spec)


def test_the_table_has_a_row_per_role_present_and_the_totals():
    chart = participants_chart(COUNTS, "People by role")
    assert chart.columns == ["role", "female", "male", "other", "not stated", "total"]
    assert chart.rows == [
        ["participant", 5, 3, 0, 0, 8],
        ["head of delegation", 0, 0, 0, 1, 1],
        ["trainer", 2, 0, 0, 0, 2],
        ["all roles", 7, 3, 0, 1, 11],
    ]


def test_an_unknown_role_or_gender_is_refused():
    with pytest.raises(KeyError, match="chief"):
        participants_spec({("chief", "female"): 1}, "x")


def test_the_server_draws_it_as_svg():
    svg = to_svg(participants_spec(COUNTS, "People by role"))
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert "head of delegation" in svg and "People by role" in svg
