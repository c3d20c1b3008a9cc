"""The report as a PDF (WeasyPrint): cover, contents, executive summary, charts, a table per
pillar, the Member matrix as an annex; page numbers and the as-of date on every page."""

from __future__ import annotations

import base64
import datetime
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from stratmon.charts import Chart, status_counts_chart, to_svg

from .matrix import cell_symbol
from .model import STATUS_ORDER, KpiChange, Report
from .people_section import as_charts
from .summary import executive_summary

STYLESHEET = Path(__file__).resolve().parent / "static" / "report.css"
# KPI columns per table of the matrix annex: what fits across a landscape A4 page.
MATRIX_COLUMNS = 12


def svg_data_uri(chart: Chart) -> str:
    """The chart drawn by the same Vega-Lite definition as the pages, as an <img> source."""
    svg = to_svg(chart.spec).encode("utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def charts(report: Report) -> dict[str, Any]:
    """The report's charts, each with its table (the PDF prints both)."""
    label = report.pillar_label
    by_pillar = status_counts_chart(
        [(f"{label} {p.code}", p.counts) for p in report.pillars],
        f"KPI status by {label.lower()}, {report.as_of:%-d %b %Y}",
    )
    overall = status_counts_chart(
        [("All KPIs", report.counts)], f"KPI status, {report.as_of:%-d %b %Y}"
    )
    people = as_charts(report.people) if report.people else []
    return {
        "overall": {"chart": overall, "src": svg_data_uri(overall)},
        "by_pillar": {"chart": by_pillar, "src": svg_data_uri(by_pillar)},
        "people": [{"chart": c, "src": svg_data_uri(c)} for c in people],
    }


def changes_by_kind(report: Report) -> dict[str, list[KpiChange]]:
    """The report's changes in the "what changed" page's three groups."""
    found: dict[str, list[KpiChange]] = {"status": [], "actual": [], "expected": []}
    for change in report.changes:
        found[change.moved].append(change)
    return found


def matrix_tables(matrix: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The matrix cut into tables of at most MATRIX_COLUMNS KPIs, each cell with its symbol
    and the day the KPI counts the Member from ("Mar 2023")."""
    if not matrix:
        return []
    tables = []
    count = len(matrix["columns"])
    # As even as can be: 25 KPIs make tables of 9, 8 and 8, not 12, 12 and 1.
    size = -(-count // -(-count // MATRIX_COLUMNS))
    for first in range(0, count, size):
        cut = slice(first, first + size)
        groups = [
            {
                "name": g["name"],
                "rows": [
                    {**r, "cells": [_matrix_cell(c) for c in r["cells"][cut]]} for r in g["rows"]
                ],
            }
            for g in matrix["groups"]
        ]
        tables.append({"columns": matrix["columns"][cut], "groups": groups})
    return tables


def _matrix_cell(cell: dict[str, Any]) -> dict[str, Any]:
    day = cell["counted_on"] if cell["state"] == "in" else None
    shown = f"{datetime.date.fromisoformat(day):%b %Y}" if day else ""
    return {"state": cell["state"], "symbol": cell_symbol(cell), "day": shown}


def render_html(report: Report) -> str:
    return render_to_string(
        "reports/report.html",
        {
            "report": report,
            "summary": executive_summary(report),
            "charts": charts(report),
            "statuses": STATUS_ORDER,
            "changes": changes_by_kind(report),
            "matrix": matrix_tables(report.matrix),
        },
    )


def render_pdf(report: Report) -> bytes:
    from weasyprint import CSS, HTML  # native libraries: loaded only when a PDF is made

    html = HTML(string=render_html(report), base_url=str(STYLESHEET.parent))
    return bytes(html.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))]))
