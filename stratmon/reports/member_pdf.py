"""The Member report as a PDF (WeasyPrint), with the plan report's stylesheet: a cover,
contents, statuses by topic, a table per plan, participation and requests; page numbers and
the as-of date on every page."""

from __future__ import annotations

from django.template.loader import render_to_string

from stratmon.charts import Chart

from .member_model import MemberReport
from .pdf_report import STYLESHEET, svg_data_uri


def render_member_html(report: MemberReport) -> str:
    chart = None
    if report.participants_chart:
        drawn = Chart(**report.participants_chart)
        chart = {"chart": drawn, "src": svg_data_uri(drawn)}
    return render_to_string("reports/member_report.html", {"report": report, "chart": chart})


def render_member_pdf(report: MemberReport) -> bytes:
    from weasyprint import CSS, HTML  # native libraries: loaded only when a PDF is made

    html = HTML(string=render_member_html(report), base_url=str(STYLESHEET.parent))
    return bytes(html.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))]))
