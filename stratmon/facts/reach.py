"""Which recorded facts of a sheet a user may see and change: the data pages and the API ask
here, and the rule itself is `access.records_in_reach`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from stratmon.accounts import access

from .workbook.sheets import REF, Sheet


def member_fields(sheet: Sheet) -> tuple[str, ...]:
    """The sheet's fields naming Members (foreign keys and lists alike)."""
    return tuple(c.field for c in sheet.columns if c.target == "member")


def plan_fields(sheet: Sheet) -> tuple[str, ...]:
    """The sheet's fields naming one item of a plan (a milestone update's KPI)."""
    return tuple(c.field for c in sheet.columns if c.type == REF and c.target == "kpi")


def in_reach(user: Any, sheet: Sheet) -> QuerySet[Any]:
    """The records of `sheet` the user may see and change (access.records_in_reach)."""
    return access.records_in_reach(
        user,
        sheet.model.objects.all(),
        member_fields=member_fields(sheet),
        plan_fields=plan_fields(sheet),
    )
