"""Text clean-up shared by the importers: markup removal, compound parts, labels, dates, slugs."""

from __future__ import annotations

import calendar
import datetime
import html
import re
import unicodedata

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"

# (?<!\s): a match starts only where a run of spaces starts; searching from inside the run
# again and again was quadratic in its length. The content is trimmed in Python.
_SUP = re.compile(r"(?<!\s)\s*<sup>([^<>]{0,200})</sup>", re.IGNORECASE)
_TAG = re.compile(r"<\s*/?\s*[A-Za-z][^<>]*>")
_LI = re.compile(r"<li[^<>]*>(.*?)(?:</li>|(?=<li)|$)", re.IGNORECASE | re.DOTALL)
_PART = re.compile(r"(?<![^\s(])\(([0-9]{1,2})\)\s*", re.ASCII)
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
# A numeric entity beyond any character (&#99999…;): html.unescape would convert its digits
# to an int, which fails past 4,300 digits; it stands for no character either way.
_LONG_ENTITY = re.compile(r"&#(?:[xX][0-9a-fA-F]{7,}|[0-9]{8,});?")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<!\s)\s+([,;])")
_YEARS = re.compile(r"\b((?:19|20|21)[0-9]{2})\s*[-–—]\s*((?:19|20|21)[0-9]{2})\b", re.ASCII)


_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def strip_controls(text: str) -> str:
    """Drop control and format characters (but keep tabs and newlines), which no plan holds."""
    if text.isascii():
        # Most documents: the same result without a Python step per character.
        return _ASCII_CONTROLS.sub("", text)
    out = []
    for char in text:
        if char in "\t\n":
            out.append(char)
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            # Line and paragraph separators would silently split lines later: make them spaces.
            out.append(" " if unicodedata.category(char) in ("Zl", "Zp") else "")
        else:
            out.append(char)
    return "".join(out)


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, ends trimmed."""
    return " ".join(text.split())


def clean(raw: str) -> str:
    """Text as printed: markup removed (`1 <sup>st</sup> , 2 <sup>nd</sup>` -> `1st, 2nd`)."""
    text = _SUP.sub(lambda m: m.group(1).strip(), raw)
    text = _TAG.sub(" ", text)
    text = html.unescape(_LONG_ENTITY.sub("\ufffd", text))
    text = _BOLD.sub(lambda m: m.group(1) or m.group(2), text)
    text = collapse(strip_controls(text))
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text)


def normalise_years(text: str) -> str:
    """`2022- 2024` -> `2022-2024`, for titles and headers (never for verbatim action text)."""
    return _YEARS.sub(r"\1-\2", text)


def split_parts(raw: str) -> list[str]:
    """The parts of a compound cell: `<li>` items or `(1) … (2) …`, each without its `(n)`.

    A plain cell gives one part; an empty cell gives none.
    """
    items = [clean(m.group(1)) for m in _LI.finditer(raw)]
    items = [item for item in items if item]
    if len(items) > 1:
        return [_PART.sub("", item, count=1) if _PART.match(item) else item for item in items]
    text = items[0] if items else clean(raw)
    if not text:
        return []
    marks = list(_PART.finditer(text))
    numbers = [int(m.group(1)) for m in marks]
    # Only a run (1), (2), … that opens the cell is a list; "(2)" inside prose is not.
    if len(marks) > 1 and marks[0].start() == 0 and numbers == list(range(1, len(marks) + 1)):
        ends = [m.start() for m in marks[1:]] + [len(text)]
        return [collapse(text[m.end() : end]) for m, end in zip(marks, ends, strict=True)]
    if len(marks) == 1 and marks[0].start() == 0:
        return [collapse(text[marks[0].end() :])] if text[marks[0].end() :].strip() else [text]
    return [text]


# --- labels -----------------------------------------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Characters OCR reads for a lowercase l; only used to word the warning.
OCR_L = {"I", "1", "|", "!"}


def letter_index(label: str) -> int | None:
    """Position of a letter label in the sequence a…z, aa…zz (doubled) ; None if not one."""
    if len(label) == 1 and label in _LETTERS:
        return _LETTERS.index(label)
    if len(label) == 2 and label[0] == label[1] and label[0] in _LETTERS:
        return 26 + _LETTERS.index(label[0])
    if len(label) == 2 and label[0] in _LETTERS and label[1] in _LETTERS:
        # Spreadsheet style aa, ab, ac …: after the doubled ones in our numbering.
        return 52 + _LETTERS.index(label[0]) * 26 + _LETTERS.index(label[1])
    return None


def next_letters(previous: str | None) -> list[str]:
    """The labels that may follow `previous` (a, b …; after z both `aa` styles)."""
    if previous is None:
        return ["a"]
    if len(previous) == 1 and previous in _LETTERS:
        return [_LETTERS[_LETTERS.index(previous) + 1]] if previous != "z" else ["aa"]
    if len(previous) == 2 and previous[0] == previous[1] and previous[0] in _LETTERS:
        options = []
        if previous[0] != "z":
            options.append(2 * _LETTERS[_LETTERS.index(previous[0]) + 1])
        if previous == "aa":
            options.append("ab")
        return options or ["aaa"]
    if len(previous) == 2 and previous[0] in _LETTERS and previous[1] in _LETTERS:
        first, second = _LETTERS.index(previous[0]), _LETTERS.index(previous[1])
        if second < 25:
            return [previous[0] + _LETTERS[second + 1]]
        return [_LETTERS[first + 1] + "a"] if first < 25 else ["aaa"]
    return ["a"]


def next_number(previous: str | None) -> str:
    """The number after `previous` in its last component: `1.2` -> `1.3`; None -> `1`."""
    if not previous:
        return "1"
    head, _, last = previous.rpartition(".")
    bumped = str(int(last) + 1) if last.isdigit() else "1"
    return f"{head}.{bumped}" if head else bumped


# --- dates ------------------------------------------------------------------------------------

_DAY_MONTH_YEAR = re.compile(
    rf"^(?:(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+)?(?:of\s+)?(?P<month>{_MONTH}),?\s+"
    r"(?P<year>[0-9]{4})$",
    re.IGNORECASE | re.ASCII,
)
_MONTH_DAY_YEAR = re.compile(
    rf"^(?P<month>{_MONTH})\s+(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>[0-9]{{4}})$",
    re.IGNORECASE | re.ASCII,
)
_ISO = re.compile(r"^(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})$", re.ASCII)
_NUMERIC = re.compile(r"^(?P<day>[0-9]{1,2})[/.](?P<month>[0-9]{1,2})[/.](?P<year>[0-9]{4})$")
_QUARTER = re.compile(r"^Q(?P<q>[1-4])\s*(?P<year>[0-9]{4})$", re.IGNORECASE | re.ASCII)
_YEAR = re.compile(r"^(?:(?:by|end of|end|in)\s+)?(?P<year>[0-9]{4})$", re.IGNORECASE | re.ASCII)
_PARTIAL = re.compile(rf"^(?:[0-9]{{1,2}}\s+)?{_MONTH}$|^{_MONTH}\s+[0-9]{{1,2}}$", re.IGNORECASE)
MIN_YEAR, MAX_YEAR = 1900, 2199


def _date(year: int, month: int, day: int | None) -> datetime.date | None:
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return datetime.date(year, month, last)
    return datetime.date(year, month, day) if 1 <= day <= last else None


def parse_date(text: str) -> datetime.date | None:
    """A deadline: `30 June 2024`, `30 Jun 2024`, `June 2024` (month end), `2024-06-30`,
    `30/06/2024` (day first), `Q2 2024` (quarter end), `2024` / `by 2024` (year end); else None."""
    text = collapse(text).rstrip(".").strip()
    if m := _DAY_MONTH_YEAR.match(text) or _MONTH_DAY_YEAR.match(text):
        day = int(m.group("day")) if m.group("day") else None
        return _date(int(m.group("year")), MONTHS[m.group("month").lower().rstrip(".")], day)
    if m := _ISO.match(text) or _NUMERIC.match(text):
        return _date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
    if m := _QUARTER.match(text):
        return _date(int(m.group("year")), int(m.group("q")) * 3, None)
    if m := _YEAR.match(text):
        return _date(int(m.group("year")), 12, None)
    return None


def is_partial_date(text: str) -> bool:
    """A date cut short by a page break, such as `30 June` waiting for its year."""
    return bool(_PARTIAL.match(collapse(text).rstrip(".")))


def month_number(name: str) -> int | None:
    return MONTHS.get(name.lower().rstrip("."))


MONTH_PATTERN = _MONTH


def slug(text: str) -> str:
    """Lowercase ASCII letters and digits joined by single hyphens; '' when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))
