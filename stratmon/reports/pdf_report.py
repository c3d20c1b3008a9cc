"""The report as a PDF (WeasyPrint): cover, contents, executive summary, charts, a table per
pillar, the Member matrix as an annex; page numbers and the as-of date on every page."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from stratmon.charts import Chart, status_counts_chart, to_svg

from .model import STATUS_ORDER, Report
from .people_section import as_charts
from .summary import executive_summary

STYLESHEET = Path(__file__).resolve().parent / "static" / "report.css"


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


def render_html(report: Report) -> str:
    return render_to_string(
        "reports/report.html",
        {
            "report": report,
            "summary": executive_summary(report),
            "charts": charts(report),
            "statuses": STATUS_ORDER,
        },
    )


def render_pdf(report: Report) -> bytes:
    from weasyprint import CSS, HTML  # native libraries: loaded only when a PDF is made

    html = HTML(string=render_html(report), base_url=str(STYLESHEET.parent))
    return bytes(html.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))]))
