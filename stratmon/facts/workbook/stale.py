"""Optimistic locking for forms: rows someone else changed since the writer read them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .writer import SheetPlan


def changed_since(
    plans: list[SheetPlan], expected: dict[tuple[str, str], Any]
) -> Iterator[tuple[SheetPlan, int, str]]:
    """(sheet plan, row number, message) for each row whose stored record changed after the
    time in `expected[(sheet, key)]`, the time the writer saw it last changed."""
    for p in plans:
        model = p.sheet.model
        wanted = {key for (sheet, key) in expected if sheet == p.sheet.name}
        if not wanted or "updated_at" not in {f.name for f in model._meta.concrete_fields}:
            continue
        key_field = p.sheet.columns[0].field
        stored = {
            str(key): (at, by)
            for key, at, by in model.objects.filter(**{f"{key_field}__in": wanted}).values_list(
                key_field, "updated_at", "updated_by__username"
            )
        }
        rows = [*p.create, *(row for _, row, _ in p.update)]
        for number, key in ((r.number, str(r.key)) for r in rows):
            if key not in wanted or key not in stored:
                continue
            at, by = stored[key]
            if at != expected[(p.sheet.name, key)]:
                who = f" by {by}" if by else ""
                yield (
                    p,
                    number,
                    f"{key} was changed{who} at {at:%Y-%m-%d %H:%M} since you opened it; "
                    "nothing was saved — reload to see the change, then make yours again",
                )
