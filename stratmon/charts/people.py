"""Charts of who took part and how they rated it: participations by gender (as shares or as
counts) and mean evaluation scores, each as a Vega-Lite spec with the table of its numbers."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from stratmon.engine.periods import Period

from . import SCHEMA, Chart

GENDERS: tuple[str, ...] = ("female", "male", "other", "not_stated")
GENDER_LABELS: dict[str, str] = {
    "female": "women",
    "male": "men",
    "other": "other",
    "not_stated": "not stated",
}
# Fill and label colour per gender: purple and green stay apart for colour-blind readers, and
# every segment is labelled, so colour is never the only cue; "not stated" is also dashed.
GENDER_COLOURS: dict[str, tuple[str, str]] = {
    "female": ("#6b3fa0", "#ffffff"),
    "male": ("#2d7560", "#ffffff"),
    "other": ("#f0c05a", "#1d2733"),
    "not_stated": ("#e3e8ee", "#1d2733"),
}
SCORE_COLOUR = "#0b5394"  # .status-on_track's text colour: the house blue
TARGET_COLOUR = "#a3211b"
INK, MUTED = "#1d2733", "#5b6775"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SCALE = 5  # mean scores are shown out of 5
SMALL = 0.06  # segments narrower than this share of the bar go unlabelled (the table has them)


def year_label(period: Period, as_of: datetime.date) -> str:
    """A plan year as people say it: `2022–23` for July–June, `2023` for a calendar year;
    `(so far)` when the as-of date cuts it short."""
    start, end = period.start.year, period.end.year
    label = str(start) if start == end else f"{start}–{str(end)[-2:]}"
    return label + (" (so far)" if as_of < period.end else "")


def quarter_label(period: Period, as_of: datetime.date) -> str:
    """A quarter by its months: `Jul–Sep 2022` (`Dec 2022–Feb 2023` across a new year)."""
    start, end = period.start, period.end
    first, last = MONTHS[start.month - 1], MONTHS[end.month - 1]
    if start.year == end.year:
        label = f"{first}–{last} {end.year}" if first != last else f"{first} {end.year}"
    else:
        label = f"{first} {start.year}–{last} {end.year}"
    return label + (" (so far)" if as_of < period.end else "")


def percent(share: Decimal | float | None, places: int = 1) -> str:
    """`0.3125` → `31.3%`; None (nothing to divide) → `—`."""
    if share is None:
        return "—"
    return f"{float(share) * 100:.{places}f}%"


def gender_spec(
    rows: Sequence[tuple[str, Mapping[str, int]]],
    title: str,
    *,
    shares: bool = True,
    target: tuple[float, str] | None = None,
    width: int = 380,
    unit: str = "participations",
) -> dict[str, Any]:
    """A horizontal stacked bar per row (a plan year, a kind, a sub-region) of its
    participations by gender: as shares of the row's participations (`shares`), or counts.

    `rows` are (label, {gender: count}) top to bottom; a row without participations draws
    no bar. `target` (a share, its words) draws a dashed line across the bars; `unit` names
    what is counted on the axis. Unknown
    genders raise KeyError, so none can silently drop out of the chart.
    """
    values = []
    widest = max((sum(c.values()) for _, c in rows), default=0)
    for label, counts in rows:
        unknown = set(counts) - set(GENDERS)
        if unknown:
            raise KeyError(f"not a gender: {', '.join(sorted(unknown))}")
        total = sum(counts.values())
        for order, gender in enumerate(GENDERS):
            n = counts.get(gender, 0)
            if not n:
                continue
            share = n / total
            wide = share if shares else n / widest
            values.append(
                {
                    "group": label,
                    "gender": GENDER_LABELS[gender],
                    "count": n,
                    "total": total,
                    "share": round(share, 4),
                    "order": order,
                    "ink": GENDER_COLOURS[gender][1],
                    "label": (percent(share, 0) if shares else str(n)) if wide >= SMALL else "",
                }
            )
    labels = [GENDER_LABELS[g] for g in GENDERS]
    field = "share" if shares else "count"
    x: dict[str, Any] = {
        "field": field,
        "type": "quantitative",
        "stack": "zero",
        "title": f"share of {unit}" if shares else unit,
    }
    if shares:
        x["scale"] = {"domain": [0, 1]}
        x["axis"] = {"format": ".0%"}
    else:
        x["axis"] = {"tickMinStep": 1, "format": "d"}
    y: dict[str, Any] = {"field": "group", "type": "nominal", "sort": None, "title": None}
    stacking: dict[str, Any] = {"field": "order", "type": "quantitative"}
    tooltip = [
        {"field": "group", "type": "nominal", "title": "Of"},
        {"field": "gender", "type": "nominal", "title": "Gender"},
        {"field": "count", "type": "quantitative", "title": "Participations"},
        {"field": "share", "type": "quantitative", "title": "Share", "format": ".1%"},
        {"field": "total", "type": "quantitative", "title": "All"},
    ]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "stroke": MUTED, "strokeWidth": 0.75},
            "encoding": {
                "y": y,
                "x": x,
                "order": stacking,
                "color": {
                    "field": "gender",
                    "type": "nominal",
                    "title": "Gender",
                    "scale": {"domain": labels, "range": [GENDER_COLOURS[g][0] for g in GENDERS]},
                    "legend": {"orient": "bottom"},
                },
                "strokeDash": {
                    "field": "gender",
                    "type": "nominal",
                    "title": "Gender",
                    "scale": {
                        "domain": labels,
                        "range": [[4, 3] if g == "not_stated" else [1, 0] for g in GENDERS],
                    },
                },
                "tooltip": tooltip,
            },
        },
        {
            "mark": {"type": "text", "fontWeight": "bold"},
            "encoding": {
                "y": y,
                "x": {**x, "bandPosition": 0.5},
                "order": stacking,
                "text": {"field": "label", "type": "nominal"},
                # The label's own colour, white on the dark fills (no scale: the value itself).
                "fill": {"field": "ink", "type": "nominal", "scale": None, "legend": None},
                "tooltip": tooltip,
            },
        },
    ]
    spec: dict[str, Any] = {
        "$schema": SCHEMA,
        "title": title,
        "description": f"{title}: a stacked bar per row, one segment per gender.",
        "width": width,
        "height": {"step": 26},
        "data": {"values": values},
        "layer": layers,
    }
    if target is not None:
        layers.append(_target_rule("x", target[0]))
        spec["title"] = {"text": title, "subtitle": f"Dashed line: {target[1]}"}
    return spec


def _target_rule(channel: str, value: float) -> dict[str, Any]:
    return {
        # Told in the subtitle; as a mark of its own it has nothing for a screen reader.
        "mark": {
            "type": "rule",
            "color": TARGET_COLOUR,
            "strokeDash": [6, 4],
            "strokeWidth": 2,
            "aria": False,
        },
        "encoding": {channel: {"datum": value}},
    }


def gender_table(
    rows: Sequence[tuple[str, Mapping[str, int]]],
) -> tuple[list[str], list[list[Any]]]:
    """Columns and rows: each gender's count, all, and the share of women (women ÷ all)."""
    columns = ["", *(GENDER_LABELS[g] for g in GENDERS), "all", "share of women"]
    table = []
    for label, counts in rows:
        total = sum(counts.values())
        share = counts.get("female", 0) / total if total else None
        table.append([label, *(counts.get(g, 0) for g in GENDERS), total, percent(share)])
    return columns, table


def gender_chart(
    rows: Sequence[tuple[str, Mapping[str, int]]],
    title: str,
    *,
    shares: bool = True,
    target: tuple[float, str] | None = None,
    unit: str = "participations",
) -> Chart:
    """The gender chart with its table: a row per bar, a column per gender, all, women's share."""
    columns, table = gender_table(rows)
    spec = gender_spec(rows, title, shares=shares, target=target, unit=unit)
    return Chart(spec=spec, caption=title, columns=columns, rows=table)


def scores_spec(
    rows: Sequence[tuple[str, Decimal | None, int]],
    title: str,
    *,
    over_time: bool = False,
    target: tuple[float, str] | None = None,
) -> dict[str, Any]:
    """Mean evaluation scores out of 5 with their response counts: a horizontal bar per row
    (kinds, plan years), or a line over time (`over_time`, quarters) that skips periods
    without responses. `rows` are (label, mean out of 5 or None, responses)."""
    values = [
        {
            "group": label,
            "mean": float(mean),
            "responses": n,
            "label": f"{mean:.2f}",
            "n": f"{n} responses" if not over_time else f"n={n}",
        }
        for label, mean, n in rows
        if mean is not None
    ]
    tooltip = [
        {"field": "group", "type": "nominal", "title": "Of"},
        {"field": "mean", "type": "quantitative", "title": "Mean score (of 5)", "format": ".2f"},
        {"field": "responses", "type": "quantitative", "title": "Responses"},
    ]
    mean: dict[str, Any] = {
        "field": "mean",
        "type": "quantitative",
        "title": "mean score (out of 5)",
        "scale": {"domain": [0, SCALE]},
    }
    group: dict[str, Any] = {
        "field": "group",
        "type": "ordinal" if over_time else "nominal",
        "sort": None,
        # Every row keeps its place, those without responses too (no bar, no point).
        "scale": {"domain": [label for label, _, _ in rows]},
        "title": None,
    }
    layers: list[dict[str, Any]]
    subtitle = []
    if over_time:
        # Horizontal labels while they fit (two plan years of quarters); slanted beyond.
        group["axis"] = {"labelAngle": 0 if len(rows) <= 8 else -40}
        layers = [
            {
                "mark": {"type": "line", "color": SCORE_COLOUR, "point": {"size": 60}},
                "encoding": {"x": group, "y": mean, "tooltip": tooltip},
            },
            {
                "mark": {"type": "text", "dy": -12, "fontWeight": "bold", "color": INK},
                "encoding": {"x": group, "y": mean, "text": {"field": "label"}},
            },
            {
                # The responses along the foot of the chart, under every period (n=0 too).
                "data": {"values": [{"group": g, "n": f"n={n}"} for g, _, n in rows]},
                "mark": {"type": "text", "fontSize": 10, "color": MUTED},
                "encoding": {"x": group, "y": {"datum": 0.35}, "text": {"field": "n"}},
            },
        ]
        subtitle.append("n: the number of responses")
    else:
        layers = [
            {
                "mark": {"type": "bar", "color": SCORE_COLOUR},
                "encoding": {"y": group, "x": mean, "tooltip": tooltip},
            },
            {
                # At the bar's start, clear of the target line near its end.
                "mark": {
                    "type": "text",
                    "align": "left",
                    "dx": 5,
                    "fontWeight": "bold",
                    "color": "#ffffff",
                },
                "encoding": {"y": group, "x": {"datum": 0}, "text": {"field": "label"}},
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 6, "color": MUTED},
                "encoding": {"y": group, "x": {"datum": SCALE}, "text": {"field": "n"}},
            },
        ]
    spec: dict[str, Any] = {
        "$schema": SCHEMA,
        "title": title,
        "description": f"{title}: mean score out of 5, with the number of responses.",
        "width": 640 if over_time else 300,
        "height": 220 if over_time else {"step": 30},
        "data": {"values": values},
        "layer": layers,
    }
    if target is not None:
        layers.append(_target_rule("y" if over_time else "x", target[0]))
        subtitle.insert(0, f"Dashed line: {target[1]}")
    if subtitle:
        spec["title"] = {"text": title, "subtitle": subtitle}
    return spec


def scores_chart(
    rows: Sequence[tuple[str, Decimal | None, int]],
    title: str,
    *,
    over_time: bool = False,
    target: tuple[float, str] | None = None,
) -> Chart:
    """The scores chart with its table: mean out of 5 (— without responses) and responses."""
    table: list[list[Any]] = [
        [label, f"{mean:.2f}" if mean is not None else "—", n] for label, mean, n in rows
    ]
    return Chart(
        spec=scores_spec(rows, title, over_time=over_time, target=target),
        caption=title,
        columns=["", "mean score (out of 5)", "responses"],
        rows=table,
    )
