"""A KPI's trend chart: actual and expected month by month, the target, and the projection
to the deadline; for a frequency target, a bar per period, met, missed or still running.

Plain data in (numbers as floats in the target's own terms: a share as a fraction), a
Vega-Lite spec and its table out; no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import SCHEMA, STATUS_COLOURS, Chart, status_label

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
INK, MUTED, ACCENT, TARGET = "#1d2733", "#5b6775", "#0b5cad", "#a3211b"
# Each line differs by its dash as well as its colour, so the legend reads without colour.
SERIES = ("actual", "expected", "projection", "target")
SERIES_COLOURS = (ACCENT, MUTED, ACCENT, TARGET)
SERIES_DASHES: tuple[list[int], ...] = ([1, 0], [2, 3], [7, 4], [12, 3, 2, 3])
# Period bars: met and missed in the status colours, the running one outlined dashed, and
# every bar labelled in words above it.
RESULTS = ("met", "missed", "running")
RESULT_FILLS = (
    STATUS_COLOURS["achieved"][1],
    STATUS_COLOURS["off_track"][1],
    STATUS_COLOURS["not_started"][0],
)
RESULT_STROKES = (
    STATUS_COLOURS["achieved"][2],
    STATUS_COLOURS["off_track"][2],
    STATUS_COLOURS["not_started"][2],
)
RESULT_DASHES: tuple[list[int], ...] = ([1, 0], [1, 0], [4, 3])
WIDTH, HEIGHT = 600, 280


@dataclass(frozen=True)
class TrendPoint:
    """The KPI as evaluated on one date (a month end, or the as-of date)."""

    day: date
    actual: float | None
    expected: float | None
    status: str


@dataclass(frozen=True)
class PeriodBar:
    """One period of a frequency target; `met` is None while it runs."""

    start: date
    end: date
    actual: float | None
    met: bool | None


@dataclass(frozen=True)
class Trend:
    """What a KPI's trend chart shows. `target` is the threshold (per period for a frequency
    target), `projected` the value expected at `deadline` at the current pace; `percent`
    writes fractions as percentages (shares, changes)."""

    title: str
    plan_start: date
    deadline: date
    points: Sequence[TrendPoint]
    target: float | None = None
    target_label: str = "target"
    projected: float | None = None
    periods: Sequence[PeriodBar] = field(default_factory=tuple)
    percent: bool = False
    whole: bool = False  # counts: whole numbers on the axis
    y_title: str = ""


def day_words(day: date) -> str:
    """`31 Jul 2022`, whatever the locale (Vega's own formatting depends on the browser)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def number_words(value: float | None, percent: bool) -> str:
    """A value for the table and the tooltips: `27`, `4.35`, `31.5 %`; blank for none."""
    if value is None:
        return ""
    if percent:
        return f"{value * 100:.1f}".rstrip("0").rstrip(".") + " %"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _y(trend: Trend, title: str | None = None) -> dict[str, Any]:
    axis: dict[str, Any] = {"format": ".0%" if trend.percent else "~g", "grid": True}
    if trend.whole:
        axis.update(format="d", tickMinStep=1)
    scale: dict[str, Any] = {"zero": True, "nice": True}
    values = [
        v
        for v in (
            trend.target,
            *(
                (p.actual for p in trend.periods)
                if trend.periods
                else (trend.projected, *(p.actual for p in trend.points))
            ),
            *(() if trend.periods else (p.expected for p in trend.points)),
        )
        if v is not None
    ]
    if trend.target is not None and values:
        # Room above the highest line, so the target's words sit clear of the frame.
        scale["domainMax"] = max(values) * 1.12
    return {
        "field": "value",
        "type": "quantitative",
        "title": title if title is not None else trend.y_title,
        "axis": axis,
        "scale": scale,
    }


def _x(title: str | None = None) -> dict[str, Any]:
    # UTC: the ISO dates are read as UTC midnights, so no time zone moves a point a day.
    return {
        "field": "date",
        "type": "temporal",
        "title": title,
        "scale": {"type": "utc"},
        "axis": {"format": "%b %Y", "labelAngle": 0, "tickCount": 8},
    }


def _series_rows(trend: Trend) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def add(series: str, day: date, value: float | None, status: str = "") -> None:
        if value is None:
            return
        rows.append(
            {
                "series": series,
                "date": day.isoformat(),
                "when": day_words(day),
                "value": value,
                "shown": number_words(value, trend.percent),
                "status": status_label(status) if status else "",
            }
        )

    for p in trend.points:
        add("actual", p.day, p.actual, p.status)
        add("expected", p.day, p.expected, p.status)
    last = next((p for p in reversed(trend.points) if p.actual is not None), None)
    if last is not None and trend.projected is not None and trend.deadline > last.day:
        add("projection", last.day, last.actual)
        add("projection", trend.deadline, trend.projected)
    if trend.target is not None:
        add("target", trend.plan_start, trend.target)
        add("target", _last_day(trend), trend.target)
    return rows


def _last_day(trend: Trend) -> date:
    """The chart's right end: the deadline, or the last point if later."""
    return max([trend.deadline, *(p.day for p in trend.points)])


def _scale(domain: Sequence[str], range_: Sequence[Any]) -> dict[str, Any]:
    return {"domain": list(domain), "range": list(range_)}


def _lines(trend: Trend) -> dict[str, Any]:
    rows = _series_rows(trend)
    shown = [s for s in SERIES if any(r["series"] == s for r in rows)]
    colours = [SERIES_COLOURS[SERIES.index(s)] for s in shown]
    dashes = [SERIES_DASHES[SERIES.index(s)] for s in shown]
    legend = {"orient": "bottom", "title": None, "symbolType": "stroke", "symbolStrokeWidth": 2}
    tooltip = [
        {"field": "series", "type": "nominal", "title": "Line"},
        {"field": "when", "type": "nominal", "title": "Date"},
        {"field": "shown", "type": "nominal", "title": "Value"},
        {"field": "status", "type": "nominal", "title": "Status"},
    ]
    encoding: dict[str, Any] = {
        "x": _x(),
        "y": _y(trend),
        "color": {"field": "series", "type": "nominal", "scale": _scale(shown, colours)},
        "strokeDash": {"field": "series", "type": "nominal", "scale": _scale(shown, dashes)},
        "tooltip": tooltip,
    }
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "line", "strokeWidth": 2, "interpolate": "linear"},
            "encoding": {
                **encoding,
                "color": {**encoding["color"], "legend": legend},
                "strokeDash": {**encoding["strokeDash"], "legend": legend},
            },
        },
        {
            "transform": [{"filter": "datum.series === 'actual'"}],
            "mark": {"type": "point", "filled": True, "size": 36, "color": ACCENT},
            "encoding": {"x": _x(), "y": _y(trend), "tooltip": tooltip},
        },
    ]
    if trend.target is not None:
        layers.append(_target_label(trend, trend.target))
    return {"data": {"values": rows}, "layer": layers}


def _target_label(trend: Trend, value: float) -> dict[str, Any]:
    """The target line's words, at its right end above the line."""
    end = _last_day(trend)
    return {
        "data": {
            "values": [{"date": end.isoformat(), "value": value, "label": trend.target_label}]
        },
        "mark": {
            "type": "text",
            "align": "right",
            "baseline": "bottom",
            "dy": -4,
            "color": TARGET,
            "fontWeight": "bold",
        },
        "encoding": {"x": _x(), "y": _y(trend), "text": {"field": "label"}},
    }


def _period_value(p: PeriodBar, trend: Trend) -> str:
    """A period's figure; "—" for none yet (a year-on-year change's running year)."""
    return number_words(p.actual, trend.percent) if p.actual is not None else "—"


def _result(met: bool | None) -> str:
    return "running" if met is None else "met" if met else "missed"


def _bars(trend: Trend) -> dict[str, Any]:
    rows = [
        {
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "date": p.start.isoformat(),
            "value": p.actual if p.actual is not None else 0,
            "result": _result(p.met),
            "period": f"{day_words(p.start)} – {day_words(p.end)}",
            "shown": _period_value(p, trend),
            "label": (
                f"{_period_value(p, trend)} · {_result(p.met)}"
                if p.actual is not None
                else _result(p.met)
            ),
            # Words in the middle of the bar, clear of the threshold line; a little above the
            # axis for an empty bar.
            "label_at": (p.actual or 0) / 2 or (trend.target or 1) * 0.08,
        }
        for p in trend.periods
    ]
    tooltip = [
        {"field": "period", "type": "nominal", "title": "Period"},
        {"field": "shown", "type": "nominal", "title": "Actual"},
        {"field": "result", "type": "nominal", "title": "Result"},
    ]
    x = {**_x(), "field": "start"}
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "strokeWidth": 1.5},
            "encoding": {
                "x": x,
                "x2": {"field": "end"},
                "y": _y(trend),
                # A bar spanning its period from x to x2 needs its foot said too.
                "y2": {"datum": 0},
                "color": {
                    "field": "result",
                    "type": "nominal",
                    "title": "Period",
                    "scale": _scale(RESULTS, RESULT_FILLS),
                    "legend": {"orient": "bottom", "symbolStrokeWidth": 1.5},
                },
                "stroke": {
                    "field": "result",
                    "type": "nominal",
                    "title": "Period",
                    "scale": _scale(RESULTS, RESULT_STROKES),
                },
                "strokeDash": {
                    "field": "result",
                    "type": "nominal",
                    "title": "Period",
                    "scale": _scale(RESULTS, RESULT_DASHES),
                },
                "tooltip": tooltip,
            },
        },
        {
            # The words on each bar: its number and whether it was met.
            "transform": [
                {"calculate": "(toDate(datum.start) + toDate(datum.end)) / 2", "as": "middle"}
            ],
            "mark": {"type": "text", "baseline": "middle", "color": INK, "fontWeight": "bold"},
            "encoding": {
                "x": {**_x(), "field": "middle"},
                "y": {**_y(trend), "field": "label_at"},
                "text": {"field": "label"},
                "tooltip": tooltip,
            },
        },
    ]
    if trend.target is not None:
        threshold = [
            {"date": trend.periods[0].start.isoformat(), "value": trend.target},
            {"date": trend.periods[-1].end.isoformat(), "value": trend.target},
        ]
        layers.append(
            {
                "data": {"values": threshold},
                "mark": {"type": "line", "color": TARGET, "strokeDash": [12, 3, 2, 3]},
                "encoding": {"x": _x(), "y": _y(trend)},
            }
        )
        layers.append(_target_label(trend, trend.target))
    return {"data": {"values": rows}, "layer": layers}


def trend_spec(trend: Trend) -> dict[str, Any]:
    """The Vega-Lite spec: lines (actual, expected, projection dashed, target) or, with
    periods, a bar per period labelled met, missed or running, under the threshold line."""
    body = _bars(trend) if trend.periods else _lines(trend)
    kind = "a bar per period" if trend.periods else "lines over time"
    return {
        "$schema": SCHEMA,
        "title": trend.title,
        "description": f"{trend.title}: {kind}.",
        "width": WIDTH,
        "height": HEIGHT,
        "config": {"font": "system-ui, sans-serif", "view": {"stroke": None}},
        **body,
    }


def trend_chart(trend: Trend) -> Chart:
    """The chart with its table: a row per date (date, actual, expected, status), or per
    period (period, actual, needed, result) for a frequency target."""
    if trend.periods:
        needed = number_words(trend.target, trend.percent)
        return Chart(
            spec=trend_spec(trend),
            caption=trend.title,
            columns=["period", "actual", "needed", "result"],
            rows=[
                [
                    f"{day_words(p.start)} – {day_words(p.end)}",
                    _period_value(p, trend),
                    needed,
                    _result(p.met),
                ]
                for p in trend.periods
            ],
        )
    return Chart(
        spec=trend_spec(trend),
        caption=trend.title,
        columns=["date", "actual", "expected", "status"],
        rows=[
            [
                day_words(p.day),
                number_words(p.actual, trend.percent),
                number_words(p.expected, trend.percent),
                status_label(p.status),
            ]
            for p in trend.points
        ],
    )
