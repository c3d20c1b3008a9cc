"""Participants pasted from a spreadsheet: lines of `name, Member, gender, role`, read into rows.

Cells are separated by tabs (what a spreadsheet copies) or, on a line without a tab, by
commas. The Member may be given by its ISO alpha-3 code or its name; gender and role are
optional and may be a value or its label in any case. A first line that names the columns
is skipped. Nothing is refused here: a value that matches nothing is kept as it was typed,
for the records' own checks to name on its row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

HEADER_WORDS = {
    "name",
    "names",
    "person",
    "participant",
    "participants",
    "full name",
    "member",
    "country",
    "administration",
    "gender",
    "sex",
    "role",
}


SHORT_GENDERS = {"f": "female", "m": "male"}


@dataclass(frozen=True)
class PastedRow:
    person: str
    member: str = ""
    gender: str = ""
    role: str = ""


def split_line(line: str) -> list[str]:
    """A line's cells, trimmed, with the quotes a spreadsheet puts around a cell removed."""
    cells = line.split("\t") if "\t" in line else line.split(",")
    out = []
    for cell in cells:
        cell = cell.strip()
        if len(cell) >= 2 and cell[0] == cell[-1] == '"':
            cell = cell[1:-1].replace('""', '"').strip()
        out.append(cell)
    return out


def _looks_like_header(cells: list[str]) -> bool:
    words = [c.casefold() for c in cells if c]
    return bool(words) and all(w in HEADER_WORDS for w in words)


def _match(value: str, choices: Iterable[tuple[str, str]]) -> str:
    """The choice whose value or label `value` is (case, spaces and underscores aside)."""
    wanted = _fold(value)
    for key, label in choices:
        if wanted in (_fold(key), _fold(label)):
            return key
    return value


def _fold(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def parse_participants(
    text: str,
    members: Mapping[str, str],
    genders: Iterable[tuple[str, str]] = (),
    roles: Iterable[tuple[str, str]] = (),
) -> list[PastedRow]:
    """The rows of `text`, one per line that has any cell; `members` maps ISO3 codes to names.

    A Member's code or name (any case) becomes its code; gender and role become the value of
    the matching choice. Blank lines and a header line are skipped; cells past the fourth are
    ignored.
    """
    by_name = {_fold(name): iso3 for iso3, name in members.items()}
    codes = {iso3.upper(): iso3 for iso3 in members}
    genders, roles = list(genders), list(roles)
    rows: list[PastedRow] = []
    for line in text.splitlines():
        cells = split_line(line)
        if not any(cells):
            continue
        if not rows and _looks_like_header(cells):
            continue
        cells = [*cells, "", "", "", ""][:4]
        person, member, gender, role = cells
        if _fold(gender) in SHORT_GENDERS:
            gender = SHORT_GENDERS[_fold(gender)]
        if member:
            member = codes.get(member.upper()) or by_name.get(_fold(member)) or member
        rows.append(
            PastedRow(
                person,
                member,
                _match(gender, genders) if gender else "",
                _match(role, roles) if role else "",
            )
        )
    return rows
