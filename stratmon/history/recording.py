"""The change history: one function writes it, and every path describes records the same way.

A record is named by its key (an id such as `ACT-2023-014`, a Member's ISO alpha-3 code, a
KPI's `plan-code:kpi-code`: the keys the workbook uses) and its values are plain text, dates
in ISO form and references as keys, so an entry reads the same whichever path wrote it:

- created and deleted: `{key: {field: value}}` with every field that holds something;
- updated: `{key: {field: [old, new]}}` with the fields that changed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, router, transaction
from django.db.models.deletion import Collector

from stratmon.accounts.models import Role
from stratmon.bulk import insert_rows
from stratmon.facts.models import Partner, Recorded
from stratmon.plans.models import (
    KPI,
    Action,
    Member,
    Membership,
    Objective,
    Organisation,
    Pillar,
    Plan,
)

from .models import Change, ChangeRef

# Columns that say who touched a row and when (the entry itself says that) or mark sample data.
BOOKKEEPING = frozenset({"created_at", "created_by", "updated_at", "updated_by", "sample"})
BATCH = 500
PLAN_KEY = ("plan__code", "code")
KEYS: dict[type[models.Model], tuple[str, ...]] = {
    Member: ("iso3",),
    Partner: ("name",),
    Plan: ("code",),
    Pillar: PLAN_KEY,
    Objective: PLAN_KEY,
    Action: PLAN_KEY,
    KPI: PLAN_KEY,
    Membership: ("organisation__code", "member__iso3"),
}


def record_change(
    *,
    user: Any,
    via: str,
    model: type[models.Model],
    verb: str,
    refs: list[str],
    details: dict[str, Any] | None = None,
    source: str = "",
    reason: str = "",
    organisation: Organisation | None = None,
    members: Iterable[Member | str] = (),
    values: Mapping[str, Any] | None = None,
) -> Change | None:
    """Record one change to one or more records of `model`; nothing when `refs` is empty.

    `reason` says why. `organisation` and `members` say whose data the entry concerns; the
    Members a record names (`members_of`) are added, read from `details` and from `values`
    (each record's full values by id, for updates whose details hold only what changed).
    Without `organisation`, a plan's organisation (for plans and their parts), else the
    acting user's. A constant number of queries, however many records.
    """
    if not refs:
        return None
    details = details or {}
    per_record = members_of(model, details)
    for ref, codes in members_of(model, values or {}).items():
        per_record[ref] = sorted({*per_record.get(ref, []), *codes})
    named = {m if isinstance(m, str) else m.iso3 for m in members}
    for ref in refs if named else ():
        per_record[ref] = sorted({*per_record.get(ref, []), *named})
    change = Change.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        via=via,
        source=source[:300],
        model=model._meta.model_name or "",
        verb=verb,
        refs=refs,
        details=details,
        reason=reason,
        organisation=organisation or _organisation(model, refs, user),
        record_members=per_record,
    )
    codes = set().union(*per_record.values()) if per_record else set()
    member_ids = Member.objects.filter(iso3__in=sorted(codes)).values_list("pk", flat=True)
    _insert(
        Change.members.through,
        ["change_id", "member_id"],
        [(change.pk, pk) for pk in (member_ids if codes else [])],
    )
    _insert(ChangeRef, ["change_id", "model", "ref"], [(change.pk, change.model, r) for r in refs])
    return change


def member_fields(model: type[models.Model]) -> list[str]:
    """The fields of `model` that name Members (a status's Member, an agreement's Members)."""
    return [
        f.name
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if f.is_relation and f.related_model is Member
    ]


def members_of(model: type[models.Model], values: Mapping[str, Any]) -> dict[str, list[str]]:
    """{id: [ISO3, …]} for the records in `values` ({id: {field: value}}) that name Members.

    Values are as recorded: an ISO3 code, a list of codes, or an update's [old, new] pair of
    either; a Member's own records are named by their code. Reads no database.
    """
    fields = member_fields(model)
    found = {}
    for ref, record in values.items():
        codes = {ref} if model is Member else set()
        if isinstance(record, Mapping):
            for name in fields:
                codes |= _codes(record.get(name))
        if codes:
            found[ref] = sorted(codes)
    return found


def _codes(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value} if value else set()
    if isinstance(value, list | tuple | set | frozenset):
        return set().union(*(_codes(v) for v in value)) if value else set()
    return set()


# Models named `plan-code:code` (or a plan by its code): their organisation is the plan's.
PLAN_MODELS = (Plan, Pillar, Objective, Action, KPI)


def _organisation(model: type[models.Model], refs: list[str], user: Any) -> Organisation | None:
    """Whose entry it is when the caller does not say: the plan's organisation for a plan or
    its parts (when the entry names one organisation's plans), else the acting user's (one
    query at most either way); None for a focal point or a command without a user."""
    if model in PLAN_MODELS:
        codes = {ref.split(":")[0] for ref in refs}
        found = list(Organisation.objects.filter(plans__code__in=sorted(codes)).distinct()[:2])
        if len(found) == 1:
            return found[0]
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        role: Role = user.role
    except Role.DoesNotExist:
        return None
    return role.organisation


def _insert(model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """INSERT `rows` in one statement: one query however many rows (an import names 50,000
    records; bulk_create() would send them in batches of a few hundred)."""
    insert_rows(model._meta.db_table, columns, rows)


@dataclass
class Snapshot:
    """A record as the history shows it: its key and its values as plain data."""

    key: str
    values: dict[str, Any]


def key_paths(model: type[models.Model]) -> tuple[str, ...]:
    """The lookups whose values, joined by ':', name a record of `model`."""
    if issubclass(model, Recorded):
        return ("ref",)
    own: tuple[str, ...] | None = getattr(model, "HISTORY_KEY", None)
    if own:  # a model that names itself, e.g. a desk request by its fact's id
        return own
    if model in KEYS:
        return KEYS[model]
    if any(f.name == "code" for f in model._meta.get_fields()):
        return ("code",)  # topics and organisations
    return ("pk",)


def plain(value: Any) -> Any:
    """A value as JSON data: dates in ISO form, decimals without trailing zeros, sets sorted."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return sorted(plain(v) for v in value)
    return value


def stored(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """What a created or deleted entry shows: fields that hold something, less the key."""
    own = key_paths(model)
    return {
        name: value
        for name, value in values.items()
        if value not in (None, "", [], {}) and (name,) != own
    }


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose values differ."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def snapshots(queryset: models.QuerySet[Any]) -> dict[Any, Snapshot]:
    """Every record of `queryset` by primary key, in one query plus one per list field.

    References are read as their keys through joins, so the cost does not grow with the number
    of fields or records.
    """
    model = queryset.model
    columns: list[str] = ["pk"]

    def column(path: str) -> int:
        if path not in columns:
            columns.append(path)
        return columns.index(path)

    key_at = [column(p) for p in key_paths(model)]
    fields: list[tuple[str, list[int], bool]] = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name in BOOKKEEPING:
            continue
        if f.is_relation:
            paths = [f"{f.name}__{p}" for p in key_paths(f.related_model)]
            fields.append((f.name, [column(p) for p in paths], True))
        else:
            fields.append((f.name, [column(f.name)], False))
    found: dict[Any, Snapshot] = {}
    for row in queryset.order_by().values_list(*columns):
        values = {
            name: _key([row[i] for i in at]) if ref else plain(row[at[0]])
            for name, at, ref in fields
        }
        found[row[0]] = Snapshot(_key([row[i] for i in key_at]) or "", values)
    for f in model._meta.many_to_many:
        through = f.remote_field.through
        if not found or not through._meta.auto_created:
            continue  # a list kept through records of their own (expert assignments)
        source, target = f.m2m_field_name(), f.m2m_reverse_field_name()
        paths = [f"{target}__{p}" for p in key_paths(f.related_model)]
        lists: dict[Any, list[str]] = {pk: [] for pk in found}
        links = through.objects.filter(**{f"{source}__in": queryset.values("pk")})
        for owner, *parts in links.order_by().values_list(source, *paths):
            lists[owner].append(_key(parts))
        for pk, keys in lists.items():
            found[pk].values[f.name] = sorted(keys)
    return found


def snapshots_of(model: type[models.Model], pks: Iterable[Any]) -> dict[Any, Snapshot]:
    """`snapshots()` of the records with these primary keys, in batches."""
    pks = list(pks)
    found: dict[Any, Snapshot] = {}
    for start in range(0, len(pks), BATCH):
        found |= snapshots(model._default_manager.filter(pk__in=pks[start : start + BATCH]))
    return found


def _key(parts: Sequence[Any]) -> str | None:
    if all(p is None for p in parts):
        return None
    return ":".join(str(p) for p in parts)


def record_created(
    queryset: models.QuerySet[Any],
    *,
    user: Any,
    via: str,
    source: str = "",
    reason: str = "",
) -> Change | None:
    """Record the records of `queryset`, just created, with their values."""
    found = snapshots(queryset).values()
    return _record_values(queryset.model, found, Change.Verb.CREATED, user, via, source, reason)


def _record_values(
    model: type[models.Model],
    found: Any,
    verb: str,
    user: Any,
    via: str,
    source: str,
    reason: str,
) -> Change | None:
    """One entry listing records created or deleted, each with every value it holds."""
    ordered = sorted(found, key=lambda s: s.key)
    return record_change(
        user=user,
        via=via,
        source=source,
        reason=reason,
        model=model,
        verb=verb,
        refs=[s.key for s in ordered],
        details={s.key: stored(model, s.values) for s in ordered},
    )


def record_updates(
    model: type[models.Model],
    before: dict[Any, Snapshot],
    *,
    user: Any,
    via: str,
    source: str = "",
    reason: str = "",
) -> Change | None:
    """Record what changed in the records snapshot in `before` (by primary key); nothing if
    nothing did. Take `before` with `snapshots()` ahead of the write, call this after it."""
    after = snapshots_of(model, before)
    details, values = {}, {}
    for pk, old in before.items():
        new = after.get(pk)
        if new is not None and (diff := changes(old.values, new.values)):
            details[new.key] = diff
            # Both sides, so a record moved from one Member to another concerns both.
            values[new.key] = {name: [old.values.get(name), v] for name, v in new.values.items()}
    return record_change(
        user=user,
        via=via,
        source=source,
        reason=reason,
        model=model,
        verb=Change.Verb.UPDATED,
        refs=sorted(details),
        details=details,
        values=values,
    )


def update_records(
    queryset: models.QuerySet[Any],
    *,
    user: Any,
    via: str,
    source: str = "",
    reason: str = "",
    **values: Any,
) -> int:
    """`queryset.update(**values)`, recorded; returns the number of rows matched."""
    with transaction.atomic():
        before = snapshots(queryset)
        count = queryset.model._default_manager.filter(pk__in=list(before)).update(**values)
        record_updates(queryset.model, before, user=user, via=via, source=source, reason=reason)
    return count


class _Collector(Collector):
    """Loads every row a delete reaches: Django would delete some without reading them."""

    def can_fast_delete(self, objs: Any, from_field: Any = None) -> bool:
        return False


def delete_records(
    objs: models.QuerySet[Any] | Sequence[models.Model],
    *,
    user: Any,
    via: str,
    source: str = "",
    reason: str = "",
) -> tuple[int, dict[str, int]]:
    """Delete `objs` as `QuerySet.delete()` does, recording everything the delete touches.

    Records cascaded to (an activity's participations) are recorded deleted like `objs`, and
    records that keep a changed link (a request whose activity is set to null, an activity
    whose list of actions loses the deleted one) are recorded updated. Returns what
    `QuerySet.delete()` returns.
    """
    if not isinstance(objs, models.QuerySet):
        objs = list(objs)
    if not objs:
        return 0, {}
    model = objs.model if isinstance(objs, models.QuerySet) else type(objs[0])
    with transaction.atomic():
        collector = _Collector(using=router.db_for_write(model), origin=objs)
        collector.collect(objs)
        gone: dict[type[models.Model], dict[Any, Snapshot]] = {}
        touched: dict[type[models.Model], set[Any]] = defaultdict(set)
        for m, instances in collector.data.items():
            pks = [o.pk for o in instances]
            if m._meta.auto_created:
                owner, field = _list_field(m)
                links = m._default_manager.filter(pk__in=pks)
                touched[owner].update(links.values_list(field.m2m_field_name(), flat=True))
            else:
                gone[m] = snapshots_of(m, pks)
        for (field, _), batches in collector.field_updates.items():
            for batch in batches:
                if isinstance(batch, models.QuerySet):
                    touched[field.model].update(batch.values_list("pk", flat=True))
                else:
                    touched[field.model].update(o.pk for o in batch)
        before = {m: snapshots_of(m, pks - gone.get(m, {}).keys()) for m, pks in touched.items()}
        result = collector.delete()
        for m, found in gone.items():
            _record_values(m, found.values(), Change.Verb.DELETED, user, via, source, reason)
        for m, snaps in before.items():
            record_updates(m, snaps, user=user, via=via, source=source, reason=reason)
    return result


def _list_field(through: type[models.Model]) -> tuple[type[models.Model], Any]:
    """The model and many-to-many field an auto-created link table belongs to."""
    owner = through._meta.auto_created
    assert isinstance(owner, type)
    field = next(f for f in owner._meta.many_to_many if f.remote_field.through is through)
    return owner, field
