"""Sparklines: a series of dated values as inline SVG, with its text alternative."""

import datetime
import math
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from stratmon.charts.sparkline import sparkline

SVG = "{http://www.w3.org/2000/svg}"
D = datetime.date
MONTHS = [D(2022, 7, 31), D(2022, 8, 31), D(2022, 9, 30), D(2022, 10, 31)]


def parse(markup: str) -> ET.Element:
    root = ET.fromstring(markup)
    assert root.tag == f"{SVG}svg"
    return root


def points_of(path: ET.Element) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"[ML]([\d.]+) ([\d.]+)", path.get("d"))]


def test_the_line_rises_with_the_values_and_spans_the_box():
    root = parse(sparkline(list(zip(MONTHS, [12, 15, 20, 27], strict=True)), width=100, height=20))
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (
        "100",
        "20",
        "0 0 100 20",
    )
    (line,) = root.iter(f"{SVG}path")
    xs, ys = zip(*points_of(line), strict=True)
    assert list(xs) == sorted(xs) and xs[0] == 2.5 and xs[-1] == 97.5  # by date, inside the pad
    assert list(ys) == sorted(ys, reverse=True)  # higher values are higher up
    assert (ys[0], ys[-1]) == (17.5, 2.5)  # the lowest at the bottom, the highest at the top
    (dot,) = root.iter(f"{SVG}circle")  # the last point marked
    assert (float(dot.get("cx")), float(dot.get("cy"))) == (xs[-1], ys[-1])


def test_its_text_alternative_names_the_first_and_last_values_and_months():
    root = parse(
        sparkline(
            list(zip(MONTHS, [12, 15, 20, 27], strict=True)),
            [(d, Decimal(33)) for d in MONTHS],
        )
    )
    label = "Actual from 12 to 27 between Jul 2022 and Oct 2022; expected 33 in Oct 2022"
    assert root.get("role") == "img"
    assert root.get("aria-label") == label
    assert root.find(f"{SVG}title").text == label


def test_the_expected_series_is_dashed_beneath_the_actual():
    root = parse(sparkline([(MONTHS[0], 1), (MONTHS[1], 2)], [(MONTHS[0], 0), (MONTHS[1], 4)]))
    expected, actual = root.iter(f"{SVG}path")
    assert expected.get("stroke-dasharray") == "3 2"
    assert actual.get("stroke-dasharray") is None
    # Both series share one scale: 4 expected is the top, 0 the bottom.
    assert points_of(expected)[-1][1] < points_of(actual)[-1][1]


def test_a_gap_breaks_the_line_and_a_lone_point_is_a_dot():
    values = [1, None, 3, 4]
    root = parse(sparkline(list(zip(MONTHS, values, strict=True))))
    (line,) = root.iter(f"{SVG}path")
    assert line.get("d").count("M") == 1 and len(points_of(line)) == 2  # 3 → 4 only
    dots = list(root.iter(f"{SVG}circle"))
    assert len(dots) == 2  # the lone first point, and the last


def test_a_lone_expected_point_is_a_grey_dot():
    root = parse(sparkline([(MONTHS[-1], 1)], [(MONTHS[0], None), (MONTHS[-1], 2)]))
    expected, actual = root.iter(f"{SVG}circle")
    assert expected.get("fill") == "#8a96a3" and actual.get("fill") == "#0b5cad"


def test_a_flat_series_sits_in_the_middle():
    root = parse(sparkline([(d, 5) for d in MONTHS], height=20))
    (line,) = root.iter(f"{SVG}path")
    assert {y for _, y in points_of(line)} == {10.0}


def test_nothing_recorded_says_so():
    root = parse(sparkline([(d, None) for d in MONTHS]))
    assert root.get("aria-label") == "Actual: no data between Jul 2022 and Oct 2022"
    assert list(root.iter(f"{SVG}path")) == []
    assert parse(sparkline([])).get("aria-label") == "Actual: no data"


def test_one_point_is_a_dot_named_by_its_month():
    root = parse(sparkline([(D(2024, 6, 30), Decimal("0.25"))], number=lambda v: f"{v:.0%}"))
    assert root.get("aria-label") == "Actual 25% in Jun 2024"
    assert list(root.iter(f"{SVG}path")) == [] and len(list(root.iter(f"{SVG}circle"))) == 1


def test_the_text_and_the_attributes_are_escaped():
    markup = sparkline(
        [(MONTHS[0], 1), (MONTHS[1], 2)],
        name='<b>"Trend" & co</b>',
        colour='red" onload="x',
        css_class='a"b',
    )
    root = parse(markup)
    assert root.get("aria-label").startswith('<b>"Trend" & co</b> from 1 to 2')
    assert "onload" not in root.find(f"{SVG}path").attrib
    assert "<b>" not in markup and "style" not in markup


def test_sixty_sparklines_of_two_years_are_cheap():
    import time

    series = [(D(2022, 7, 1) + datetime.timedelta(days=30 * i), Decimal(i)) for i in range(25)]
    started = time.perf_counter()
    for _ in range(60):
        sparkline(series, series)
    # A generous bound for a shared, busy machine: the page's budget is tens of milliseconds.
    assert time.perf_counter() - started < 0.5


values = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.decimals(allow_nan=True, allow_infinity=True),
)
series = st.lists(st.tuples(st.dates(), values), max_size=30)


@given(series, series, st.integers(10, 400), st.integers(10, 100), st.text(max_size=30))
def test_any_series_gives_valid_svg_without_nan(actual, expected, width, height, name):
    markup = sparkline(actual, expected, width=width, height=height, name=name)
    root = parse(markup)  # well-formed XML
    for element in root.iter():
        for key, value in element.attrib.items():
            if key != "aria-label":
                assert not re.search(r"nan|inf", value.lower()), (key, value)
        for attribute in ("cx", "cy", "r"):
            if element.get(attribute) is not None:
                number = float(element.get(attribute))
                assert math.isfinite(number) and -1 <= number <= max(width, height) + 1
        if element.tag == f"{SVG}path":
            for x, y in points_of(element):
                assert 0 <= x <= width and 0 <= y <= height
