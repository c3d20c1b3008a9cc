"""The KPI trend chart: lines (actual, expected, projection, target) or a bar per period, its
table, and the same spec drawn to SVG on the server."""

import datetime
import json
import xml.etree.ElementTree as ET

from stratmon.charts import to_svg
from stratmon.charts.trend import (
    PeriodBar,
    Trend,
    TrendPoint,
    day_words,
    number_words,
    trend_chart,
    trend_spec,
)

D = datetime.date
SVG = "{http://www.w3.org/2000/svg}"
POINTS = [
    TrendPoint(D(2022, 7, 31), 24.0, 24.0, "on_track"),
    TrendPoint(D(2022, 8, 31), 24.0, 24.4, "on_track"),
    TrendPoint(D(2022, 9, 15), 25.0, 24.8, "at_risk"),
]
LINES = Trend(
    title="KPI 1.g over time",
    plan_start=D(2022, 7, 1),
    deadline=D(2024, 6, 30),
    points=POINTS,
    target=33.0,
    target_label="target: all 33 Members",
    projected=31.5,
    whole=True,
    y_title="Members",
)
BARS = Trend(
    title="KPI 1.hh over time",
    plan_start=D(2022, 7, 1),
    deadline=D(2024, 6, 30),
    points=POINTS,
    target=3.0,
    target_label="needed: at least 3 times each plan year",
    periods=[
        PeriodBar(D(2022, 7, 1), D(2023, 6, 30), 3.0, True),
        PeriodBar(D(2023, 7, 1), D(2024, 6, 30), 1.0, None),
    ],
    whole=True,
)


def rows(spec, series):
    return [(v["date"], v["value"]) for v in spec["data"]["values"] if v["series"] == series]


def test_the_lines_hold_actual_expected_the_projection_and_the_target():
    spec = trend_spec(LINES)
    json.dumps(spec)  # plain JSON, for the page's data-spec attribute
    assert rows(spec, "actual") == [
        ("2022-07-31", 24.0),
        ("2022-08-31", 24.0),
        ("2022-09-15", 25.0),
    ]
    assert rows(spec, "expected")[-1] == ("2022-09-15", 24.8)
    # From the last actual to the projected value on the deadline.
    assert rows(spec, "projection") == [("2022-09-15", 25.0), ("2024-06-30", 31.5)]
    # The target from the plan start to the deadline.
    assert rows(spec, "target") == [("2022-07-01", 33.0), ("2024-06-30", 33.0)]
    line = spec["layer"][0]
    dashes = dict(
        zip(
            line["encoding"]["strokeDash"]["scale"]["domain"],
            line["encoding"]["strokeDash"]["scale"]["range"],
            strict=True,
        )
    )
    # Not colour alone: each line has its own dash.
    assert len({json.dumps(d) for d in dashes.values()}) == 4
    assert dashes["projection"] != dashes["actual"]
    assert spec["layer"][-1]["data"]["values"][0]["label"] == "target: all 33 Members"
    assert line["encoding"]["y"]["axis"]["format"] == "d"


def test_no_projection_without_a_projected_value_or_after_the_deadline():
    spec = trend_spec(Trend("t", D(2022, 7, 1), D(2024, 6, 30), POINTS, target=33.0))
    assert rows(spec, "projection") == []
    late = [TrendPoint(D(2024, 7, 31), 30.0, 33.0, "off_track")]
    spec = trend_spec(Trend("t", D(2022, 7, 1), D(2024, 6, 30), late, projected=30.0))
    assert rows(spec, "projection") == [] and rows(spec, "target") == []


def test_shares_read_as_percentages():
    share = Trend("t", D(2022, 7, 1), D(2024, 6, 30), POINTS[:1], target=0.25, percent=True)
    spec = trend_spec(share)
    assert spec["layer"][0]["encoding"]["y"]["axis"]["format"] == ".0%"
    assert number_words(0.315, True) == "31.5 %"
    assert number_words(4.25, False) == "4.25" and number_words(None, False) == ""


def test_a_frequency_target_has_a_bar_per_period_labelled_met_missed_or_running():
    spec = trend_spec(BARS)
    bars = spec["data"]["values"]
    assert [(b["start"], b["end"], b["value"], b["result"]) for b in bars] == [
        ("2022-07-01", "2023-06-30", 3.0, "met"),
        ("2023-07-01", "2024-06-30", 1.0, "running"),
    ]
    bar, words, threshold, label = spec["layer"]
    assert bar["mark"]["type"] == "bar" and bar["encoding"]["y2"] == {"datum": 0}
    # Colour, outline and words: the running period is outlined dashed, each bar says it.
    assert bar["encoding"]["strokeDash"]["scale"]["range"][2] == [4, 3]
    assert [b["label"] for b in bars] == ["3 · met", "1 · running"]
    assert words["encoding"]["text"]["field"] == "label"
    assert threshold["data"]["values"][0]["value"] == 3.0
    assert label["data"]["values"][0]["label"] == "needed: at least 3 times each plan year"


def test_the_chart_carries_its_numbers_as_a_table():
    chart = trend_chart(LINES)
    assert chart.columns == ["date", "actual", "expected", "status"]
    assert chart.rows[0] == ["31 Jul 2022", "24", "24", "on track"]
    assert chart.rows[-1] == ["15 Sep 2022", "25", "24.8", "at risk"]
    chart = trend_chart(BARS)
    assert chart.columns == ["period", "actual", "needed", "result"]
    assert chart.rows == [
        ["1 Jul 2022 – 30 Jun 2023", "3", "3", "met"],
        ["1 Jul 2023 – 30 Jun 2024", "1", "3", "running"],
    ]
    assert day_words(D(2024, 2, 29)) == "29 Feb 2024"


def test_to_svg_draws_both_on_the_server():
    for trend, words in ((LINES, {"target: all 33 Members", "actual", "projection"}),
                         (BARS, {"3 · met", "1 · running", "met", "missed"})):  # fmt: skip
        root = ET.fromstring(to_svg(trend_spec(trend)))
        assert root.tag == f"{SVG}svg"
        texts = {t.text for t in root.iter(f"{SVG}text")}
        assert {trend.title, *words} <= texts, texts
