"""Chart definitions as Vega-Lite specs: one spec drawn by vega-embed in the page and by
vl-convert on the server (SVG for the PDF reports), each with the table of its numbers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, get_args

from stratmon.engine.kpi import Status

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
STATUSES: tuple[str, ...] = get_args(Status)  # achieved … no_data, the order they stack in

# The status badges' colours in web/static/web/stratmon.css (.status-*): fill, border, text.
STATUS_COLOURS: dict[str, tuple[str, str, str]] = {
    "achieved": ("#e3f5e8", "#a6d8b4", "#17642c"),
    "on_track": ("#e4f1fb", "#a9cdec", "#0b5394"),
    "at_risk": ("#fff4dc", "#f0cf8a", "#8a5a00"),
    "off_track": ("#fde7e6", "#f1b1ad", "#a3211b"),
    "not_started": ("#f1f3f5", "#d8dee6", "#5b6775"),
    "no_data": ("#f1f3f5", "#d8dee6", "#5b6775"),
}
# Not colour alone: every segment is labelled with its count, and the two grey statuses differ
# by their outline (no data is dashed).
STATUS_DASHES: dict[str, list[int]] = {s: [4, 3] if s == "no_data" else [1, 0] for s in STATUSES}


def status_label(status: str) -> str:
    """`on_track` → `on track`, as the pages write it (the status_label template filter)."""
    return status.replace("_", " ")


@dataclass(frozen=True)
class Chart:
    """A chart's spec and its text alternative: a table of the same numbers."""

    spec: dict[str, Any]
    caption: str
    columns: list[str]
    rows: list[list[Any]]


def status_counts_spec(
    rows: Sequence[tuple[str, Mapping[str, int]]],
    title: str = "KPIs by status",
    *,
    width: int = 560,
    legend: bool = True,
    label_limit: int = 180,
) -> dict[str, Any]:
    """A horizontal stacked bar per row (a plan or a pillar) of its KPIs' status counts.

    `rows` are (label, {status: count}) in the order the bars should read, top to bottom;
    a status missing from a row, or counted 0, draws no segment. Unknown statuses raise
    KeyError, so a new status cannot silently drop out of the chart. `width` is the plot's
    in pixels; without `legend`, the page says what the colours mean beside the chart;
    labels longer than `label_limit` pixels are cut with an ellipsis.
    """
    values = []
    for label, counts in rows:
        unknown = set(counts) - set(STATUSES)
        if unknown:
            raise KeyError(f"not a KPI status: {', '.join(sorted(unknown))}")
        for order, status in enumerate(STATUSES):
            if counts.get(status, 0):
                values.append(
                    {
                        "group": label,
                        "status": status_label(status),
                        "count": counts[status],
                        "order": order,
                    }
                )
    labels = [status_label(s) for s in STATUSES]
    hidden: dict[str, Any] = {} if legend else {"legend": None}

    def scale(range_: list[Any]) -> dict[str, Any]:
        return {"domain": labels, "range": range_}

    y = {
        "field": "group",
        "type": "nominal",
        "sort": None,
        "title": None,
        "axis": {"labelLimit": label_limit},
    }
    x = {
        "field": "count",
        "type": "quantitative",
        "stack": "zero",
        "title": "KPIs",
        "axis": {"tickMinStep": 1, "format": "d"},
    }
    tooltip = [
        {"field": "group", "type": "nominal", "title": "Of"},
        {"field": "status", "type": "nominal", "title": "Status"},
        {"field": "count", "type": "quantitative", "title": "KPIs"},
    ]
    return {
        "$schema": SCHEMA,
        "title": title,
        "description": f"{title}: a stacked bar per row, one segment per status.",
        "width": width,
        "data": {"values": values},
        "encoding": {"y": y, "order": {"field": "order", "type": "quantitative"}},
        "layer": [
            {
                "mark": {"type": "bar", "strokeWidth": 1.5},
                "encoding": {
                    "x": x,
                    "color": {
                        "field": "status",
                        "type": "nominal",
                        "title": "Status",
                        "scale": scale([STATUS_COLOURS[s][0] for s in STATUSES]),
                        "legend": {"orient": "bottom", "symbolStrokeWidth": 1.5}
                        if legend
                        else None,
                    },
                    "stroke": {
                        "field": "status",
                        "type": "nominal",
                        "title": "Status",
                        "scale": scale([STATUS_COLOURS[s][2] for s in STATUSES]),
                        **hidden,
                    },
                    "strokeDash": {
                        "field": "status",
                        "type": "nominal",
                        "title": "Status",
                        "scale": scale([STATUS_DASHES[s] for s in STATUSES]),
                        **hidden,
                    },
                    "tooltip": tooltip,
                },
            },
            {
                "mark": {"type": "text", "fontWeight": "bold"},
                "encoding": {
                    "x": {**x, "bandPosition": 0.5},
                    "text": {"field": "count", "type": "quantitative"},
                    "color": {"value": "#1d2733"},
                    "tooltip": tooltip,
                },
            },
        ],
    }


def status_counts_chart(
    rows: Sequence[tuple[str, Mapping[str, int]]],
    title: str = "KPIs by status",
    *,
    width: int = 560,
    legend: bool = True,
    label_limit: int = 180,
) -> Chart:
    """The status-counts chart with its table: a row per bar, a column per status."""
    return Chart(
        spec=status_counts_spec(rows, title, width=width, legend=legend, label_limit=label_limit),
        caption=title,
        columns=["", *(status_label(s) for s in STATUSES), "total"],
        rows=[
            [label, *(counts.get(s, 0) for s in STATUSES), sum(counts.values())]
            for label, counts in rows
        ],
    )


def to_svg(spec: Mapping[str, Any]) -> str:
    """The chart drawn on the server as an SVG document (offline: no data is fetched)."""
    import vl_convert  # 84 MB of native code: loaded only when a chart is drawn here

    return str(vl_convert.vegalite_to_svg(dict(spec), allowed_base_urls=[]))
