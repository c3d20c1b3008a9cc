"""Write validated rows: inserts in one statement per table, updates in batches, then links."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, models
from django.utils import timezone

from stratmon.bulk import insert_rows
from stratmon.facts.models import Partner

from .refs import Refs
from .sheets import REF, REFS, UNIQUE_TOGETHER, Column, Sheet

BATCH = 500
# The sheets whose new rows other sheets reference, and the reference target they define.
TARGET_OF_SHEET = {"topics": "topic", "activities": "activity", "experts": "expert"}


@dataclass
class Row:
    number: int
    key: str
    values: dict[str, Any]  # model field → value; references as keys, lists as tuples


@dataclass
class SheetPlan:
    sheet: Sheet
    create: list[Row] = field(default_factory=list)
    # pk, row, and the fields changed with their stored values
    update: list[tuple[int, Row, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    # Updated rows (by pk) that held no recorded fact: a milestone KPI not yet set done.
    blank_before: set[int] = field(default_factory=set)

    @property
    def changes_facts(self) -> bool:
        """Whether a stored fact would change (and so a reason is needed)."""
        return any(pk not in self.blank_before for pk, _, _ in self.update)


def through(model: type[models.Model], name: str) -> tuple[Any, str, str]:
    """A many-to-many field's link table and its two foreign-key column names."""
    f = model._meta.get_field(name)
    assert isinstance(f, models.ManyToManyField)
    return f.remote_field.through, f.m2m_field_name() + "_id", f.m2m_reverse_field_name() + "_id"


def write_partners(rows: dict[str, list[Row]], refs: Refs) -> list[str]:
    """Create the partners named for the first time, so references can point at them;
    returns their names."""
    known = refs.pk["partner"]
    new = {
        name: None
        for sheet_name in ("activities", "agreements")
        for row in rows[sheet_name]
        for name in row.values["partners"]
        if known.get(name) is None
    }
    if new:
        insert(Partner, [{"name": name} for name in new])
        for name, pk in Partner.objects.order_by().values_list("name", "pk"):
            refs.saved("partner", name, pk)
    return list(new)


def insert(model: type[models.Model], rows: list[dict[str, Any]], *, with_pk: bool = False) -> None:
    """INSERT rows given by attribute name, in one statement (stratmon.bulk).

    bulk_create() spends most of a 50,000-row import preparing each value of each model
    instance; here only dates, times and decimals need the database's adaptation. With
    `with_pk`, each row brings its own primary key (a row put back where it was).
    """
    if not rows:
        return
    now = timezone.now()
    columns: list[str] = []
    getters: list[Callable[[dict[str, Any]], Any]] = []
    for f in model._meta.local_concrete_fields:
        if isinstance(f, models.AutoField) and not with_pk:
            continue
        columns.append(f.column)
        getters.append(_getter(f, now))
    insert_rows(model._meta.db_table, columns, [tuple(get(row) for get in getters) for row in rows])


def _getter(f: models.Field, now: Any) -> Callable[[dict[str, Any]], Any]:
    name = f.attname
    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
        stamp = f.get_db_prep_save(now, connection)
        keep = f.get_db_prep_save
        # A row put back keeps its creation time; everything else is stamped now.
        return lambda row: keep(row[name], connection) if name in row else stamp
    default = f.get_default() if f.has_default() else (None if f.null else "")
    if f.get_internal_type() in ("DateField", "DateTimeField", "DecimalField", "JSONField"):
        prep = f.get_db_prep_save

        def adapted(row: dict[str, Any]) -> Any:
            value = row.get(name, default)
            return None if value is None else prep(value, connection)

        return adapted
    return lambda row: row.get(name, default)


class _Columns:
    """A sheet's columns as attribute names, looked up once rather than once per row."""

    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.scalar: list[tuple[Column, str]] = [
            (c, sheet.model._meta.get_field(c.field).attname)
            for c in sheet.columns
            if c.type != REFS
        ]

    def values(self, row: Row, refs: Refs, *, with_key: bool) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for c, attname in self.scalar:
            if not with_key and c is self.sheet.columns[0]:
                continue
            value = row.values[c.field]
            if c.type == REF and value is not None:
                value = refs.pk[c.target][value]
            result[attname] = value
        return result


def write_sheet(
    plan: SheetPlan, refs: Refs, user: AbstractBaseUser | None, tick: Callable[[int], None]
) -> None:
    """Create, update and link one sheet's rows; referenced pks are known by now."""
    sheet, model = plan.sheet, plan.sheet.model
    recorded = sheet.name not in ("topics", "milestones")
    user_pk = user.pk if user is not None else None
    columns = _Columns(sheet)
    moved = _put_back_moved(plan, columns, refs, recorded, user_pk)
    new_rows = []
    for row in plan.create:
        values = columns.values(row, refs, with_key=True)
        if recorded:
            values["created_by_id"] = values["updated_by_id"] = user_pk
        new_rows.append(values)
    insert(model, new_rows)
    created_pks: list[int] = []
    lists = [c for c in sheet.columns if c.type == REFS]
    if plan.create and (sheet.name in TARGET_OF_SHEET or lists):
        key_field = sheet.columns[0].field
        pks = dict(model.objects.order_by().values_list(key_field, "pk"))
        created_pks = [pks[row.key] for row in plan.create]
        target = TARGET_OF_SHEET.get(sheet.name)
        if target:
            for row, pk in zip(plan.create, created_pks, strict=True):
                refs.saved(target, row.key, pk)
    tick(len(plan.create))
    _update(plan, columns, refs, recorded, user_pk, moved)
    tick(len(plan.update))
    for c in lists:
        _write_links(plan, c, created_pks, refs)


def _put_back_moved(
    plan: SheetPlan, columns: _Columns, refs: Refs, recorded: bool, user_pk: int | None
) -> set[int]:
    """Rewrite the rows whose unique fields change, before any other write of the sheet.

    Updated one by one, two rows swapping their (Member, topic, date), or a row moving off
    a combination that a new row takes, would collide half-way although the import as a
    whole is valid. So those rows are deleted and put back with their new values, keeping
    their primary key and creation stamp (nothing references these rows). Returns their pks.
    """
    unique = set(UNIQUE_TOGETHER.get(plan.sheet.name, ()))
    moved = [u for u in plan.update if unique & u[2].keys()]
    if not moved:
        return set()
    model = plan.sheet.model
    pks = [pk for pk, _, _ in moved]
    kept: dict[int, tuple[Any, Any]] = {}
    for start in range(0, len(pks), BATCH):
        batch = pks[start : start + BATCH]
        for pk, *stamps in model.objects.filter(pk__in=batch).values_list(
            "pk", "created_at", "created_by_id"
        ):
            kept[pk] = (stamps[0], stamps[1])
        model.objects.filter(pk__in=batch).delete()
    rows = []
    for pk, row, _ in moved:
        values = columns.values(row, refs, with_key=True)
        values[model._meta.pk.attname] = pk  # type: ignore[union-attr]
        if recorded:
            values["created_at"], values["created_by_id"] = kept[pk]
            values["updated_by_id"] = user_pk
        rows.append(values)
    insert(model, rows, with_pk=True)
    return set(pks)


def _update(
    plan: SheetPlan,
    columns: _Columns,
    refs: Refs,
    recorded: bool,
    user_pk: int | None,
    done: set[int],
) -> None:
    """bulk_update() of the fields that changed in any row (but those `done`), and who
    changed them."""
    updates = [u for u in plan.update if u[0] not in done]
    if not updates:
        return
    now = timezone.now()
    model = plan.sheet.model
    names: set[str] = set()
    objs = []
    for pk, row, changed in updates:
        obj = model(pk=pk, **columns.values(row, refs, with_key=False))
        if recorded:
            obj.updated_by_id = user_pk  # type: ignore[attr-defined]
            obj.updated_at = now  # type: ignore[attr-defined]
        names |= changed.keys()
        objs.append(obj)
    fields = {c.field for c, _ in columns.scalar} & names
    if recorded:
        fields |= {"updated_by", "updated_at"}
    if fields:
        model.objects.bulk_update(objs, sorted(fields), batch_size=BATCH)


def _write_links(plan: SheetPlan, c: Column, created_pks: list[int], refs: Refs) -> None:
    """Replace the links of rows whose list changed; add the links of new rows."""
    table, source, target = through(plan.sheet.model, c.field)
    pks = refs.pk[c.target]
    stale = [pk for pk, _, changed in plan.update if c.field in changed]
    for start in range(0, len(stale), BATCH):
        table.objects.filter(**{f"{source}__in": stale[start : start + BATCH]}).delete()
    owners: Iterable[tuple[int, Row]] = [
        *zip(created_pks, plan.create, strict=True),
        *((pk, row) for pk, row, changed in plan.update if c.field in changed),
    ]
    insert(
        table,
        [{source: pk, target: pks[key]} for pk, row in owners for key in row.values[c.field]],
    )
