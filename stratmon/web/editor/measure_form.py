"""The measure editor's form: the fields a source allows, and a measure read back from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from stratmon.planfiles.describe import ACTIVITY_WORDS, AGREEMENT_WORDS, OUTPUT_WORDS
from stratmon.planfiles.measures import LINKED_BY_DEFAULT, SOURCES, Measure

SOURCE_WORDS = {
    "": "no measure yet",
    "member_statuses": "Members' status on a topic",
    "activities": "activities",
    "participations": "participations in activities",
    "evaluations": "evaluation scores",
    "requests": "requests",
    "agreements": "agreements",
    "outputs": "outputs",
    "milestone": "a milestone: done or not done",
}
FLAG_WORDS = {
    "linked": "only those linked to this action",
    "new_in_period": "only Members that got there inside the plan period",
    "with_partners": "only with a partner organisation",
    "fulfilled": "fulfilled",
    "with_accredited_expert": "answered with an accredited expert",
}
_KIND_WORDS = {**ACTIVITY_WORDS, **OUTPUT_WORDS, **AGREEMENT_WORDS}


@dataclass
class Choice:
    value: str
    label: str
    checked: bool


@dataclass
class ListField:
    name: str  # the form field: m-kinds, n-genders
    label: str
    choices: list[Choice]
    unticked: str = "all"  # what the measure counts when none is ticked


# A list filter left empty counts everything, except statuses: a Member status on a topic
# counts when achieved, an activity when held (docs/measures.md).
UNTICKED = {
    ("member_statuses", "statuses"): "achieved only",
    ("activities", "statuses"): "held only",
}


@dataclass
class MeasureFields:
    """What the measure editor shows for one source."""

    source: str
    sources: list[Choice]
    aggregates: list[Choice] = field(default_factory=list)
    lists: list[ListField] = field(default_factory=list)
    flags: list[Choice] = field(default_factory=list)  # value: the form field name
    topics: list[Choice] = field(default_factory=list)
    needs_topic: bool = False
    numerator_lists: list[ListField] = field(default_factory=list)
    numerator_flags: list[Choice] = field(default_factory=list)
    share: bool = False


def _label(value: str) -> str:
    return _KIND_WORDS.get(value, value.replace("_", " "))


def measure_fields(
    source: str,
    data: Mapping[str, Any],
    numerator: Mapping[str, Any],
    topics: list[tuple[str, str]],
) -> MeasureFields:
    """The editor's fields for `source`, checked as `data` (filters) and `numerator` say."""
    sources = [Choice(s, SOURCE_WORDS[s], s == source) for s in SOURCE_WORDS]
    if source not in SOURCES:
        return MeasureFields("", sources)
    spec = SOURCES[source]
    aggregate = data.get("aggregate") or spec.aggregates[0]
    linked_default = source in LINKED_BY_DEFAULT

    def lists(
        prefix: str, specs: Mapping[str, tuple[str, ...]], chosen: Mapping[str, Any]
    ) -> list[ListField]:
        return [
            ListField(
                f"{prefix}-{name}",
                name.replace("_", " "),
                [Choice(v, _label(v), v in (chosen.get(name) or ())) for v in values],
                UNTICKED.get((source, name), "all"),
            )
            for name, values in specs.items()
        ]

    def flag_on(name: str, chosen: Mapping[str, Any]) -> bool:
        default = linked_default if name == "linked" else False
        return bool(chosen.get(name, default))

    return MeasureFields(
        source=source,
        sources=sources,
        aggregates=[Choice(a, a.replace("_", " "), a == aggregate) for a in spec.aggregates],
        lists=lists("m", spec.lists, data),
        flags=[Choice(f"m-{f}", FLAG_WORDS.get(f, f), flag_on(f, data)) for f in spec.flags],
        topics=[Choice(code, name, code == data.get("topic")) for code, name in topics],
        needs_topic="topic" in spec.texts,
        numerator_lists=lists("n", spec.numerator_lists, numerator),
        numerator_flags=[
            Choice(f"n-{f}", FLAG_WORDS.get(f, f), bool(numerator.get(f)))
            for f in spec.numerator_flags
        ],
        share="share" in spec.aggregates,
    )


def fields_of(m: Measure | None, topics: list[tuple[str, str]]) -> MeasureFields:
    """The editor's fields showing a saved measure."""
    if m is None:
        return measure_fields("", {}, {}, topics)
    data = dict(m.filters)
    data["aggregate"] = m.aggregate
    return measure_fields(m.source, data, dict(m.numerator), topics)


def posted_fields(form: QueryDict, topics: list[tuple[str, str]]) -> MeasureFields:
    """The editor's fields as posted (a changed source keeps what still applies)."""
    data = measure_data(form)
    if data is None:
        return measure_fields(form.get("m-source", ""), {}, {}, topics)
    source = data["source"]
    filters = {k: v for k, v in data.items() if k not in ("source", "numerator")}
    if "linked" not in filters and "linked" in SOURCES[source].flags:
        filters["linked"] = bool(form.get("m-linked"))
    return measure_fields(source, filters, data.get("numerator", {}), topics)


def measure_data(form: QueryDict) -> dict[str, Any] | None:
    """The measure the posted fields say, as plan-file data (parse_measure checks it); None
    for no measure. Defaults are left out, so a measure saved unchanged reads the same."""
    source = form.get("m-source", "")
    if source not in SOURCES:
        return None
    spec = SOURCES[source]
    data: dict[str, Any] = {"source": source}
    aggregate = form.get("m-aggregate") or spec.aggregates[0]
    if aggregate != spec.aggregates[0]:
        data["aggregate"] = aggregate
    for name, allowed in spec.lists.items():
        chosen = [v for v in form.getlist(f"m-{name}") if v in allowed]
        if chosen:
            data[name] = chosen
    for name in spec.flags:
        on = bool(form.get(f"m-{name}"))
        default = source in LINKED_BY_DEFAULT if name == "linked" else False
        if on != default:
            data[name] = on
    if "topic" in spec.texts and form.get("m-topic"):
        data["topic"] = form["m-topic"]
    if aggregate == "share":
        numerator: dict[str, Any] = {}
        for name, allowed in spec.numerator_lists.items():
            chosen = [v for v in form.getlist(f"n-{name}") if v in allowed]
            if chosen:
                numerator[name] = chosen
        for name in spec.numerator_flags:
            if form.get(f"n-{name}"):
                numerator[name] = True
        data["numerator"] = numerator
    return data


def same_meaning(a: Measure | None, b: Measure | None) -> bool:
    """Whether two measures count the same (a `linked` written out or left to its default)."""
    if a is None or b is None:
        return a is b

    def normal(m: Measure) -> tuple[Any, ...]:
        filters = dict(m.filters)
        if "linked" in SOURCES[m.source].flags:
            filters["linked"] = m.linked
        return (m.source, m.aggregate, tuple(sorted(filters.items())), m.numerator)

    return normal(a) == normal(b)
