"""Write the recorded data, or the empty template, as a workbook the importer reads back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .importer import stored_rows
from .refs import Refs
from .sheets import CHOICE, DATE, README, REF, REFS, SHEETS, Column, Sheet

DATE_FORMAT = "yyyy-mm-dd"
BOLD = Font(bold=True)
README_HEADER = ["sheet", "column", "type", "required", "allowed values / format", "description"]


def export_workbook(
    path: str | Path,
    *,
    members: frozenset[str] | None = None,
    plans: frozenset[str] | None = None,
) -> int:
    """Write every recorded row, sheet by sheet, ordered by id; returns the number of rows.

    With `members` (ISO3 codes), a row naming any other Member is left out; with `plans`
    (codes), a row naming a KPI or action of any other plan: a user's download holds only
    what it may see.
    """
    refs = Refs.load()
    book = Workbook(write_only=True)  # streams rows: exports can hold tens of thousands
    total = 0
    for sheet in SHEETS:
        ws = book.create_sheet(sheet.name)
        ws.append([_bold(ws, name) for name in sheet.header])
        stored = stored_rows(sheet, refs)
        for key in sorted(stored):
            _, values = stored[key]
            values = {sheet.columns[0].field: key, **values}
            if not _shown(sheet, values, members, plans):
                continue
            ws.append([key] + [_cell(ws, c, values[c.field]) for c in sheet.columns[1:]])
            total += 1
    _readme(book.create_sheet(README), write_only=True)
    book.save(path)
    return total


def _shown(
    sheet: Sheet,
    values: dict[str, Any],
    members: frozenset[str] | None,
    plans: frozenset[str] | None,
) -> bool:
    for c in sheet.columns:
        allowed = {"member": members, "kpi": plans, "action": plans}.get(c.target)
        if allowed is None or c.type not in (REF, REFS):
            continue
        value = values.get(c.field)
        named = value if isinstance(value, tuple | list) else () if value is None else (value,)
        if c.target != "member":
            named = tuple(str(v).split(":")[0] for v in named)
        if any(v not in allowed for v in named):
            return False
    return True


def write_template(path: str | Path) -> None:
    """The empty workbook: a header per sheet, comments, drop-downs and a README sheet."""
    book = Workbook()
    book.remove(book.active)
    for sheet in SHEETS:
        ws = book.create_sheet(sheet.name)
        ws.freeze_panes = "A2"
        for index, c in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=index, value=c.name)
            cell.font = BOLD
            cell.comment = Comment(_note(c), "StratMon")
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = max(12, len(c.name) + 4)
            _dropdown(ws, sheet, c, letter)
    _readme(book.create_sheet(README), write_only=False)
    book.save(path)


def _dropdown(ws: Any, sheet: Sheet, c: Column, letter: str) -> None:
    if c.type != CHOICE:
        return
    listed = ",".join(value for value, _ in c.choices)
    # Excel caps an inline list at 255 characters; longer lists stay documented only.
    if len(listed) > 255:
        return
    rule = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=not c.required)
    rule.error = f"{sheet.name}.{c.name} must be one of: {listed}"
    rule.errorTitle = "Not an allowed value"
    ws.add_data_validation(rule)
    rule.add(f"{letter}2:{letter}1048576")


def _note(c: Column) -> str:
    required = "required" if c.required else "optional"
    parts = [f"{c.type}, {required}", c.description]
    if c.allowed:
        parts.append(c.allowed)
    return "\n".join(parts)


def _bold(ws: Any, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.font = BOLD
    return cell


def _cell(ws: Any, c: Column, value: Any) -> Any:
    if c.type == REFS:
        return "; ".join(sorted(value)) or None
    if c.type == DATE and value is not None:
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str) and value.startswith("="):
        # Text is data, never a formula: a title "=HYPERLINK(…)" is written as a string cell,
        # which spreadsheet programs show as it is and never evaluate.
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return None if value == "" else value


def _readme(ws: Any, *, write_only: bool) -> None:
    """One line per column: the same facts the docs give, next to the data."""
    if write_only:
        ws.append([_bold(ws, h) for h in README_HEADER])
    else:
        ws.append(README_HEADER)
        for cell in ws[1]:
            cell.font = BOLD
        ws.freeze_panes = "A2"
        for letter, width in zip("ABCDEF", (20, 16, 20, 10, 50, 60), strict=True):
            ws.column_dimensions[letter].width = width
    for sheet in SHEETS:
        ws.append([sheet.name, "", "", "", "", sheet.description])
        for c in sheet.columns:
            required = "required" if c.required else "optional"
            ws.append([sheet.name, c.name, c.type, required, c.allowed, c.description])
