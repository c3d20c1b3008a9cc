"""Declarative KPI measures: what a KPI counts, filters, divides or averages, as plain data.

A measure is stored with its KPI in the plan file and the database. It names a *source* of
recorded facts, the *aggregate* to compute over it, and filters. Periods are not part of the
measure: a frequency target (`per_months`) makes the evaluator bucket the same measure by plan
period. See docs/measures.md for every source, filter and aggregate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from stratmon.engine import parse_target

MEMBER_STATUSES = ("not_started", "planned", "in_progress", "achieved")
ACTIVITY_KINDS = (
    "workshop",
    "training",
    "seminar",
    "mission",
    "meeting",
    "webinar",
    "dialogue",
    "survey",
    "publication",
    "operation",
    "exchange",
    "other",
)
ACTIVITY_STATUSES = ("planned", "held", "cancelled")
GENDERS = ("female", "male", "other", "not_stated")
ROLES = ("participant", "head_of_delegation", "expert", "trainer", "observer")
AGREEMENT_KINDS = ("aeo_mra", "info_exchange", "mou", "other")
OUTPUT_KINDS = (
    "evaluation_report",
    "survey",
    "success_story",
    "shared_item",
    "newsletter_article",
    "high_level_dialogue",
    "experience_sharing",
    "report",
    "post_action",
    "other",
)
REQUEST_KINDS = ("assistance", "contribution")


@dataclass(frozen=True)
class _Source:
    aggregates: tuple[str, ...]  # the first is the default
    lists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # filter -> allowed values
    flags: tuple[str, ...] = ()  # boolean filters
    texts: tuple[str, ...] = ()  # free-text filters (codes)
    numerator_lists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    numerator_flags: tuple[str, ...] = ()
    required: tuple[str, ...] = ()


SOURCES: dict[str, _Source] = {
    # Members of the plan's organisation whose status on a topic is in `statuses` on the date.
    "member_statuses": _Source(
        aggregates=("count",),
        lists={"statuses": MEMBER_STATUSES},
        flags=("new_in_period",),
        texts=("topic",),
        required=("topic",),
    ),
    "activities": _Source(
        aggregates=("count", "distinct_members"),
        lists={"kinds": ACTIVITY_KINDS, "statuses": ACTIVITY_STATUSES},
        flags=("linked", "with_partners"),
    ),
    "participations": _Source(
        aggregates=("count", "share", "change"),
        lists={"activity_kinds": ACTIVITY_KINDS, "genders": GENDERS, "roles": ROLES},
        flags=("linked",),
        numerator_lists={"genders": GENDERS, "roles": ROLES},
    ),
    "evaluations": _Source(
        aggregates=("mean",), lists={"activity_kinds": ACTIVITY_KINDS}, flags=("linked",)
    ),
    "requests": _Source(
        aggregates=("share", "count"),
        lists={"kinds": REQUEST_KINDS, "activity_kinds": ACTIVITY_KINDS},
        numerator_flags=("fulfilled", "with_accredited_expert"),
    ),
    "agreements": _Source(
        aggregates=("count", "distinct_members"), lists={"kinds": AGREEMENT_KINDS}
    ),
    "outputs": _Source(
        aggregates=("count", "distinct_members"),
        lists={"kinds": OUTPUT_KINDS},
        flags=("linked",),
    ),
    # Done or not done: the KPI's own done_on date and evidence.
    "milestone": _Source(aggregates=("done",)),
}
# Facts linked to the KPI's action are what most action KPIs count, so `linked` defaults on.
LINKED_BY_DEFAULT = {"activities", "outputs"}


class MeasureError(ValueError):
    """A measure that cannot be used; `where` is the key path inside the measure."""

    def __init__(self, where: str, problem: str) -> None:
        self.where, self.problem = where, problem
        super().__init__(f"{where}: {problem}" if where else problem)


@dataclass(frozen=True)
class Measure:
    source: str
    aggregate: str
    filters: tuple[tuple[str, Any], ...] = ()  # sorted (key, value): lists as tuples
    numerator: tuple[tuple[str, Any], ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.filters).get(key, default)

    @property
    def linked(self) -> bool:
        return bool(self.get("linked", self.source in LINKED_BY_DEFAULT))

    def to_data(self) -> dict[str, Any]:
        """Plain data as written in a plan file (lists as lists, defaults left out)."""
        data: dict[str, Any] = {"source": self.source}
        if self.aggregate != SOURCES[self.source].aggregates[0]:
            data["aggregate"] = self.aggregate
        data.update({k: list(v) if isinstance(v, tuple) else v for k, v in self.filters})
        if self.numerator:
            data["numerator"] = {
                k: list(v) if isinstance(v, tuple) else v for k, v in self.numerator
            }
        return data


def parse_measure(data: Any) -> Measure:
    """Validate a measure written as plain data; raises MeasureError naming the key."""
    if not isinstance(data, Mapping):
        raise MeasureError("", "expected a mapping with at least 'source'")
    source_name = data.get("source")
    if source_name not in SOURCES:
        raise MeasureError("source", f"expected one of {', '.join(SOURCES)}, got {source_name!r}")
    source = SOURCES[source_name]
    aggregate = data.get("aggregate", source.aggregates[0])
    if aggregate not in source.aggregates:
        raise MeasureError(
            "aggregate",
            f"{source_name} can be aggregated by {', '.join(source.aggregates)}, not {aggregate!r}",
        )
    filters: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("source", "aggregate", "numerator"):
            continue
        filters[key] = _filter_value(key, value, source.lists, source.flags, source.texts)
    for key in source.required:
        if key not in filters:
            raise MeasureError("", f"{source_name} needs '{key}'")
    numerator: dict[str, Any] = {}
    if aggregate == "share":
        raw = data.get("numerator")
        if not isinstance(raw, Mapping) or not raw:
            raise MeasureError("numerator", "a share needs a numerator: the filter of the part")
        for key, value in raw.items():
            numerator[key] = _filter_value(
                f"numerator.{key}", value, source.numerator_lists, source.numerator_flags, ()
            )
    elif "numerator" in data:
        raise MeasureError("numerator", "only a share has a numerator")
    return Measure(
        source=source_name,
        aggregate=aggregate,
        filters=tuple(sorted(filters.items())),
        numerator=tuple(sorted(numerator.items())),
    )


def _filter_value(
    key: str,
    value: Any,
    lists: Mapping[str, tuple[str, ...]],
    flags: tuple[str, ...],
    texts: tuple[str, ...],
) -> Any:
    name = key.rsplit(".", 1)[-1]
    if name in lists:
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not values:
            raise MeasureError(key, "expected a list of values")
        for v in values:
            if v not in lists[name]:
                raise MeasureError(key, f"unknown value {v!r}; expected {', '.join(lists[name])}")
        return tuple(sorted(set(values)))
    if name in flags:
        if not isinstance(value, bool):
            raise MeasureError(key, f"expected true or false, got {value!r}")
        return value
    if name in texts:
        if not isinstance(value, str) or not value.strip():
            raise MeasureError(key, "expected a code")
        return value.strip()
    allowed = sorted([*lists, *flags, *texts])
    raise MeasureError(key, f"unknown filter; this source takes {', '.join(allowed) or 'none'}")


MILESTONE = Measure(source="milestone", aggregate="done")


def default_measure(target: str) -> Measure | None:
    """The measure a KPI without one gets from its target alone: a target that types as a
    milestone ("Completed", "Gender Equality Plan developed") is done or not done, so it is
    the milestone measure; anything else needs a person to say what to count (None)."""
    return MILESTONE if parse_target(target).kind == "milestone" else None
