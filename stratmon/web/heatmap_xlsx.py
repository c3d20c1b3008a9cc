"""The heat map as a workbook: the same rows, columns, order and colours as the page, a
frozen header, and a Legend sheet."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from stratmon.kpis.heatmap import (
    COLOURS,
    NO_SUBREGION,
    SORTS,
    STATES,
    STATUS_WORDS,
    SYMBOLS,
    HeatMap,
)

FIRST = 5  # the first KPI column: sub-region, Member, ISO3 and topics achieved come before
HEADER_ROW = 3
LINE = Side(style="thin", color="D8DEE6")
BOX = Border(left=LINE, right=LINE, top=LINE, bottom=LINE)
BOLD = Font(bold=True)


def heatmap_workbook(heatmap: HeatMap) -> bytes:
    """The .xlsx file's bytes."""
    book = Workbook()
    ws = book.active
    ws.title = "Heat map"
    _sheet(ws, heatmap)
    _legend(book.create_sheet("Legend"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(ws: Worksheet, row: int, column: int, value: Any, **style: Any) -> Any:
    """Write a cell; text stays text even when it looks like a formula (=, +, -, @)."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _sheet(ws: Worksheet, h: HeatMap) -> None:
    plan = h.plan
    _text(
        ws,
        1,
        1,
        f"{plan.title}: Members × topics as of {h.as_of:%-d %B %Y}",
        font=Font(bold=True, size=13),
    )
    _text(
        ws,
        2,
        1,
        f"Sorted by {SORTS[h.sort]}. Colours and symbols: see the Legend sheet. "
        "Each KPI counts the Members marked counted.",
    )
    header = ["Sub-region", "Member", "ISO3", "Topics achieved"]
    header += [f"{c.evaluation.kpi.code} {c.title}" for c in h.columns]
    turned = Alignment(text_rotation=90, wrap_text=True, vertical="bottom", horizontal="center")
    for i, name in enumerate(header, start=1):
        alignment = turned if i >= FIRST else Alignment(vertical="bottom", wrap_text=True)
        _text(ws, HEADER_ROW, i, name, font=BOLD, alignment=alignment, border=BOX)
    ws.row_dimensions[HEADER_ROW].height = 190
    row_number = HEADER_ROW
    for row in h.rows:
        row_number += 1
        _text(ws, row_number, 1, row.subregion or NO_SUBREGION)
        _text(ws, row_number, 2, row.member.name)
        _text(ws, row_number, 3, row.member.iso3)
        ws.cell(row=row_number, column=4, value=row.achieved)
        for i, cell in enumerate(row.cells, start=FIRST):
            fill, ink = COLOURS[cell.state]
            if cell.state == "in":
                value = (
                    f"{cell.symbol} {cell.counted_on.isoformat()}"
                    if cell.counted_on
                    else cell.symbol
                )
            elif cell.state == "out":
                value = f"{cell.symbol} {STATUS_WORDS[cell.status].lower()}"
            else:
                value = cell.symbol
            _text(
                ws,
                row_number,
                i,
                value,
                fill=PatternFill("solid", fgColor=fill),
                font=Font(color=ink, bold=cell.state == "in"),
                alignment=Alignment(horizontal="center"),
                border=BOX,
            )
    _footer(ws, h, row_number + 1)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=FIRST)
    widths = {1: 22, 2: 30, 3: 6, 4: 9}
    for i in range(1, FIRST + len(h.columns)):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(i, 13)


def _footer(ws: Worksheet, h: HeatMap, first: int) -> None:
    """Each KPI's count of Members and its status, under its column."""
    _text(ws, first, 2, "Members counted (the KPI's value)", font=BOLD)
    _text(ws, first + 1, 2, "KPI status", font=BOLD)
    for i, c in enumerate(h.columns, start=FIRST):
        ws.cell(row=first, column=i, value=c.counted).font = BOLD
        _text(ws, first + 1, i, c.evaluation.result.status.replace("_", " "))


def _legend(ws: Worksheet) -> None:
    _text(ws, 1, 1, "Colour", font=BOLD)
    _text(ws, 1, 2, "Meaning", font=BOLD)
    for row, (state, meaning) in enumerate(STATES.items(), start=2):
        fill, ink = COLOURS[state]
        _text(
            ws,
            row,
            1,
            state,
            fill=PatternFill("solid", fgColor=fill),
            font=Font(color=ink, bold=state == "in"),
            border=BOX,
        )
        _text(ws, row, 2, meaning)
    _text(ws, 6, 1, "Symbol", font=BOLD)
    _text(ws, 6, 2, "The Member's status on the topic", font=BOLD)
    for row, (status, symbol) in enumerate(SYMBOLS.items(), start=7):
        _text(ws, row, 1, symbol, alignment=Alignment(horizontal="center"))
        _text(ws, row, 2, STATUS_WORDS[status].lower() if status else "no status recorded")
    _text(
        ws,
        13,
        1,
        "A counted cell shows the day the Member got there (for a new adopter, the first day "
        "in the plan it reached the status); the others show its status in force.",
    )
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["B"].width = 60
    ws.freeze_panes = "A2"
