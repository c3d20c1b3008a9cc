"""Save and delete recorded facts one record (or a few) at a time: the service behind the web
forms, the review of submissions and the API.

Records are given as the workbook's rows are, `{column: value}` per sheet, and go through the
workbook's checks and writer, so a fact is validated and written the same way whichever path
it takes (see `docs/data-entry.md`).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from stratmon.concurrency import take_write_turn
from stratmon.history.recording import delete_records

from .workbook.importer import REASON_NEEDED, ImportReport, Write, import_book, stored_rows
from .workbook.reader import Book, Problem, SheetData, WorkbookError
from .workbook.refs import Refs
from .workbook.sheets import BY_NAME, REFS, Sheet
from .workbook.writer import Row

Rows = Mapping[str, Sequence[Mapping[str, Any]]]

# The prefix of the ids given to records entered on the web, per sheet (ACT-2026-0042).
PREFIX = {
    "member_statuses": "ST",
    "activities": "ACT",
    "participations": "PAR",
    "evaluations": "EV",
    "experts": "EXP",
    "expert_assignments": "EA",
    "requests": "REQ",
    "agreements": "AGR",
    "outputs": "OUT",
    "milestone_progress": "MP",
}


def book_of(rows: Rows, label: str) -> Book:
    """An in-memory workbook of `rows`; row numbers count from 1 in each sheet."""
    sheets = {}
    for name, items in rows.items():
        sheet = BY_NAME[name]
        data = SheetData(sheet, label, present=set(sheet.header))
        for number, item in enumerate(items, start=1):
            unknown = set(item) - set(sheet.header)
            if unknown:
                raise ValueError(f"{name} has no column {sorted(unknown)[0]!r}")
            data.rows.append((number, [_cell(item.get(c.name), c.type) for c in sheet.columns]))
        sheets[name] = data
    return Book(label, sheets, [], partial=True)


def _cell(value: Any, kind: str) -> Any:
    """A form's value as the workbook's cell: empty is None, a list of keys is `a; b`."""
    if kind == REFS and isinstance(value, list | tuple | set):
        value = "; ".join(str(v) for v in value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


def save_records(
    rows: Rows,
    *,
    user: AbstractBaseUser | None,
    via: str,
    source: str = "",
    reason: str = "",
    expected: Mapping[tuple[str, str], datetime.datetime] | None = None,
    dry_run: bool = False,
    members: frozenset[str] | None = None,
) -> ImportReport:
    """Create or update the records in `rows`, all or none; raise WorkbookError with every
    problem placed by sheet, row (from 1) and column.

    A record whose id is blank gets a new one. Changing a stored record needs a `reason`;
    `expected` gives, per (sheet, id), when the writer saw the record last changed, and a
    record changed since is refused rather than overwritten (its problem is a `conflict`).
    With `members` (access.recordable_members), a record naming any other Member is refused,
    as in a workbook upload.
    """
    with transaction.atomic():
        if not dry_run:
            take_write_turn()
        filled = _with_ids(rows)
        write = Write(user, via, source or via, reason, True, dict(expected or {}), members=members)
        return import_book(book_of(filled, source or via), write, dry_run=dry_run)


def _with_ids(rows: Rows) -> dict[str, list[dict[str, Any]]]:
    """`rows` with a new id on each record that has none (references to `new:N` in other
    rows of the same call are rewritten to the id given to the N-th new record of a sheet)."""
    given: dict[str, str] = {}
    filled: dict[str, list[dict[str, Any]]] = {}
    for name, items in rows.items():
        sheet = BY_NAME[name]
        key = sheet.columns[0].name
        out = filled[name] = []
        fresh = [i for i, item in enumerate(items) if not str(item.get(key) or "").strip()]
        ids = iter(new_ids(sheet, len(fresh))) if fresh and name in PREFIX else iter(())
        for i, item in enumerate(items):
            row = dict(item)
            if i in fresh and name in PREFIX:
                row[key] = next(ids)
                given[f"new:{name}:{fresh.index(i) + 1}"] = row[key]
            out.append(row)
    for out in filled.values():
        for row in out:
            for column, value in row.items():
                if isinstance(value, str) and value in given:
                    row[column] = given[value]
    return filled


def new_ids(sheet: Sheet, count: int, year: int | None = None) -> list[str]:
    """`count` unused ids for `sheet`, e.g. ACT-2026-0042, numbered after the highest so far."""
    prefix = f"{PREFIX[sheet.name]}-{year or timezone.localdate().year}-"
    field = sheet.columns[0].field
    taken = sheet.model.objects.filter(**{f"{field}__startswith": prefix}).values_list(
        field, flat=True
    )
    numbers = [int(t[len(prefix) :]) for t in taken if t[len(prefix) :].isdigit()]
    start = max(numbers, default=0) + 1
    return [f"{prefix}{n:04d}" for n in range(start, start + count)]


class StillNamed(WorkbookError):
    """The record cannot be deleted: other records still name it (an expert with assignments,
    a request the desk follows). Change or delete those first."""


def delete_record(
    sheet_name: str,
    key: str,
    *,
    user: AbstractBaseUser | None,
    via: str,
    reason: str,
    expected: datetime.datetime | None = None,
    source: str = "",
) -> None:
    """Delete one stored record (and what cascades from it), recorded with its reason."""
    sheet = BY_NAME[sheet_name]
    column = sheet.columns[0]
    if not reason.strip():
        raise WorkbookError([REASON_NEEDED], problems=[Problem(REASON_NEEDED, column="reason")])
    with transaction.atomic():
        take_write_turn()
        found = sheet.model.objects.filter(**{column.field: key})
        record = found.first()
        if record is None:
            message = f"{key} is no longer recorded: someone deleted it"
            raise WorkbookError([message], problems=[Problem(message, sheet_name, 1, column.name)])
        at = getattr(record, "updated_at", None)
        if expected is not None and at is not None and at != expected:
            message = (
                f"{key} was changed at {at:%Y-%m-%d %H:%M} since you opened it; nothing was "
                "deleted — reload to see the change"
            )
            stale = Problem(message, sheet_name, 1, column.name, conflict=True)
            raise WorkbookError([message], problems=[stale])
        try:
            with transaction.atomic():
                delete_records(found, user=user, via=via, source=source or via, reason=reason)
        except ProtectedError as exc:
            named = sorted(f"{o._meta.verbose_name} {o}" for o in exc.protected_objects)
            message = (
                f"{key} cannot be deleted: still named by {', '.join(named[:3])}"
                f"{' and others' if len(named) > 3 else ''}; change or delete those first"
            )
            problem = Problem(message, sheet_name, 1, column.name)
            raise StillNamed([message], problems=[problem]) from None


def stored_values(sheet_name: str, key: str) -> dict[str, Any] | None:
    """A stored record as the workbook's row holds it (`{column: value}`, references as keys,
    lists as tuples of keys), or None."""
    sheet = BY_NAME[sheet_name]
    refs = Refs.load()
    probe = _probe(sheet, key, refs)
    if probe is None:
        return None
    found = stored_rows(sheet, refs, [probe]).get(key)
    if found is None:
        return None
    values = {sheet.columns[0].name: key}
    for c in sheet.columns[1:]:
        values[c.name] = found[1][c.field]
    return values


def _probe(sheet: Sheet, key: str, refs: Refs) -> Row | None:
    """A row standing for `key`, to look the stored record up by."""
    column = sheet.columns[0]
    if column.type != REFS and column.target and key not in refs.pk[column.target]:
        return None
    values = {c.field: None for c in sheet.columns}
    return Row(0, key, values)


def problems_by_column(exc: WorkbookError) -> dict[str, list[str]]:
    """Problems of a one-record save, by column ("" for those about the whole record)."""
    found: dict[str, list[str]] = {}
    for p in exc.problems:
        found.setdefault(p.column, []).append(p.message)
    return found


def keys_of(report: ImportReport, sheet_name: str) -> list[str]:
    return list(report.keys.get(sheet_name, []))
