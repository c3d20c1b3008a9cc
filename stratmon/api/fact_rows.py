"""Stored records as the workbook's rows, a page at a time in a fixed number of queries, and a
request's record as the row `save_records` takes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model, Prefetch, QuerySet

from stratmon.facts.models import Partner, Topic
from stratmon.facts.workbook.sheets import REF, REFS, Sheet
from stratmon.plans.models import Action, Member

from .fact_schema import UPDATED_AT

# The order of a list of references, by what it names.
LIST_MODELS: dict[str, tuple[QuerySet[Any], tuple[str, ...]]] = {
    "member": (Member.objects.all(), ("iso3",)),
    "topic": (Topic.objects.all(), ("code",)),
    "partner": (Partner.objects.all(), ("name",)),
    "action": (Action.objects.select_related("plan"), ("plan__code", "order", "pk")),
}


def with_values(records: QuerySet[Any], sheet: Sheet) -> QuerySet[Any]:
    """`records` with what their rows name joined in: one query for the records and their
    references, and one per list of references, whatever the page holds."""
    related = [c.field for c in sheet.columns if c.type == REF]
    related += [f"{c.field}__plan" for c in sheet.columns if c.type == REF and c.target == "kpi"]
    lists = []
    for c in sheet.columns:
        if c.type == REFS:
            found, order = LIST_MODELS[c.target]
            lists.append(Prefetch(c.field, queryset=found.order_by(*order)))
    return records.select_related(*related).prefetch_related(*lists)


def key_of(obj: Model | None, target: str) -> str | None:
    """The workbook's key of a referenced object (ISO3, code, `plan:code`, name or id)."""
    if obj is None:
        return None
    if target == "member":
        return str(obj.iso3)  # type: ignore[attr-defined]
    if target in ("topic", "organisation"):
        return str(obj.code)  # type: ignore[attr-defined]
    if target in ("action", "kpi"):
        return f"{obj.plan.code}:{obj.code}"  # type: ignore[attr-defined]
    if target == "partner":
        return str(obj.name)  # type: ignore[attr-defined]
    return str(obj.ref)  # type: ignore[attr-defined]


def row_of(obj: Model, sheet: Sheet) -> dict[str, Any]:
    """The record as its workbook row, `{"id", column: value, "updated_at"}`: references as
    keys, lists as lists of keys; dates, decimals and times for the JSON renderer to write."""
    row: dict[str, Any] = {"id": obj.ref}  # type: ignore[attr-defined]
    for c in sheet.columns[1:]:
        value = getattr(obj, c.field)
        if c.type == REFS:
            value = [key_of(o, c.target) for o in value.all()]
        elif c.type == REF:
            value = key_of(value, c.target)
        row[c.name] = value
    row[UPDATED_AT] = obj.updated_at  # type: ignore[attr-defined]
    return row


def rows_of(records: Iterable[Model], sheet: Sheet) -> list[dict[str, Any]]:
    return [row_of(obj, sheet) for obj in records]


def workbook_row(values: dict[str, Any]) -> dict[str, Any]:
    """A request's validated columns as `save_records`' row (lists stay lists: it joins them;
    None and "" are both a blank cell)."""
    return {name: list(v) if isinstance(v, tuple) else v for name, v in values.items()}
