"""The change history of recorded facts: one place that writes it, for the admin and imports."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import Change


def record_change(
    *,
    user: Any,
    via: str,
    model: type[models.Model],
    verb: str,
    refs: list[str],
    details: dict[str, Any] | None = None,
    source: str = "",
) -> Change | None:
    """Record one change to one or more records of `model`; nothing when `refs` is empty."""
    if not refs:
        return None
    return Change.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        via=via,
        source=source[:300],
        model=model._meta.model_name or "",
        verb=verb,
        refs=refs,
        details=details or {},
    )


def field_changes(obj: models.Model, changed: list[str], initial: dict[str, Any]) -> dict:
    """{field: [old, new]} as text, for the fields a form changed."""
    found = {}
    for name in changed:
        new = getattr(obj, name, None)
        if isinstance(new, models.Manager):  # many-to-many: show the linked records
            new = sorted(str(o) for o in new.all())
        found[name] = [_text(initial.get(name)), _text(new)]
    return found


def _text(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | list):
        return value
    if isinstance(value, models.QuerySet | tuple | set):
        return sorted(str(v) for v in value)
    return str(value)
