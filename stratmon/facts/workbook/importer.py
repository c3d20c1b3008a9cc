"""Import a data workbook: validate every row first, then write all of it in one transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import OperationalError, models, transaction

from stratmon.concurrency import BUSY, is_busy, take_write_turn
from stratmon.facts.models import Partner
from stratmon.history.models import Change
from stratmon.history.recording import plain, record_change, stored
from stratmon.plans.models import Plan

from .cells import CellError, parse_choice, parse_date, parse_decimal, parse_integer, parse_text
from .reader import Book, Problem, WorkbookError, read_book
from .refs import Refs
from .rules import UNIQUE, check_done_dates, check_row
from .sheets import (
    CHOICE,
    DATE,
    DECIMAL,
    INTEGER,
    REF,
    REFS,
    SHEETS,
    TEXT,
    Column,
    Sheet,
)
from .stale import changed_since
from .writer import Row, SheetPlan, through, write_partners, write_sheet

Progress = Callable[[int, int], None]


@dataclass
class SheetCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do), per sheet."""

    label: str
    dry_run: bool
    counts: dict[str, SheetCounts] = field(default_factory=dict)
    keys: dict[str, list[str]] = field(default_factory=dict)  # created, then updated
    reason_needed: bool = False  # a stored fact changes: saving it needs a reason

    @property
    def rows(self) -> int:
        return sum(c.created + c.updated + c.unchanged for c in self.counts.values())

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.counts.values())

    def lines(self) -> list[str]:
        return [
            f"{name}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged"
            for name, c in self.counts.items()
        ]


def import_workbook(
    path: str | Path,
    *,
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    via: str = "workbook",
    reason: str = "",
    require_reason: bool = False,
    members: frozenset[str] | None = None,
) -> ImportReport:
    """Import the workbook or CSV folder at `path`: all rows or none; `reason` goes into the
    change history; with `members`, a row naming any other Member is refused.

    Raises WorkbookError listing every problem as `file:sheet:row:column: message` (row 1 is
    the header). Rows are matched on their id (topics on code, milestones on kpi); a row equal
    to the database is not written at all, so importing the same workbook twice changes nothing.
    """
    book = read_book(path)
    return import_book(
        book,
        Write(user, via, book.label, reason, require_reason, members=members),
        dry_run=dry_run,
        progress=progress,
    )


@dataclass(frozen=True)
class Write:
    """Who writes, through what, and why; `expected` holds, per (sheet, key), the time the
    writer last saw the stored row change (a form's optimistic lock)."""

    user: AbstractBaseUser | None
    via: str
    source: str
    reason: str = ""
    require_reason: bool = False
    expected: dict[tuple[str, str], Any] = field(default_factory=dict)
    members: frozenset[str] | None = None  # the Members it may name (None: any)


# Said when a stored fact would change without a reason (the one place this rule lives).
REASON_NEEDED = "say why: a reason is required to change a recorded fact"


def import_book(
    book: Book, write: Write, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Check every row of `book`, then write all of them, or raise WorkbookError."""
    try:
        if dry_run:
            return _import(book, write, True, progress)
        # Checked and written in one transaction, one import at a time: a second import waits
        # for the first, then checks its rows against what the first saved (no stale ids, no
        # partner created twice).
        with transaction.atomic():
            take_write_turn()
            return _import(book, write, False, progress)
    except OperationalError as exc:
        if not is_busy(exc):
            raise
        raise WorkbookError([f"{book.label}: {BUSY}"], unreadable=True) from None


def _import(book: Book, write: Write, dry_run: bool, progress: Progress | None) -> ImportReport:
    total = 2 * book.size
    tick = _Ticker(progress, total)
    refs = Refs.load()
    errors = _Errors(book.errors)
    rows = _parse(book, refs, errors, tick, write.members)
    check_done_dates(book, rows, refs, errors)
    plans = [
        _plan(book, s, rows[s.name], refs, errors, book.partial) for s in SHEETS if rows[s.name]
    ]
    for p, number, message in changed_since(plans, write.expected):
        errors.add(book, p.sheet, number, p.sheet.columns[0].name, message, conflict=True)
    reason_needed = any(p.changes_facts for p in plans)
    if write.require_reason and not write.reason.strip() and reason_needed:
        errors.general(REASON_NEEDED, column="reason")
    if errors:
        raise WorkbookError(errors.sorted(), problems=errors.problems())
    report = ImportReport(book.label, dry_run, reason_needed=reason_needed)
    for p in plans:
        report.counts[p.sheet.name] = SheetCounts(len(p.create), len(p.update), p.unchanged)
        report.keys[p.sheet.name] = [str(r.key) for r in p.create] + [
            str(r.key) for _, r, _ in p.update
        ]
        tick.add(p.unchanged)
    if report.changed and not dry_run:
        with transaction.atomic(savepoint=False):  # inside import_book's transaction
            partners = write_partners(rows, refs)
            record_change(
                user=write.user,
                via=write.via,
                source=write.source,
                model=Partner,
                verb="created",
                refs=partners,
            )
            for p in plans:
                write_sheet(p, refs, write.user, tick.add)
                _record_history(p, write)
    tick.finish()
    return report


def _record_history(plan: SheetPlan, write: Write) -> None:
    """One history entry per sheet and verb: every id, with the values created, or each
    changed field's old and new values (and the rows' other values, for their Members)."""
    model = plan.sheet.model
    created = {str(row.key): {f: plain(v) for f, v in row.values.items()} for row in plan.create}
    record_change(
        user=write.user,
        via=write.via,
        source=write.source,
        reason=write.reason,
        model=model,
        verb=Change.Verb.CREATED,
        refs=list(created),
        details={key: stored(model, values) for key, values in created.items()},
    )
    updated = {
        str(row.key): {f: [plain(old), plain(row.values[f])] for f, old in sorted(changed.items())}
        for _, row, changed in plan.update
    }
    record_change(
        user=write.user,
        via=write.via,
        source=write.source,
        reason=write.reason,
        model=model,
        verb=Change.Verb.UPDATED,
        refs=list(updated),
        details=updated,
        values={str(row.key): row.values for _, row, _ in plan.update},
    )


class _Ticker:
    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total, self.done = progress, total, 0

    def add(self, n: int) -> None:
        self.done += n
        if self.progress and n:
            self.progress(min(self.done, self.total), self.total)

    def finish(self) -> None:
        if self.progress and self.done < self.total:
            self.progress(self.total, self.total)


class _Errors:
    """Errors with a sort key, so they come out in sheet, row and column order."""

    def __init__(self, structural: list[str]):
        self.structural = [Problem(text) for text in structural]
        self.keyed: list[tuple[tuple[int, int, int], str, Problem]] = []

    def add(
        self,
        book: Book,
        sheet: Sheet,
        number: int,
        column: str,
        message: str,
        *,
        conflict: bool = False,
    ) -> None:
        label = book.sheets[sheet.name].label
        order = (SHEETS.index(sheet), number, sheet.header.index(column))
        text = f"{label}:{sheet.name}:{number}:{column}: {message}"
        problem = Problem(message, sheet.name, number, column, conflict)
        self.keyed.append((order, text, problem))

    def general(self, message: str, column: str = "") -> None:
        self.structural.append(Problem(message, column=column))

    def __bool__(self) -> bool:
        return bool(self.structural or self.keyed)

    def _ordered(self) -> list[tuple[str, Problem]]:
        keyed = sorted(self.keyed, key=lambda e: e[0])
        return [(p.message, p) for p in self.structural] + [(t, p) for _, t, p in keyed]

    def sorted(self) -> list[str]:
        return [text for text, _ in self._ordered()]

    def problems(self) -> list[Problem]:
        return [p for _, p in self._ordered()]


def _parser(
    sheet: Sheet, c: Column, refs: Refs, members: frozenset[str] | None = None
) -> Callable[[Any], Any]:
    """The parser for one column's cells, with the model's limits baked in (and, with
    `members`, the Members the writer may name)."""
    if c.type in (REF, REFS):
        resolve = refs.resolver(c.target) if c.type == REF else refs.list_resolver(c.target)
        if c.target != "member" or members is None:
            return resolve
        return lambda v: _within(resolve(v), members)
    if c.type == DATE:
        return parse_date
    if c.type == CHOICE:
        return lambda v: parse_choice(v, c.choices)
    f = sheet.model._meta.get_field(c.field)
    if c.type == INTEGER:
        # Whole-number columns count from their minimum (1 for scale tops and respondents).
        top = 32767 if isinstance(f, models.PositiveSmallIntegerField) else 2147483647
        low, high = c.minimum, c.maximum if c.maximum is not None else top
        return lambda v: parse_integer(v, low, high)
    if c.type == DECIMAL:
        assert isinstance(f, models.DecimalField)
        digits, places = f.max_digits, f.decimal_places
        return lambda v: parse_decimal(v, digits, places)
    assert c.type == TEXT
    if sheet.name == "topics" and c.name == "code":
        return _topic_code
    return lambda v: parse_text(v, c.max_length)


def _topic_code(value: Any) -> str:
    code = parse_text(value, 40)
    if not code.replace("-", "").replace("_", "").isalnum() or not code.isascii():
        raise CellError(f"a code uses letters, digits, '-' and '_' only, got {code!r}")
    return code


def _within(value: Any, members: frozenset[str]) -> Any:
    for code in value if isinstance(value, tuple) else (value,):
        if code not in members:
            raise CellError(f"{code} is not a Member of your organisation")
    return value


def _parse(
    book: Book, refs: Refs, errors: _Errors, tick: _Ticker, members: frozenset[str] | None
) -> dict[str, list[Row]]:
    """Every cell of every row through its column's parser; rows with an error are dropped."""
    # Rows may reference ids defined anywhere in the workbook, so collect those first.
    for name, target in (("topics", "topic"), ("activities", "activity"), ("experts", "expert")):
        for _, values in book.rows(name):
            # A bad id is reported on its own cell by the row's pass below.
            with contextlib.suppress(CellError):
                refs.define(target, parse_text(values[0]))
    parsed: dict[str, list[Row]] = {}
    for sheet in SHEETS:
        parsers = [(c, _parser(sheet, c, refs, members)) for c in sheet.columns]
        good = parsed[sheet.name] = []
        first: dict[str, int] = {}
        present = book.sheets[sheet.name].present if sheet.name in book.sheets else set()
        for done, (number, cells) in enumerate(book.rows(sheet.name), start=1):
            if done % 1000 == 0:
                tick.add(1000)
            values: dict[str, Any] = {}
            ok = True
            for (c, parse), raw in zip(parsers, cells, strict=True):
                if raw is None:
                    if c.required:
                        # A missing column is reported once, on the header, not on every row.
                        if c.name in present:
                            errors.add(book, sheet, number, c.name, "required")
                        ok = False
                    values[c.field] = c.blank
                    continue
                try:
                    values[c.field] = parse(raw)
                except CellError as exc:
                    errors.add(book, sheet, number, c.name, str(exc))
                    ok = False
                    continue
                if c.required and c.type == REFS and not values[c.field]:
                    # ";" alone names nothing: an agreement needs its Members.
                    errors.add(book, sheet, number, c.name, "required: name at least one")
                    ok = False
            key_column = sheet.columns[0]
            key = values.get(key_column.field)
            if key is not None:
                if key in first:
                    errors.add(
                        book,
                        sheet,
                        number,
                        key_column.name,
                        f"duplicate {key_column.name} {key!r} (first on row {first[key]})",
                    )
                    ok = False
                else:
                    first[key] = number
            if ok and check_row(book, sheet, number, values, errors):
                good.append(Row(number, key, values))
        tick.add(len(book.rows(sheet.name)) % 1000)
    return parsed


def stored_rows(
    sheet: Sheet, refs: Refs, only: list[Row] | None = None
) -> dict[str, tuple[int, dict[str, Any]]]:
    """The rows already stored for `sheet`, in the same key space as parsed rows; with `only`,
    just those that `only`'s rows could match or collide with (a form saves one record among
    many thousands)."""
    model = sheet.model
    key_column = sheet.columns[0]
    qs = model.objects.order_by()
    if only is not None:
        qs = qs.filter(_candidates(sheet, refs, only))
    if sheet.name == "milestones":
        qs = qs.filter(models.Q(done_on__isnull=False) | ~models.Q(evidence=""))
        # Superseded versions keep their milestones, under the same keys: the one in use counts.
        qs = qs.filter(plan__in=Plan.objects.current())
    scalar = [c for c in sheet.columns[1:] if c.type != REFS]
    names = [model._meta.get_field(c.field).attname for c in scalar]
    existing: dict[str, tuple[int, dict[str, Any]]] = {}
    if sheet.name == "milestones":
        kpis = refs.key["kpi"]
        rows = ((kpis[pk], pk, rest) for pk, *rest in qs.values_list("pk", *names))
    else:
        rows = ((k, pk, rest) for k, pk, *rest in qs.values_list(key_column.field, "pk", *names))
    for key, pk, rest in rows:
        values = {}
        for c, value in zip(scalar, rest, strict=True):
            if c.type == REF and value is not None:
                value = refs.key[c.target][value]
            values[c.field] = value
        existing[key] = (pk, values)
    by_pk = {pk: values for pk, values in existing.values()}
    for c in sheet.columns:
        if c.type != REFS:
            continue
        for values in by_pk.values():
            values[c.field] = ()
        table, source, target = through(model, c.field)
        names_of = refs.key[c.target]
        for src, dst in table.objects.order_by().values_list(source, target):
            if src in by_pk:
                by_pk[src][c.field] += (names_of[dst],)
    return existing


def _candidates(sheet: Sheet, refs: Refs, rows: list[Row]) -> models.Q:
    """Stored rows with one of `rows`' keys, or with their unique combination of values."""
    key_column = sheet.columns[0]
    if key_column.type == REF:
        keys = [refs.pk[key_column.target][r.key] for r in rows]
        q = models.Q(pk__in=[k for k in keys if k is not None])
    else:
        q = models.Q(**{f"{key_column.field}__in": [r.key for r in rows]})
    same = models.Q()
    for name in UNIQUE.get(sheet.name, ((),))[0]:
        c = sheet.column(name)
        if c.type == REF:
            pks = {refs.pk[c.target].get(r.values[c.field]) for r in rows}
            same &= models.Q(**{f"{c.field}__in": [pk for pk in pks if pk is not None]})
    return q | same if same else q


def _same(c: Column, new: Any, old: Any) -> bool:
    if c.type == REFS:
        return set(new) == set(old)
    return new == old


def _plan(
    book: Book, sheet: Sheet, rows: list[Row], refs: Refs, errors: _Errors, partial: bool
) -> SheetPlan:
    """Split valid rows into new, changed and unchanged against the database."""
    plan = SheetPlan(sheet)
    existing = stored_rows(sheet, refs, rows if partial else None)
    compared = [c for c in sheet.columns[1:]]
    for row in rows:
        found = existing.get(row.key)
        if found is None:
            if sheet.name == "milestones":
                # A KPI with no done date or evidence yet: every KPI exists, so it is an update.
                pk = refs.pk["kpi"][row.key]
                assert pk is not None
                found = (pk, {"done_on": None, "evidence": ""})
                plan.blank_before.add(pk)
            else:
                plan.create.append(row)
                continue
        pk, old = found
        changed = {
            c.field: old[c.field]
            for c in compared
            if not _same(c, row.values[c.field], old[c.field])
        }
        if changed:
            plan.update.append((pk, row, changed))
        else:
            plan.unchanged += 1
    if sheet.name in UNIQUE:
        fields, column = UNIQUE[sheet.name]
        in_book = {row.key for row in rows}
        taken = {
            tuple(values[f] for f in fields): key
            for key, (_, values) in existing.items()
            if key not in in_book
        }
        seen: dict[tuple[Any, ...], Row] = {}
        for row in rows:
            combo = tuple(row.values[f] for f in fields)
            other = f"id {taken[combo]!r} in the database" if combo in taken else None
            if combo in seen:
                other = f"id {seen[combo].key!r} on row {seen[combo].number}"
            if other:
                what = " ".join(str(v) for v in combo)
                errors.add(
                    book, sheet, row.number, column, f"{what} is already recorded as {other}"
                )
            seen.setdefault(combo, row)
    return plan
