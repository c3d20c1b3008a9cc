"""The report as a PDF (WeasyPrint): cover, contents, executive summary, charts, a table per
pillar, the Member matrix as an annex; page numbers and the as-of date on every page."""

from __future__ import annotations

import base64
import datetime
import io
import logging
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from stratmon.charts import Chart, status_counts_chart, to_svg

from .matrix import cell_symbol
from .model import STATUS_ORDER, KpiChange, Report
from .people_section import as_charts
from .summary import executive_summary

STYLESHEET = Path(__file__).resolve().parent / "static" / "report.css"
# Seconds the annex may take in its own process before it is laid out here instead.
WORKER_TIMEOUT = 300
log = logging.getLogger(__name__)
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


def _context(report: Report) -> dict[str, Any]:
    return {
        "report": report,
        "summary": executive_summary(report),
        "charts": charts(report),
        "statuses": STATUS_ORDER,
        "changes": changes_by_kind(report),
        "matrix": matrix_tables(report.matrix),
    }


def render_html(report: Report) -> str:
    """The report but its annex, as the HTML WeasyPrint lays out."""
    return render_to_string("reports/report.html", _context(report))


def render_annex_html(report: Report) -> str | None:
    """The Member annex as a document of its own (numbered on its own), or None."""
    if not report.matrix:
        return None
    return render_to_string("reports/annex.html", {"report": report, **_context(report)})


def render_pdf(report: Report) -> bytes:
    """The report, its annex laid out in a second process meanwhile: WeasyPrint spends about
    0.1 s a page, and at full scale the annex is most of the pages (bench/README.md)."""
    from weasyprint import CSS, HTML  # native libraries: loaded only when a PDF is made

    annex_html = render_annex_html(report)
    annex = _AnnexWorker(annex_html) if annex_html else None
    html = HTML(string=render_html(report), base_url=str(STYLESHEET.parent))
    body = bytes(html.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))]))
    if annex is None:
        return body
    return join_pdfs([body, annex.result()])


class _AnnexWorker:
    """`pdf_worker` on one document; its result, or the document laid out here if the
    process could not (no interpreter to start, a crash): the report never lacks its annex."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.out: dict[str, Any] = {}
        command = [sys.executable, "-m", "stratmon.reports.pdf_worker"]
        try:
            self.process: subprocess.Popen[bytes] | None = subprocess.Popen(
                [*command, str(STYLESHEET.parent), str(STYLESHEET)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError:
            self.process = None
            return
        # The pipes are served by a thread, which waits on them without the interpreter.
        self.thread = threading.Thread(target=self._talk, daemon=True)
        self.thread.start()

    def _talk(self) -> None:
        assert self.process is not None
        self.out["pdf"], self.out["errors"] = self.process.communicate(self.html.encode())

    def result(self) -> bytes:
        if self.process is not None:
            self.thread.join(timeout=WORKER_TIMEOUT)
            pdf = self.out.get("pdf") or b""
            if self.process.returncode == 0 and pdf.startswith(b"%PDF"):
                return bytes(pdf)
            if self.thread.is_alive():
                self.process.kill()
            log.warning("the annex's PDF process failed: %s", self.out.get("errors", b"")[-500:])
        from weasyprint import CSS, HTML

        html = HTML(string=self.html, base_url=str(STYLESHEET.parent))
        return bytes(html.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))]))


def join_pdfs(parts: list[bytes]) -> bytes:
    """The documents one after the other, as one PDF (the same bytes for the same parts)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
