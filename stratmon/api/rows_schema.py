"""Records as the data workbook's rows, in JSON: `{sheet: [{column: value}]}`. Values are what a
cell holds (text, a number, empty) or, for a list of references, a list of keys; the
workbook's own checks then read them (stratmon.facts.records), so these fields only refuse
what no cell could hold, with the place of each value at fault."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# What one request may propose: an activity's participant list is the longest part.
MAX_ROWS = 5000
MAX_TEXT = 20_000

CELL_SCHEMA = {
    "oneOf": [
        {"type": "string", "maxLength": MAX_TEXT},
        {"type": "number"},
        {"type": "array", "items": {"type": "string", "maxLength": MAX_TEXT}},
    ],
    "nullable": True,
    "description": "a cell: text (dates as YYYY-MM-DD), a number, null for empty, or a list "
    "of keys for a column of references",
}


def text_problem(value: str) -> str | None:
    """Why a text cannot be stored as it is (None when it can): the database refuses NUL
    characters and unpaired surrogates, which JSON lets through."""
    if "\x00" in value:
        return "holds a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode text"
    if len(value) > MAX_TEXT:
        return f"is longer than {MAX_TEXT:,} characters"
    return None


@extend_schema_field(CELL_SCHEMA)
class CellField(serializers.Field):
    default_error_messages = {
        "type": "a cell holds text, a number, null or a list of keys, not {kind}",
        "text": "this text {why}",
    }

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, str | int | float | list):
            self.fail("type", kind=type(data).__name__)
        items = data if isinstance(data, list) else [data]
        for item in items:
            if isinstance(data, list) and not isinstance(item, str):
                self.fail("type", kind=f"a list holding {type(item).__name__}")
            if isinstance(item, str) and (why := text_problem(item)):
                self.fail("text", why=why)
        return data

    def to_representation(self, value: Any) -> Any:
        return value


class RowsField(serializers.DictField):
    """`{sheet: [{column: value}]}`."""

    def __init__(self, **kwargs: Any):
        row = serializers.DictField(child=CellField())
        kwargs["child"] = serializers.ListField(child=row, max_length=MAX_ROWS)
        super().__init__(**kwargs)


class SafeTextField(serializers.CharField):
    """Text that the database can store (see `text_problem`)."""

    def to_internal_value(self, data: Any) -> str:
        text = super().to_internal_value(data)
        why = text_problem(text)
        if why:
            raise serializers.ValidationError(f"this text {why}")
        return text
