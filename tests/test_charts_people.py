"""The gender and score charts: their specs on given numbers, their tables, and their SVG."""

import datetime
import json
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from stratmon.charts import to_svg
from stratmon.charts.people import (
    gender_chart,
    gender_spec,
    quarter_label,
    scores_chart,
    scores_spec,
    year_label,
)
from stratmon.engine.periods import Period

D = datetime.date
SVG = "{http://www.w3.org/2000/svg}"
ROWS = [
    ("2022–23", {"female": 30, "male": 60, "other": 2, "not_stated": 8}),
    ("2023–24", {"female": 1, "male": 40}),
]
SCORES = [("Jul–Sep 2022", Decimal("4.25"), 40), ("Oct–Dec 2022", None, 0),
          ("Jan–Mar 2023", Decimal("3.90"), 12)]  # fmt: skip


def texts(svg):
    return [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_the_gender_spec_holds_each_counted_gender_with_its_share():
    spec = gender_spec(ROWS, "By plan year")
    values = spec["data"]["values"]
    assert [(v["group"], v["gender"], v["count"]) for v in values] == [
        ("2022–23", "women", 30),
        ("2022–23", "men", 60),
        ("2022–23", "other", 2),
        ("2022–23", "not stated", 8),
        ("2023–24", "women", 1),
        ("2023–24", "men", 40),
    ]
    assert values[0]["share"] == 0.3 and values[0]["label"] == "30%"
    # A segment too narrow for its label leaves it to the table and the tooltip.
    assert values[2]["label"] == "" and values[4]["label"] == ""
    bar = spec["layer"][0]["encoding"]
    assert bar["x"]["field"] == "share" and bar["x"]["scale"]["domain"] == [0, 1]
    assert bar["color"]["scale"]["domain"] == ["women", "men", "other", "not stated"]
    assert bar["strokeDash"]["scale"]["range"][-1] == [4, 3]  # not stated: dashed
    json.dumps(spec)


def test_counts_instead_of_shares_and_a_target_line():
    spec = gender_spec(ROWS, "Heads", shares=False, target=(0.25, "KPI 3.e.1's target"))
    assert spec["layer"][0]["encoding"]["x"]["field"] == "count"
    assert spec["data"]["values"][0]["label"] == "30"
    rule = spec["layer"][-1]
    assert rule["mark"]["type"] == "rule" and rule["encoding"]["x"] == {"datum": 0.25}
    assert spec["title"]["subtitle"] == "Dashed line: KPI 3.e.1's target"


def test_an_unknown_gender_is_an_error_not_a_missing_segment():
    with pytest.raises(KeyError):
        gender_spec([("2022–23", {"unknown": 3})], "x")


def test_the_gender_table_shows_every_gender_all_and_the_share_of_women():
    chart = gender_chart([*ROWS, ("2024–25", {})], "By plan year")
    assert chart.columns == ["", "women", "men", "other", "not stated", "all", "share of women"]
    assert chart.rows == [
        ["2022–23", 30, 60, 2, 8, 100, "30.0%"],
        ["2023–24", 1, 40, 0, 0, 41, "2.4%"],
        ["2024–25", 0, 0, 0, 0, 0, "—"],
    ]


def test_the_scores_spec_skips_periods_without_responses():
    spec = scores_spec(SCORES, "By quarter", over_time=True, target=(4.0, "target"))
    assert [(v["group"], v["mean"], v["responses"]) for v in spec["data"]["values"]] == [
        ("Jul–Sep 2022", 4.25, 40),
        ("Jan–Mar 2023", 3.9, 12),
    ]
    line = spec["layer"][0]
    assert line["mark"]["type"] == "line"
    # The axis keeps every period in order, the empty one too.
    assert line["encoding"]["x"]["scale"]["domain"] == [
        "Jul–Sep 2022",
        "Oct–Dec 2022",
        "Jan–Mar 2023",
    ]
    assert line["encoding"]["y"]["scale"]["domain"] == [0, 5]
    assert spec["layer"][-1]["encoding"]["y"] == {"datum": 4.0}
    bars = scores_spec(SCORES, "By kind")
    assert bars["layer"][0]["mark"]["type"] == "bar"
    assert bars["data"]["values"][0]["n"] == "40 responses"


def test_the_scores_table_says_when_there_is_no_response():
    chart = scores_chart(SCORES, "By quarter", over_time=True)
    assert chart.columns == ["", "mean score (out of 5)", "responses"]
    assert chart.rows == [
        ["Jul–Sep 2022", "4.25", 40],
        ["Oct–Dec 2022", "—", 0],
        ["Jan–Mar 2023", "3.90", 12],
    ]


def test_periods_read_as_people_say_them():
    year = Period(D(2022, 7, 1), D(2023, 6, 30))
    assert year_label(year, D(2024, 1, 1)) == "2022–23"
    assert year_label(year, D(2023, 1, 1)) == "2022–23 (so far)"
    assert year_label(Period(D(2023, 1, 1), D(2023, 12, 31)), D(2024, 1, 1)) == "2023"
    quarter = Period(D(2022, 7, 1), D(2022, 9, 30))
    assert quarter_label(quarter, D(2024, 1, 1)) == "Jul–Sep 2022"
    assert quarter_label(Period(D(2022, 12, 1), D(2023, 2, 28)), D(2024, 1, 1)) == (
        "Dec 2022–Feb 2023"
    )


@pytest.mark.parametrize(
    "spec",
    [
        gender_spec(ROWS, "Participations by gender", target=(0.25, "target")),
        gender_spec(ROWS, "Heads of delegation", shares=False),
        scores_spec(SCORES, "Mean score by kind", target=(4.0, "target")),
        scores_spec(SCORES, "Mean score by quarter", over_time=True),
    ],
    ids=["shares", "counts", "score bars", "score line"],
)
def test_to_svg_draws_each_chart_on_the_server(spec):
    found = texts(to_svg(spec))
    title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    assert title in found
    assert "2022–23" in found or "Jul–Sep 2022" in found
