"""Read an .xlsx workbook or a folder of CSV files into rows per sheet, with structural errors."""

from __future__ import annotations

import csv
import datetime
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from .sheets import BY_NAME, README, SHEETS, Sheet

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CELL_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})")
# A spreadsheet's own limits: rows beyond them come from a crafted file, not a person.
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384
# The largest part of an .xlsx read (a sheet, the shared strings), unpacked: a 200,000-row
# sheet is about 60 MB; a few kilobytes that unpack to gigabytes are refused before reading.
MAX_PART_BYTES = 256 * 1024 * 1024
# A CSV field longer than this is not typed by a person (the csv module's limit is 128 KiB).
MAX_CSV_FIELD = 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """One error, placed: sheet, row and column are empty for an error about the whole file."""

    message: str
    sheet: str = ""
    row: int = 0
    column: str = ""
    # The record changed since the writer read it (an optimistic lock): a conflict to
    # reload and retry, not a value to correct.
    conflict: bool = False


class WorkbookError(Exception):
    """A workbook that cannot be imported; `errors` lists every `file:sheet:row:column: …`,
    and `problems` the same errors with their places apart (for a page or a form)."""

    def __init__(
        self,
        errors: list[str],
        *,
        unreadable: bool = False,
        problems: list[Problem] | None = None,
    ):
        super().__init__(f"{len(errors)} error{'s' if len(errors) != 1 else ''}")
        self.errors = errors
        self.unreadable = unreadable  # the file itself could not be opened: one error
        self.problems = problems if problems is not None else [Problem(e) for e in errors]


@dataclass
class SheetData:
    """One sheet's data rows, each aligned with the sheet's declared columns."""

    sheet: Sheet
    label: str  # the file named in error messages
    present: set[str] = field(default_factory=set)
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


@dataclass
class Book:
    label: str
    sheets: dict[str, SheetData]
    errors: list[str]
    partial: bool = False  # a few records (a form's), not a whole workbook

    def rows(self, name: str) -> list[tuple[int, list[Any]]]:
        data = self.sheets.get(name)
        return data.rows if data else []

    @property
    def size(self) -> int:
        return sum(len(d.rows) for d in self.sheets.values())


def read_book(path: str | Path) -> Book:
    """Read a workbook file or a CSV folder; raise WorkbookError if it cannot be opened at all."""
    path = Path(path)
    book = Book(path.name, {}, [])
    if path.is_dir():
        for csv_path in sorted(path.glob("*.csv")):
            label = f"{path.name}/{csv_path.name}"
            if not csv_path.is_file():
                book.errors.append(f"{label}: is a folder, not a CSV file")
                continue
            _take_sheet(book, csv_path.stem, label, _csv_rows(csv_path, label))
    elif not path.exists():
        raise WorkbookError([f"{path.name}: no such file or folder"], unreadable=True)
    else:
        try:
            for name, rows in _xlsx_sheets(path):
                _take_sheet(book, name, path.name, rows)
        except (
            zipfile.BadZipFile,
            KeyError,
            IndexError,
            ElementTree.ParseError,
            ValueError,
            EOFError,
            NotImplementedError,  # a compression method zipfile does not read
            RuntimeError,  # an encrypted member
        ) as exc:
            message = f"{path.name}: cannot read: not an .xlsx workbook ({exc})"
            raise WorkbookError([message], unreadable=True) from None
        except OSError as exc:
            message = f"{path.name}: cannot read: {exc.strerror}"
            raise WorkbookError([message], unreadable=True) from None
    return book


def _take_sheet(book: Book, name: str, label: str, rows: Iterable[tuple[int, list[Any]]]) -> None:
    """Check one sheet's header against its declaration and keep its non-blank rows."""
    key = name.strip().lower()
    if key == README.lower():
        return
    sheet = BY_NAME.get(key)
    if sheet is None:
        known = ", ".join(s.name for s in SHEETS)
        book.errors.append(f"{label}:{name}: unknown sheet; the sheets are: {known}")
        return
    if key in book.sheets:
        book.errors.append(f"{label}:{name}: the sheet {key} appears twice")
        return
    data = book.sheets[key] = SheetData(sheet, label)
    numbered = iter(rows)
    first = next(numbered, None)
    header = first[1] if first is not None and first[0] == 1 else None
    positions: list[tuple[int, int]] = []  # (index in the file's row, index in sheet.columns)
    names = [c.name for c in sheet.columns]
    for i, cell in enumerate(header or []):
        if cell is None or str(cell).strip() == "":
            continue
        title = str(cell).strip().lower()
        if title not in names:
            book.errors.append(
                f"{label}:{key}:1:{title}: unknown column; the columns are: {', '.join(names)}"
            )
        elif title in data.present:
            book.errors.append(f"{label}:{key}:1:{title}: the column appears twice")
        else:
            data.present.add(title)
            positions.append((i, names.index(title)))
    width = len(sheet.columns)
    rest = numbered if header is not None or first is None else chain([first], numbered)
    for number, row in rest:
        values: list[Any] = [None] * width
        for i, j in positions:
            if i < len(row):
                values[j] = _clean(row[i])
        if any(v is not None for v in values) or any(_clean(v) is not None for v in row):
            data.rows.append((number, values))
    if data.rows:
        for c in sheet.columns:
            if c.required and c.name not in data.present:
                book.errors.append(f"{label}:{key}:1:{c.name}: missing required column")


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _csv_rows(path: Path, label: str) -> Iterator[tuple[int, list[Any]]]:
    line = 0
    try:
        # utf-8-sig: Excel writes a byte-order mark at the start of "CSV UTF-8" files.
        with path.open(encoding="utf-8-sig", newline="") as f:
            for number, row in enumerate(_limited(csv.reader(f)), start=1):
                line = number
                if number > MAX_ROWS:
                    message = f"{label}: more than {MAX_ROWS:,} rows, a spreadsheet's limit"
                    raise WorkbookError([message], unreadable=True)
                yield number, row
    except UnicodeDecodeError as exc:
        message = f"{label}: cannot read: not UTF-8 text ({exc.reason})"
        raise WorkbookError([message], unreadable=True) from None
    except csv.Error as exc:
        message = f"{label}:{line + 1}: cannot read this CSV row: {exc}"
        raise WorkbookError([message], unreadable=True) from None
    except OSError as exc:
        raise WorkbookError([f"{label}: cannot read: {exc.strerror}"], unreadable=True) from None


def _limited(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """The csv module's own field limit, raised to MAX_CSV_FIELD for this read only."""
    previous = csv.field_size_limit(MAX_CSV_FIELD)
    try:
        yield from reader
    finally:
        csv.field_size_limit(previous)


# openpyxl's read-only mode parses every cell through its object model: about 10,000 rows/s
# for the inline strings openpyxl itself writes. The import budget is 10,000 rows/s for the
# whole import, so sheets are streamed here with the standard library's XML parser, using
# openpyxl's own helpers for what needs care (date formats, the 1900/1904 calendars).


def _xlsx_sheets(path: Path) -> Iterator[tuple[str, Iterator[list[Any]]]]:
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        book = ElementTree.fromstring(_read(archive, "xl/workbook.xml"))
        pr = book.find(f"{NS}workbookPr")
        date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        targets = {}
        rels = ElementTree.fromstring(_read(archive, "xl/_rels/workbook.xml.rels"))
        for rel in rels.iter(f"{PKG_REL}Relationship"):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[rel.get("Id")] = str(PurePosixPath(target))
        shared = _shared_strings(archive) if "xl/sharedStrings.xml" in names else []
        dates = _date_styles(archive) if "xl/styles.xml" in names else set()
        for sheet in book.iter(f"{NS}sheet"):
            member = targets[sheet.get(REL)]
            _check_size(archive, member)
            with archive.open(member) as source:
                rows = list(_sheet_rows(source, shared, dates, epoch))
            yield sheet.get("name", ""), iter(rows)


def _check_size(archive: zipfile.ZipFile, member: str) -> None:
    size = archive.getinfo(member).file_size
    if size > MAX_PART_BYTES:
        raise ValueError(
            f"{member} unpacks to {size // 2**20:,} MB, more than {MAX_PART_BYTES // 2**20} MB; "
            "split the workbook"
        )


def _read(archive: zipfile.ZipFile, member: str) -> bytes:
    _check_size(archive, member)
    return archive.read(member)


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    strings = []
    root = ElementTree.fromstring(_read(archive, "xl/sharedStrings.xml"))
    for si in root.iter(f"{NS}si"):
        # Plain text in <t>, rich text in <r><t>; phonetic guides (<rPh>) are not content.
        parts = [t.text or "" for t in si.findall(f"{NS}t")]
        parts += [t.text or "" for t in si.findall(f"{NS}r/{NS}t")]
        strings.append("".join(parts))
    return strings


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    root = ElementTree.fromstring(_read(archive, "xl/styles.xml"))
    custom = {
        _small_int(f.get("numFmtId", "0"), "a number format id"): f.get("formatCode", "")
        for f in root.iter(f"{NS}numFmt")
    }
    cell_xfs = root.find(f"{NS}cellXfs")
    dates = set()
    for index, xf in enumerate(cell_xfs if cell_xfs is not None else []):
        fmt_id = _small_int(xf.get("numFmtId", "0"), "a number format id")
        code = custom.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id, "")
        if code and is_date_format(code):
            dates.add(index)
    return dates


def _column_index(ref: str) -> int:
    index = 0
    for ch in ref:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _small_int(text: str, what: str) -> int:
    """A whole number from the file's structure, refused when it is not one or is absurd."""
    text = text.strip()
    if not text.isdigit() or len(text) > 10:
        raise ValueError(f"{what} is {text[:20]!r}, not a whole number")
    return int(text)


def _sheet_rows(
    source: Any, shared: list[str], dates: set[int], epoch: datetime.datetime
) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) for each row present; rows missing from the XML are blank."""
    expected = 1
    for _, element in ElementTree.iterparse(source):
        if element.tag != f"{NS}row":
            continue
        given = element.get("r")
        number = _small_int(given, "a row number") if given else expected
        if number > MAX_ROWS:
            raise ValueError(f"row {number:,} is beyond a spreadsheet's {MAX_ROWS:,} rows")
        if number < expected:
            raise ValueError(f"row {number} comes after row {expected - 1}")
        row: list[Any] = []
        for cell in element.iter(f"{NS}c"):
            ref = cell.get("r")
            if ref:
                m = CELL_REF.fullmatch(ref)
                if m is None:
                    raise ValueError(f"row {number} has a cell named {ref[:20]!r}")
                column = _column_index(m.group(1))
                if column >= MAX_COLUMNS or column < len(row):
                    raise ValueError(f"row {number} has a cell {ref!r} out of place")
                row.extend([None] * (column - len(row)))
            elif len(row) >= MAX_COLUMNS:
                raise ValueError(f"row {number} has more than {MAX_COLUMNS:,} cells")
            row.append(_cell_value(cell, shared, dates, epoch))
        element.clear()
        expected = number + 1
        yield number, row


def _cell_value(
    cell: ElementTree.Element, shared: list[str], dates: set[int], epoch: datetime.datetime
) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        node = cell.find(f"{NS}is")
        return "".join(node.itertext()) if node is not None else None
    text = cell.findtext(f"{NS}v")
    if not text:
        return None  # an empty cell, or a formula never calculated (no cached value)
    if kind == "s":
        index = _small_int(text, "a shared-string index")
        if index >= len(shared):
            raise ValueError(
                f"cell {cell.get('r', '?')} names shared string {index}, which is absent"
            )
        return shared[index]
    if kind in ("str", "e"):
        return text
    if kind == "b":
        return text.strip() in ("1", "true")
    if kind == "d":
        return datetime.datetime.fromisoformat(text)
    # float() reads any length (huge ones become inf); int() refuses over 4,300 digits.
    long = any(c in text for c in ".eE") or len(text) > 18
    number: int | float = float(text) if long else int(text)
    if _small_int(cell.get("s", "0"), "a style index") in dates:
        try:
            return from_excel(number, epoch)
        except (OverflowError, ValueError):
            return number  # outside the calendar: the date parser reports it for its cell
    return number
