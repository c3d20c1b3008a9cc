"""Parsers for single workbook cells: each returns a value or raises CellError with a message."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
INTEGER = re.compile(r"[+-]?\d{1,18}")
# Dates outside these years are typing slips (a serial of -1, year 9999), not plan data.
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
# C0 controls but tab, newline and carriage return, DEL, and the two XML non-characters:
# an XLSX file cannot hold them, so one stored would make every later export fail.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


class CellError(ValueError):
    """A cell that cannot be read as its column's type; the message is shown to the user."""


def show(value: Any) -> str:
    """The value as a short quoted string for an error message."""
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return repr(text)


def parse_text(value: Any, max_length: int | None = None) -> str:
    """Any cell as text: numbers typed into a text column (ids such as 14) keep their digits."""
    if isinstance(value, bool):
        raise CellError(f"expected text, got the boolean {value}")
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime.datetime):
        text = value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    else:
        text = str(value).strip()
    if max_length is not None and len(text) > max_length:
        raise CellError(f"too long: {len(text)} characters, at most {max_length}")
    bad = CONTROL.search(text)
    if bad:
        raise CellError(
            f"contains the control character U+{ord(bad.group()):04X} at position "
            f"{bad.start() + 1}; remove it"
        )
    return text


def parse_date(value: Any) -> datetime.date:
    """A real Excel date cell, or text in ISO form YYYY-MM-DD, from 1900 to 2100."""
    day = _date(value)
    if not EARLIEST <= day <= LATEST:
        raise CellError(f"{day.isoformat()} is outside the years 1900 to 2100")
    return day


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        # A date cell comes back as midnight; a time of day means the cell held something else.
        if value.time() != datetime.time():
            raise CellError(f"expected a date, got a date and time {show(value)}")
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if ISO_DATE.fullmatch(text):
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                raise CellError(f"not a valid date: {show(text)}") from None
    raise CellError(f"expected a date as YYYY-MM-DD, got {show(value)}")


def parse_integer(value: Any, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number, from a number cell (4 or 4.0) or text of digits."""
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and INTEGER.fullmatch(value.strip()):
        number = int(value.strip())
    if number is None and isinstance(value, str | Decimal) and str(value).strip().isdigit():
        raise CellError(f"too large: {show(value)}")
    if number is None:
        raise CellError(f"expected a whole number, got {show(value)}")
    if minimum is not None and number < minimum:
        raise CellError(f"{number} is below the minimum {minimum}")
    if maximum is not None and number > maximum:
        raise CellError(f"{number} is above the maximum {maximum}")
    return number


def parse_decimal(value: Any, max_digits: int, places: int) -> Decimal:
    """A number rounded to `places` decimals, with at most `max_digits` digits in all."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise CellError(f"expected a number, got {show(value)}")
    try:
        # str() of a float is its shortest round-trip form, so 4.1 stays 4.1, not 4.0999…
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except InvalidOperation:
        raise CellError(f"expected a number, got {show(value)}") from None
    if not number.is_finite():
        raise CellError(f"expected a number, got {show(value)}")
    # Check the size before quantize(), which fails on numbers beyond the context's precision.
    if number and number.adjusted() >= max_digits - places:
        largest = "9" * (max_digits - places) + "." + "9" * places
        raise CellError(f"too large: {show(value)}; the largest is {largest}")
    # A mean computed in the spreadsheet (4.3333…) is rounded to what the database keeps.
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    return rounded


def parse_choice(value: Any, choices: Sequence[tuple[str, str]]) -> str:
    """One of the allowed values; its label (e.g. 'head of delegation') is accepted too."""
    text = parse_text(value).casefold()
    for stored, label in choices:
        if text in (stored.casefold(), str(label).casefold()):
            return stored
    allowed = ", ".join(stored for stored, _ in choices)
    raise CellError(f"{show(parse_text(value))} is not one of: {allowed}")


def parse_list(value: Any) -> list[str]:
    """Items separated by ';', blanks dropped, repeats kept once, in the order given."""
    text = parse_text(value)
    seen: dict[str, None] = {}
    for item in text.split(";"):
        item = item.strip()
        if item:
            seen.setdefault(item, None)
    return list(seen)


def parse_member_code(value: Any) -> str:
    """A Member's ISO alpha-3 code; case does not matter."""
    text = parse_text(value).upper()
    if not re.fullmatch(r"[A-Z]{3}", text):
        raise CellError(f"expected a Member's ISO alpha-3 code such as FJI, got {show(text)}")
    return text


def parse_plan_key(value: Any, what: str) -> str:
    """A plan-scoped code `plan-code:item-code`, e.g. rocb-ap-sap-2022-2024:1.hh."""
    text = parse_text(value)
    plan, sep, code = text.partition(":")
    if not sep or not plan.strip() or not code.strip():
        raise CellError(f"expected plan-code:{what}-code, got {show(text)}")
    return f"{plan.strip()}:{code.strip()}"
