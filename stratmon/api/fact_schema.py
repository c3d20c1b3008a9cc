"""A recorded fact as the API reads and writes it: the data workbook's row of its sheet
(`{"id", column: value}`), one serializer pair per sheet built from the sheet's columns.

The serializers check the JSON types only (a string where text goes, a list where a list of
references goes); every rule about the values (known Members, dates from 1900, a score on its
scale …) is the workbook's, checked by `stratmon.facts.records.save_records`. The response
serializer only describes what `fact_rows.row_of` builds, for the OpenAPI schema.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from django.db import models
from rest_framework import serializers

from stratmon.facts.workbook.sheets import (
    CHOICE,
    DATE,
    DECIMAL,
    INTEGER,
    REF,
    REFS,
    TARGETS,
    TEXT,
    Column,
    Sheet,
)

REASON = "reason"
REASON_MAX = 2000
UPDATED_AT = "updated_at"
# A reference is a short key; a list of them longer than this is not a record's.
KEY_LENGTH = 200
MAX_ITEMS = 1000
# The largest whole number a column's database field holds, by field class.
FIELD_TOP = {models.PositiveSmallIntegerField: 32767}
INT_TOP = 2147483647


def component_name(sheet: Sheet) -> str:
    """`member_statuses` → `MemberStatusesFact`, the OpenAPI name of its records."""
    return "".join(part.title() for part in sheet.name.split("_")) + "Fact"


def nullable(c: Column) -> bool:
    """Whether the column's stored value may be null (a blank optional reference, date or
    number); optional text and choices store "" or their default instead."""
    return not c.required and c.blank is None


def blank_allowed(c: Column) -> bool:
    return not c.required and c.blank == ""


def _help(c: Column) -> str:
    allowed = c.allowed
    if c.type == REFS:
        allowed = TARGETS[c.target]
    elif c.type == DATE:
        allowed = "YYYY-MM-DD"
    return f"{c.description} ({allowed})" if allowed else c.description


def _top(sheet: Sheet, c: Column) -> int:
    if c.maximum is not None:
        return c.maximum
    f = sheet.model._meta.get_field(c.field)
    return FIELD_TOP.get(type(f), INT_TOP)


class StrictCharField(serializers.CharField):
    """Text given as a JSON string only: a number or a list is refused, not turned to text."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON whole number (not a string of digits, not a boolean)."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictNumberField(serializers.DecimalField):
    """A JSON number, read as a decimal (4.1 stays 4.1); the workbook rounds it to the places
    the database keeps."""

    def __init__(self, *, min_value: int, **kwargs: Any) -> None:
        super().__init__(
            max_digits=None,
            decimal_places=None,
            coerce_to_string=False,
            min_value=Decimal(min_value),
            **kwargs,
        )

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictDateField(serializers.DateField):
    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(data)


def _one_key(value: str) -> None:
    if ";" in value:
        raise serializers.ValidationError("one name per item: ';' is not allowed in a name")


def input_field(sheet: Sheet, c: Column) -> serializers.Field:
    """The request field of a column (required as the workbook requires it; PATCH: none)."""
    common: dict[str, Any] = {"required": c.required, "help_text": _help(c)}
    if c is sheet.columns[0]:
        return StrictCharField(
            required=False,
            allow_blank=True,
            max_length=c.max_length,
            help_text="the record's id; blank or absent on a new record: a new one is given",
        )
    if c.type == REFS:
        child = StrictCharField(max_length=KEY_LENGTH, validators=[_one_key])
        return serializers.ListField(
            child=child, min_length=1 if c.required else None, max_length=MAX_ITEMS, **common
        )
    common.update(allow_null=nullable(c))
    if c.type in (TEXT, REF):
        length = c.max_length if c.type == TEXT else KEY_LENGTH
        return StrictCharField(
            allow_blank=blank_allowed(c) or nullable(c), max_length=length, **common
        )
    if c.type == CHOICE:
        return serializers.ChoiceField(choices=c.choices, allow_blank=blank_allowed(c), **common)
    if c.type == DATE:
        return StrictDateField(**common)
    if c.type == INTEGER:
        return StrictIntegerField(min_value=c.minimum, max_value=_top(sheet, c), **common)
    assert c.type == DECIMAL
    return StrictNumberField(min_value=c.minimum, **common)


def output_field(sheet: Sheet, c: Column) -> serializers.Field:
    """The response field of a column: exactly what `fact_rows.row_of` gives."""
    common: dict[str, Any] = {"read_only": True, "help_text": _help(c)}
    if c.type == REFS:
        return serializers.ListField(child=serializers.CharField(), **common)
    common.update(allow_null=nullable(c))
    if c.type in (TEXT, REF):
        return serializers.CharField(**common)
    if c.type == CHOICE:
        return serializers.ChoiceField(choices=c.choices, allow_blank=blank_allowed(c), **common)
    if c.type == DATE:
        return serializers.DateField(**common)
    if c.type == INTEGER:
        return serializers.IntegerField(min_value=c.minimum, max_value=_top(sheet, c), **common)
    assert c.type == DECIMAL
    return serializers.FloatField(**common)


class FactInput(serializers.Serializer):
    """A record as a request gives it; a column the sheet lacks is refused, not ignored."""

    sheet: Sheet

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(str(k) for k in set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {k[:60]: [f"{self.sheet.name} has no column {k[:60]!r}"] for k in unknown[:5]}
                )
        return super().to_internal_value(data)


@functools.cache
def input_serializer(sheet: Sheet) -> type[FactInput]:
    name = component_name(sheet)
    attrs: dict[str, Any] = {c.name: input_field(sheet, c) for c in sheet.columns}
    attrs[REASON] = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=REASON_MAX,
        help_text="why a recorded fact changes (kept in the change history); required when a "
        "stored value changes",
    )
    attrs[UPDATED_AT] = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text="the record's updated_at as you read it: if it changed since, the write is "
        "refused with 409 instead of overwriting the other change",
    )
    attrs["sheet"] = sheet
    attrs["__doc__"] = f"{sheet.description} (a column the sheet lacks is refused)"
    attrs["Meta"] = type("Meta", (), {"ref_name": name})
    return type(f"{name}InputSerializer", (FactInput,), attrs)


@functools.cache
def output_serializer(sheet: Sheet) -> type[serializers.Serializer]:
    name = component_name(sheet)
    attrs: dict[str, Any] = {"id": serializers.CharField(read_only=True, help_text="its id")}
    attrs.update({c.name: output_field(sheet, c) for c in sheet.columns[1:]})
    attrs[UPDATED_AT] = serializers.DateTimeField(read_only=True, help_text="last changed")
    attrs["__doc__"] = sheet.description
    return type(f"{name}Serializer", (serializers.Serializer,), attrs)
