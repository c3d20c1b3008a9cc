"""The report as an XLSX workbook: a summary, a sheet per pillar, the Member matrix.

Numbers are numbers (shares as fractions with a percent format), headers are frozen, every
table has its filter, and the status column is coloured by conditional formats, so a
status typed over in Excel takes its colour.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from stratmon.charts import STATUS_COLOURS
from stratmon.kpis.figures import PERCENT_KINDS

from .matrix_sheet import write_matrix
from .model import STATUS_ORDER, PillarSection, Report
from .summary import executive_summary

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
    ("Periods met", 9),
    ("Periods missed", 9),
    ("Per period", 48),
)
STATUS_COLUMN = "I"  # where KPI_COLUMNS puts the status
CHANGE_COLUMNS = (
    ("KPI", 8),
    ("KPI text", 50),
    ("What moved", 11),
    ("Status then", 13),
    ("Status now", 13),
    ("Actual then", 11),
    ("Actual now", 11),
    ("Expected then", 11),
    ("Expected now", 11),
    ("Reason now", 70),
)
PERIOD_RESULTS = {True: "met", False: "missed", None: "running"}
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


def _number_format(kind: str | None) -> str:
    return "0.0%" if kind in PERCENT_KINDS else "0.##"


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
    sheet.append(["KPIs with no data", len(report.no_data), ", ".join(report.no_data)])
    if report.since:
        changed = len(report.status_changes)
        sheet.append(
            [
                "Changes since",
                report.since,
                "(last published report)" if report.since_published else "",
            ]
        )
        sheet.append(["KPIs that changed status since then", changed])
        sheet.append(["KPIs that changed figures or status", len(report.changes)])
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
    for row in sheet.iter_rows(min_row=4, max_row=first - 1, min_col=2, max_col=3):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    sheet.auto_filter.ref = f"A{first}:{get_column_letter(len(columns) + 1)}{sheet.max_row - 1}"
    sheet.append([])
    sheet.append(["Executive summary"])
    sheet.cell(row=sheet.max_row, column=1).font = BOLD
    for line in executive_summary(report):
        sheet.append([line])


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
                *_periods(kpi),
            ]
        )
        row = sheet.max_row
        sheet.cell(row=row, column=5).number_format = "yyyy-mm-dd"
        for column in (6, 7, 8):
            sheet.cell(row=row, column=column).number_format = _number_format(
                kpi["target"].get("kind")
            )
        for column in (3, 4, 10, 13):
            sheet.cell(row=row, column=column).alignment = WRAP
    last = max(sheet.max_row, 4)
    sheet.freeze_panes = "B4"
    sheet.auto_filter.ref = f"A3:{get_column_letter(len(KPI_COLUMNS))}{last}"
    _colour_statuses(sheet, f"{STATUS_COLUMN}4:{STATUS_COLUMN}{last}")


def _periods(kpi: dict[str, Any]) -> list[Any]:
    """Periods met and missed (numbers; none without a frequency target) and each period's
    result: "2022-07-01–2023-06-30: 4, met"."""
    periods = kpi["periods"]
    if not periods:
        return [None, None, None]
    results = [
        f"{p['start']}–{p['end']}: {p['actual'] if p['actual'] is not None else '—'}, "
        f"{PERIOD_RESULTS[p['met']]}"
        for p in periods
    ]
    met = sum(1 for p in periods if p["met"] is True)
    missed = sum(1 for p in periods if p["met"] is False)
    return [met, missed, "; ".join(results)]


def _changes_sheet(sheet: Worksheet, report: Report) -> None:
    sheet.append([f"What changed since {report.since}, as of {report.as_of.isoformat()}"])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(["Every KPI whose status, actual or expected figure differs between the dates."])
    _header(sheet, 3, CHANGE_COLUMNS)
    for change in report.changes:
        then, now = change.before, change.after
        sheet.append(
            [
                change.kpi,
                change.text,
                change.moved,
                status_text(then["status"]),
                status_text(now["status"]),
                then["actual"],
                now["actual"],
                then["expected"],
                now["expected"],
                now["reason"],
            ]
        )
        for column in (6, 7, 8, 9):
            sheet.cell(row=sheet.max_row, column=column).number_format = _number_format(change.kind)
        for column in (2, 10):
            sheet.cell(row=sheet.max_row, column=column).alignment = WRAP
    last = max(sheet.max_row, 4)
    sheet.freeze_panes = "B4"
    sheet.auto_filter.ref = f"A3:{get_column_letter(len(CHANGE_COLUMNS))}{last}"
    _colour_statuses(sheet, f"D4:E{last}")


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
    if report.since:
        _changes_sheet(book.create_sheet("Changes"), report)
    if report.matrix:
        title = f"{report.plan_title}: Members × topics as of {report.as_of:%-d %B %Y}"
        write_matrix(book.create_sheet("Members"), report.matrix, title)
    book.properties.title = f"{report.plan_title}, as of {report.as_of.isoformat()}"
    book.properties.creator = "StratMon"
    return _save(book, datetime.datetime.combine(report.as_of, datetime.time()))


def _save(book: Workbook, moment: datetime.datetime) -> bytes:
    """The workbook's bytes, the same every time for the same report: openpyxl's save
    stamps the file and each zip entry with the time of saving, so a published report
    rendered again from its stored data would differ. Stamped with `moment` instead."""
    book.properties.created = book.properties.modified = moment
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            stamped = zipfile.ZipInfo(entry.filename, date_time=moment.timetuple()[:6])
            stamped.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(stamped, source.read(entry.filename))
    return out.getvalue()
