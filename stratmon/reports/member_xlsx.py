"""The Member report as an XLSX workbook: a summary, the statuses by topic, the KPIs that
count Members (every plan on one sheet), activities, participants and requests.

As in the plan report's workbook: numbers and dates are real ones, headers are frozen and
filtered, and KPI statuses take their colours from conditional formats.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .member_model import MEMBER_STATUS_ORDER, MemberReport
from .xlsx_report import WRAP, _colour_statuses, _header, _number_format, status_text

TOPIC_COLUMNS = (
    ("Topic code", 12),
    ("Topic", 40),
    ("Status", 14),
    ("Since", 12),
    ("Earlier statuses", 50),
    ("Evidence", 50),
)
KPI_COLUMNS = (
    ("Plan", 24),
    ("Organisation", 12),
    ("KPI", 9),
    ("What it counts", 50),
    ("Target", 36),
    ("KPI status", 13),
    ("Actual", 10),
    ("Of Members", 11),
    ("Counts the Member", 11),
    ("Counted since", 13),
    ("Member status", 14),
    ("Status since", 12),
    ("Period start", 12),
    ("Period end", 12),
    ("Reason", 60),
)
KPI_STATUS_COLUMN = "F"
ACTIVITY_COLUMNS = (
    ("Start", 12),
    ("End", 12),
    ("Id", 16),
    ("Activity", 50),
    ("Kind", 12),
    ("Status", 10),
    ("Place", 20),
    ("Hosted", 8),
    ("Participants", 12),
)
PARTICIPANT_COLUMNS = (("Role", 22), ("Gender", 12), ("People", 10))
REQUEST_COLUMNS = (
    ("Requested", 12),
    ("Subject", 50),
    ("Made or received", 16),
    ("Other Member", 24),
    ("Answered", 12),
)


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _table(
    sheet: Worksheet,
    title: str,
    columns: tuple[tuple[str, int], ...],
    rows: Sequence[Sequence[Any]],
    dates: tuple[int, ...] = (),
) -> None:
    """A title, an as-of line, then a frozen, filtered table from row 3."""
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([])
    _header(sheet, 3, columns)
    for values in rows:
        sheet.append(list(values))
        for column in dates:
            sheet.cell(row=sheet.max_row, column=column).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A4"
    sheet.auto_filter.ref = f"A3:{get_column_letter(len(columns))}{max(sheet.max_row, 4)}"


def _summary(sheet: Worksheet, report: MemberReport) -> None:
    sheet.title = "Summary"
    sheet.append([f"{report.name} ({report.iso3}): Member report"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["Member", report.name])
    sheet.append(["ISO3", report.iso3])
    sheet.append(["As of", report.as_of])
    sheet["B4"].number_format = "yyyy-mm-dd"
    for m in report.memberships:
        state = "Member of" if m["current"] else "Formerly Member of"
        sheet.append([state, m["organisation"], _date(m["joined"]), _date(m["left"])])
        for cell in sheet[sheet.max_row][2:4]:
            cell.number_format = "yyyy-mm-dd"
    sheet.append([])
    first = sheet.max_row + 1
    _header(sheet, first, (("Figure", 44), ("Number", 12), ("Of", 10), ("", 10)))
    counts = report.activity_counts
    figures: list[tuple[str, int, int | None]] = [
        ("Topics with a status", len(report.topics), None),
        *(
            (f"Topics {status_text(s)}", n, len(report.topics))
            for s, n in report.status_counts.items()
        ),
        *(
            (f"{p.organisation} {p.plan}: Member KPIs counting it", p.counted, len(p.kpis))
            for p in report.plans
        ),
        ("Activities hosted or attended", counts["total"], None),
        ("of which held", counts["held"], counts["total"]),
        ("Activities hosted", counts["hosted"], counts["total"]),
        ("Participants at held activities", report.people, None),
        *((f"Participants: {g.replace('_', ' ')}", n, report.people)
          for g, n in report.people_by("gender").items()),
        ("Requests made", report.requests["made"], None),
        ("Requests made, answered", report.requests["made_answered"], report.requests["made"]),
        ("Requests received", report.requests["received"], None),
        ("Requests received, answered", report.requests["received_answered"],
         report.requests["received"]),
    ]  # fmt: skip
    for figure in figures:
        sheet.append(list(figure))
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    sheet.auto_filter.ref = f"A{first}:C{sheet.max_row}"


def _topics(sheet: Worksheet, report: MemberReport) -> None:
    rows = [
        (
            t["topic"],
            t["name"],
            status_text(t["status"]),
            _date(t["effective"]),
            "; ".join(f"{status_text(s['status'])} from {s['effective']}" for s in t["earlier"]),
            t["evidence"],
        )
        for t in report.topics
    ]
    title = f"{report.name}: statuses by topic as of {report.as_of.isoformat()}"
    _table(sheet, title, TOPIC_COLUMNS, rows, dates=(4,))
    order = ", ".join(status_text(s) for s in MEMBER_STATUS_ORDER)
    sheet["A2"] = f"Statuses, furthest along first: {order}"


def _kpis(sheet: Worksheet, report: MemberReport) -> None:
    rows = []
    for plan in report.plans:
        for k in plan.kpis:
            rows.append(
                (
                    plan.plan,
                    plan.organisation,
                    k["kpi"],
                    k["topic"] or k["text"],
                    k["target_text"],
                    status_text(k["status"]),
                    k["actual"],
                    k["members"] if k["target"].get("out_of") else None,
                    "yes" if k["counted"] else "no",
                    _date(k["since"]),
                    status_text(k["member_status"]) if k["member_status"] else None,
                    _date(k["member_status_since"]),
                    _date(k["period_start"]),
                    _date(k["period_end"]),
                    k["reason"],
                )
            )
    title = f"KPIs that count Members, and whether they count {report.iso3}"
    _table(sheet, title, KPI_COLUMNS, rows, dates=(10, 12, 13, 14))
    kpis = [k for plan in report.plans for k in plan.kpis]
    for row, k in enumerate(kpis, start=4):
        sheet.cell(row=row, column=7).number_format = _number_format(k)
        for column in (4, 5, 15):
            sheet.cell(row=row, column=column).alignment = WRAP
    _colour_statuses(sheet, f"{KPI_STATUS_COLUMN}4:{KPI_STATUS_COLUMN}{max(sheet.max_row, 4)}")


def render_member_xlsx(report: MemberReport) -> bytes:
    book = Workbook()
    _summary(book.active, report)
    _topics(book.create_sheet("Topics"), report)
    _kpis(book.create_sheet("KPIs"), report)
    activities = [
        (_date(a["start"]), _date(a["end"]), a["ref"], a["title"], a["kind"], a["status"],
         a["place"], "yes" if a["hosted"] else "no", a["people"])
        for a in report.activities
    ]  # fmt: skip
    total = report.activity_counts["total"]
    _table(
        book.create_sheet("Activities"),
        f"The latest {len(activities)} of {total} activities hosted or attended",
        ACTIVITY_COLUMNS,
        activities,
        dates=(1, 2),
    )
    _table(
        book.create_sheet("Participants"),
        f"{report.name}'s participants at held activities by role and gender",
        PARTICIPANT_COLUMNS,
        [(p["role"].replace("_", " "), p["gender"].replace("_", " "), p["people"])
         for p in report.participants],
    )  # fmt: skip
    _table(
        book.create_sheet("Requests"),
        f"The latest requests made by or to {report.name}",
        REQUEST_COLUMNS,
        [(_date(r["requested_on"]), r["subject"], r["direction"], r["other"],
          _date(r["fulfilled_on"])) for r in report.requests["recent"]],
        dates=(1, 5),
    )  # fmt: skip
    for sheet in book.worksheets[1:]:
        if sheet["A2"].value is None:
            sheet["A2"] = f"As of {report.as_of.isoformat()}"
    book.properties.title = f"{report.name} ({report.iso3}), as of {report.as_of.isoformat()}"
    book.properties.creator = "StratMon"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
