"""Chart definitions: the Vega-Lite spec on given counts, and its SVG drawn on the server."""

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from stratmon.charts import STATUSES, status_counts_chart, status_counts_spec, to_svg

ROWS = [
    ("Pillar 1", {"achieved": 3, "on_track": 2, "no_data": 1}),
    ("Pillar 2", {"off_track": 4, "not_started": 0}),
]


def test_the_spec_holds_one_value_per_counted_status_in_stacking_order():
    spec = status_counts_spec(ROWS, "KPIs by status")
    assert spec["data"]["values"] == [
        {"group": "Pillar 1", "status": "achieved", "count": 3, "order": 0},
        {"group": "Pillar 1", "status": "on track", "count": 2, "order": 1},
        {"group": "Pillar 1", "status": "no data", "count": 1, "order": 5},
        {"group": "Pillar 2", "status": "off track", "count": 4, "order": 3},
    ]
    assert spec["title"] == "KPIs by status"
    json.dumps(spec)  # plain JSON, for the page's data-spec attribute


def test_the_spec_stacks_horizontal_bars_coloured_as_the_status_badges():
    bar, text = status_counts_spec(ROWS)["layer"]
    assert bar["mark"]["type"] == "bar"
    assert bar["encoding"]["x"]["stack"] == "zero"
    color = bar["encoding"]["color"]["scale"]
    assert color["domain"] == ["achieved", "on track", "at risk", "off track", "not started",
                               "no data"]  # fmt: skip
    assert color["range"][0] == "#e3f5e8"  # .status-achieved's background
    # Not colour alone: counts written on the segments, no data outlined dashed, tooltips.
    assert text["encoding"]["text"]["field"] == "count"
    assert bar["encoding"]["strokeDash"]["scale"]["range"][-1] == [4, 3]
    assert [t["field"] for t in bar["encoding"]["tooltip"]] == ["group", "status", "count"]


def test_an_unknown_status_is_an_error_not_a_missing_segment():
    with pytest.raises(KeyError):
        status_counts_spec([("Pillar 1", {"done": 1})])


def test_the_chart_carries_its_numbers_as_a_table():
    chart = status_counts_chart(ROWS)
    assert chart.columns == ["", *(s.replace("_", " ") for s in STATUSES), "total"]
    assert chart.rows == [["Pillar 1", 3, 2, 0, 0, 0, 1, 6], ["Pillar 2", 0, 0, 0, 4, 0, 0, 4]]


def test_to_svg_draws_the_same_spec_on_the_server():
    svg = to_svg(status_counts_spec(ROWS, "KPIs by status"))
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {"KPIs by status", "Pillar 1", "on track", "no data"} <= texts


def test_the_spec_builders_do_not_load_django():
    code = "import sys, stratmon.charts; print('django' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
