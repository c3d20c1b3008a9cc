"""The report workbook's "Members" sheet: the Member × topic matrix, one row per Member.

Cells are text beginning with the heat map's symbol ("✓ counted 2023-03-01", "◐ in
progress", "– no status"), coloured by conditional formats on that text, so that a filter
or a sort in Excel keeps the colours and the meaning never rests on colour alone.
"""

from __future__ import annotations

from typing import Any

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .matrix import COLOURS, STATES, cell_text

HEADER_ROW = 3
FIRST = 5  # the first KPI column: sub-region, Member, ISO3 and topics achieved come before
BOLD = Font(bold=True)
# The words a cell's text holds for each state (see matrix.cell_text).
STATE_WORDS = {"in": "counted", "none": "no status"}


def _text(sheet: Worksheet, row: int, column: int, value: Any) -> Any:
    """A cell that stays text even when it looks like a formula (=, +, -, @)."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def write_matrix(sheet: Worksheet, matrix: dict[str, Any], title: str) -> None:
    """The matrix on `sheet`: a title, a note, the header on HEADER_ROW, a row per Member."""
    _text(sheet, 1, 1, title).font = Font(bold=True, size=13)
    _text(
        sheet,
        2,
        1,
        "Green: " + STATES["in"] + "; amber: " + STATES["out"] + "; white: " + STATES["none"]
        + ". ✓ achieved · ◐ in progress · ◔ planned · ○ not started · – no status.",
    )  # fmt: skip
    columns = matrix["columns"]
    header = ["Sub-region", "Member", "ISO3", "Topics achieved"]
    header += [f"{c['kpi']} {c['title']}" for c in columns]
    for i, name in enumerate(header, start=1):
        cell = _text(sheet, HEADER_ROW, i, name)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    row = HEADER_ROW
    for group in matrix["groups"]:
        for member in group["rows"]:
            row += 1
            _text(sheet, row, 1, group["name"])
            _text(sheet, row, 2, member["member"])
            _text(sheet, row, 3, member["iso3"])
            sheet.cell(row=row, column=4, value=member["achieved"])
            for i, cell in enumerate(member["cells"], start=FIRST):
                _text(sheet, row, i, cell_text(cell)).alignment = Alignment(horizontal="center")
    last_column = get_column_letter(len(header))
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=FIRST - 2)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{max(row, HEADER_ROW + 1)}"
    _colour(sheet, f"{get_column_letter(FIRST)}{HEADER_ROW + 1}:{last_column}{row}")
    _footer(sheet, columns, row + 2)
    widths = {1: 22, 2: 30, 3: 6, 4: 9}
    for i in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(i)].width = widths.get(i, 16)
    sheet.row_dimensions[HEADER_ROW].height = 60


def _colour(sheet: Worksheet, cells: str) -> None:
    """Conditional colours by the words in each cell; the rest ("out") amber."""
    top_left = cells.split(":")[0]
    for state, words in STATE_WORDS.items():
        fill, ink = COLOURS[state]
        sheet.conditional_formatting.add(
            cells,
            FormulaRule(
                formula=[f'ISNUMBER(SEARCH("{words}",{top_left}))'],
                fill=PatternFill("solid", start_color=fill, end_color=fill),
                font=Font(color=ink, bold=state == "in"),
                stopIfTrue=True,
            ),
        )
    fill, ink = COLOURS["out"]
    sheet.conditional_formatting.add(
        cells,
        FormulaRule(
            formula=[f"LEN({top_left})>0"],
            fill=PatternFill("solid", start_color=fill, end_color=fill),
            font=Font(color=ink),
        ),
    )


def _footer(sheet: Worksheet, columns: list[dict[str, Any]], first: int) -> None:
    """Each KPI's count of Members (its value) and its status, under its column."""
    _text(sheet, first, 2, "Members counted (the KPI's value)").font = BOLD
    _text(sheet, first + 1, 2, "KPI status").font = BOLD
    for i, column in enumerate(columns, start=FIRST):
        sheet.cell(row=first, column=i, value=column["counted"]).font = BOLD
        _text(sheet, first + 1, i, column["status"].replace("_", " "))
