"""The report as an XLSX workbook: a summary, a sheet per pillar, the Member matrix.

Numbers are numbers (shares as fractions with a percent format), headers are frozen, every
table has its filter, and the status column is coloured by conditional formats, so a
status typed over in Excel takes its colour.
"""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from stratmon.charts import STATUS_COLOURS

from .model import STATUS_ORDER, PillarSection, Report

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
KPI_COLUMNS = (
    ("KPI", 8),
    ("Action", 8),
    ("KPI text", 50),
    ("Target", 36),
    ("Deadline", 12),
    ("Actual", 11),
    ("Expected", 11),
    ("Projected", 11),
    ("Status", 13),
    ("Reason", 70),
)
STATUS_COLUMN = "I"  # where KPI_COLUMNS puts the status
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def status_text(status: str) -> str:
    return status.replace("_", " ")


def _fill(status: str) -> PatternFill:
    colour = STATUS_COLOURS[status][0].lstrip("#").upper()
    return PatternFill(start_color=colour, end_color=colour, fill_type="solid")


def _colour_statuses(sheet: Worksheet, cells: str) -> None:
    for status in STATUS_ORDER:
        font = Font(color=STATUS_COLOURS[status][2].lstrip("#").upper())
        rule = CellIsRule(operator="equal", formula=[f'"{status_text(status)}"'])
        rule.dxf.fill, rule.dxf.font = _fill(status), font  # type: ignore[union-attr]
        sheet.conditional_formatting.add(cells, rule)


def _number_format(kpi: dict[str, Any]) -> str:
    kind = kpi["target"].get("kind")
    return "0.0%" if kind in ("share", "change") else "0.##"


def _header(sheet: Worksheet, row: int, columns: tuple[tuple[str, int], ...]) -> None:
    for i, (title, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=i, value=title)
        cell.font = BOLD
        sheet.column_dimensions[get_column_letter(i)].width = width


def _summary(sheet: Worksheet, report: Report) -> None:
    sheet.title = "Summary"
    sheet.append([report.plan_title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["Organisation", report.organisation])
    sheet.append(["Plan", f"{report.plan} v{report.version}"])
    sheet.append(["Plan period", report.period_start, report.period_end])
    sheet.append(["As of", report.as_of])
    sheet.append(["Members on that date", report.members])
    sheet.append(["Submissions waiting for review", report.pending_submissions])
    sheet.append([])
    first = sheet.max_row + 1
    statuses = tuple((status_text(s).capitalize(), 12) for s in STATUS_ORDER)
    columns = ((report.pillar_label, 14), ("Title", 60), *statuses)
    _header(sheet, first, (*columns, ("KPIs", 8)))
    for pillar in report.pillars:
        counts = pillar.counts
        sheet.append(
            [pillar.code, pillar.title, *(counts[s] for s in STATUS_ORDER), len(pillar.kpis)]
        )
    totals = report.counts
    sheet.append(["All", "", *(totals[s] for s in STATUS_ORDER), len(report.kpis)])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for row in sheet.iter_rows(min_row=4, max_row=5, min_col=2, max_col=3):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    sheet.auto_filter.ref = f"A{first}:{get_column_letter(len(columns) + 1)}{sheet.max_row - 1}"


def _pillar_sheet(sheet: Worksheet, report: Report, pillar: PillarSection) -> None:
    sheet.append([f"{report.pillar_label} {pillar.code}: {pillar.title}"])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([f"As of {report.as_of.isoformat()}"])
    _header(sheet, 3, KPI_COLUMNS)
    for kpi in pillar.kpis:
        sheet.append(
            [
                kpi["kpi"],
                kpi["action"],
                kpi["text"],
                kpi["target"]["text"],
                _date(kpi["deadline"]),
                kpi["actual"],
                kpi["expected"],
                kpi["projected"],
                status_text(kpi["status"]),
                kpi["reason"],
            ]
        )
        row = sheet.max_row
        sheet.cell(row=row, column=5).number_format = "yyyy-mm-dd"
        for column in (6, 7, 8):
            sheet.cell(row=row, column=column).number_format = _number_format(kpi)
        for column in (3, 4, 10):
            sheet.cell(row=row, column=column).alignment = WRAP
    last = max(sheet.max_row, 4)
    sheet.freeze_panes = "B4"
    sheet.auto_filter.ref = f"A3:{get_column_letter(len(KPI_COLUMNS))}{last}"
    _colour_statuses(sheet, f"{STATUS_COLUMN}4:{STATUS_COLUMN}{last}")


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def sheet_title(text: str) -> str:
    """A valid, unique-enough sheet name: Excel forbids []:*?/\\ and allows 31 characters."""
    return _SHEET_NAME.sub("-", text)[:31]


def render_xlsx(report: Report) -> bytes:
    book = Workbook()
    _summary(book.active, report)
    for pillar in report.pillars:
        _pillar_sheet(
            book.create_sheet(sheet_title(f"{report.pillar_label} {pillar.code}")), report, pillar
        )
    if report.matrix:
        from .matrix_sheet import write_matrix

        write_matrix(book.create_sheet("Member matrix"), report.matrix)
    book.properties.title = f"{report.plan_title}, as of {report.as_of.isoformat()}"
    book.properties.creator = "StratMon"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
