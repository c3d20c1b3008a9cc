"""The filters of a sheet's list, built from its columns: `member` (on any column naming a
Member), `topic`, `date_from`/`date_to` (on its first date), `action` and `kpi` (`plan:code`),
`kind` and `activity`, each where the sheet has such a column. A value naming nothing gives
an empty list; a value of the wrong form (a date, a kind, or none) a 400 naming the
parameter."""

from __future__ import annotations

import functools
import operator
from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from stratmon.facts.models import Topic
from stratmon.facts.workbook.sheets import CHOICE, DATE, REF, REFS, Sheet

from .fact_schema import component_name

SAME_KEY_LENGTH = 200


def _any_of(records: QuerySet[Any], conditions: list[Q]) -> QuerySet[Any]:
    """Records meeting any of `conditions`, each once (a list column joins one row per item)."""
    named = functools.reduce(operator.or_, conditions)
    return records.filter(pk__in=records.model.objects.filter(named).values("pk"))


def _plan_key(value: str) -> tuple[str, str]:
    plan, _, code = value.strip().partition(":")
    return plan.strip(), code.strip()


def _by_member(fields: list[str]) -> Any:
    def apply(records: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        iso3 = value.strip().upper()
        return _any_of(records, [Q(**{f"{f}__iso3": iso3}) for f in fields])

    return apply


def _by_topic(fields: list[str]) -> Any:
    def apply(records: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # A merged topic's code still names the topic it went into (docs/topics.md).
        code = value.strip()
        topics = Topic.objects.filter(Q(code=code) | Q(aliases__code=code)).values("pk")
        return _any_of(records, [Q(**{f"{f}__in": topics}) for f in fields])

    return apply


def _by_plan_item(fields: list[str]) -> Any:
    def apply(records: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        plan, code = _plan_key(value)
        return _any_of(
            records, [Q(**{f"{f}__plan__code": plan, f"{f}__code": code}) for f in fields]
        )

    return apply


def _text(help_text: str, method: Any) -> django_filters.CharFilter:
    return django_filters.CharFilter(method=method, max_length=SAME_KEY_LENGTH, help_text=help_text)


class FactFilters(django_filters.FilterSet):
    """A typed filter given empty (`?date_to=`) is refused rather than ignored, as the schema
    says a date or a kind goes there."""

    typed = ("date_from", "date_to", "kind")

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name in self.typed:
            if name in self.filters and name in self.data and not str(self.data[name]).strip():
                self.form.add_error(name, "give a value, or leave the parameter out")
                valid = False
        return valid


@functools.cache
def filterset(sheet: Sheet) -> type[django_filters.FilterSet]:
    """The FilterSet of `sheet`'s list."""
    attrs: dict[str, Any] = {}
    by_target: dict[str, list[str]] = {}
    for c in sheet.columns:
        if c.type in (REF, REFS):
            by_target.setdefault(c.target, []).append(c.field)
    if "member" in by_target:
        attrs["member"] = _text(
            "a Member's ISO alpha-3 code, on any of its columns naming Members",
            _by_member(by_target["member"]),
        )
    if "topic" in by_target:
        attrs["topic"] = _text("a topic's code", _by_topic(by_target["topic"]))
    for target in ("action", "kpi"):
        if target in by_target:
            attrs[target] = _text(f"plan-code:{target}-code", _by_plan_item(by_target[target]))
    if "activity" in by_target:
        attrs["activity"] = django_filters.CharFilter(
            field_name="activity__ref", max_length=SAME_KEY_LENGTH, help_text="an activity's id"
        )
    dates = [c for c in sheet.columns if c.type == DATE]
    if dates:
        first = dates[0]
        attrs["date_from"] = django_filters.DateFilter(
            field_name=first.field, lookup_expr="gte", help_text=f"{first.name} on or after"
        )
        attrs["date_to"] = django_filters.DateFilter(
            field_name=first.field, lookup_expr="lte", help_text=f"{first.name} on or before"
        )
    kinds = [c for c in sheet.columns if c.type == CHOICE and c.name == "kind"]
    if kinds:
        attrs["kind"] = django_filters.ChoiceFilter(
            field_name=kinds[0].field, choices=kinds[0].choices, help_text="the kind"
        )
    attrs["Meta"] = type("Meta", (), {"model": sheet.model, "fields": []})
    return type(f"{component_name(sheet)}Filter", (FactFilters,), attrs)
