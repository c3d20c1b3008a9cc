"""The change history: who changed which records, when, through what, why, and what changed.

Written only by stratmon/history/recording.py; read by the admin and the history pages.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models

from stratmon.plans.models import Member, Organisation


class Change(models.Model):
    """Who changed which recorded facts, when, through what, and what changed.

    One entry per admin save, and one per sheet and verb of a workbook import (listing every
    id and, for updates, the fields changed), so a 50,000-row import adds a few rows here.
    """

    class Verb(models.TextChoices):
        CREATED = "created"
        UPDATED = "updated"
        DELETED = "deleted"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via = models.CharField(max_length=20, help_text="admin, workbook, …")
    source = models.CharField(max_length=300, blank=True, help_text="e.g. the workbook's name")
    model = models.CharField(max_length=40, help_text="what kind of record, e.g. activity")
    verb = models.CharField(max_length=8, choices=Verb.choices)
    refs = models.JSONField(default=list, help_text="the ids of the records")
    # Written by stratmon/history/recording.py: {id: {field: value}} for created and deleted
    # records, {id: {field: [old, new]}} for updates. Entries written before the values were
    # kept may hold {id: [fields]} for an update and nothing for the others.
    details = models.JSONField(default=dict, blank=True)

    reason = models.TextField(blank=True, help_text="why, in the words of whoever changed it")
    # Whose data the entry concerns, so pages can be scoped and filtered by joins
    # (recording.py derives both; see docs/change-history.md).
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField(Member, blank=True, related_name="+")
    # {id: [ISO3, …]} for each record that concerns Members: pages show a record only to those
    # who may see one of them (an import of many Members' rows is one entry).
    record_members = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {len(self.refs)} {self.model}"

    def rows(self, records: int | None = None) -> list[ChangeRow]:
        """One row per record and field, for the first `records` records (all when None),
        fields in the model's order."""
        return self.rows_of(self.refs[:records])

    def rows_of(self, refs: list[str]) -> list[ChangeRow]:
        """`rows()` of the records `refs`, in that order."""
        order = self._field_order()
        found = []
        for ref in refs:
            fields = self.details.get(ref) or {}
            if isinstance(fields, dict):
                # PostgreSQL's jsonb keeps keys in its own order, not the order written.
                fields = dict(sorted(fields.items(), key=lambda f: order.get(f[0], len(order))))
            if isinstance(fields, list):  # an update recorded before values were kept
                found += [ChangeRow(ref, name, shown=False) for name in fields]
            elif not fields:
                found.append(ChangeRow(ref))
            elif self.verb == self.Verb.UPDATED:
                found += [ChangeRow(ref, name, old, new) for name, (old, new) in fields.items()]
            elif self.verb == self.Verb.DELETED:
                found += [ChangeRow(ref, name, old=value) for name, value in fields.items()]
            else:
                found += [ChangeRow(ref, name, new=value) for name, value in fields.items()]
        return found

    def _field_order(self) -> dict[str, int]:
        model = next((m for m in apps.get_models() if m._meta.model_name == self.model), None)
        if model is None:
            return {}
        fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
        return {f.name: i for i, f in enumerate(fields)}

    def lines(self, records: int | None = None) -> list[str]:
        """The change in words, e.g. `MS-9 — status: in_progress → achieved`."""
        return [row.line(self.verb) for row in self.rows(records)]


@dataclasses.dataclass(frozen=True)
class ChangeRow:
    """One field of one record in a change, with its values as a person reads them."""

    ref: str
    field: str = ""
    old: Any = None
    new: Any = None
    shown: bool = True  # False: an old entry that named the field but kept no values

    @property
    def before(self) -> str:
        return self._text(self.old)

    @property
    def after(self) -> str:
        return self._text(self.new)

    def _text(self, value: Any) -> str:
        if not self.field:
            return ""
        return readable(value) if self.shown else "(not recorded)"

    def line(self, verb: str) -> str:
        if not self.field:
            return self.ref
        if not self.shown:
            return f"{self.ref} — {self.field} changed"
        if verb == Change.Verb.UPDATED:
            return f"{self.ref} — {self.field}: {self.before} → {self.after}"
        value = self.before if verb == Change.Verb.DELETED else self.after
        return f"{self.ref} — {self.field}: {value}"


def readable(value: Any) -> str:
    """A recorded value as text: lists joined by commas, blanks and booleans in words."""
    if value is None or value == "" or value == []:
        return "(blank)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


class ChangeRef(models.Model):
    """One record an entry names: the index that finds a record's entries on every database
    (SQLite has no JSON containment to search `Change.refs` with)."""

    change = models.ForeignKey(Change, on_delete=models.CASCADE, related_name="ref_rows")
    model = models.CharField(max_length=40)
    ref = models.CharField(max_length=300)

    class Meta:
        indexes = [models.Index(fields=["model", "ref"])]

    def __str__(self) -> str:
        return f"{self.model} {self.ref}"
