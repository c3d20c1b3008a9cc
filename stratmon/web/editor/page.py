"""The editor page's data: the plan's tree with each node's anchor, readings and forms."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from typing import Any

from django.http import QueryDict

from stratmon.facts.topic_words import topic_words
from stratmon.planfiles import edit as E
from stratmon.planfiles.describe import describe_measure
from stratmon.planfiles.measures import MeasureError, parse_measure
from stratmon.planfiles.schema import ActionDoc, KpiDoc, ObjectiveDoc, PillarDoc, PlanDoc
from stratmon.planfiles.suggest import Suggestion, suggest_measure
from stratmon.plans.models import Plan

from .live import LiveValue, Reading, live_value, reading
from .measure_form import MeasureFields, fields_of, measure_data, posted_fields
from .operations import anchor


@dataclass
class KpiForm:
    """The open KPI's form: as saved, or as posted when the save failed."""

    text: str
    target: str
    deadline: str
    planned_start: str
    reading: Reading
    measure: MeasureFields
    live: LiveValue
    suggested: str
    reason: str = ""
    errors: dict[str, str] = field(default_factory=dict)  # field name -> message
    suggestion: Suggestion | None = None  # what StratMon proposes for the KPI as typed
    suggestion_words: str = ""  # that measure in words
    suggestion_shown: bool = False  # True when the form's measure is that one already


@dataclass
class KpiNode:
    doc: KpiDoc
    anchor: str
    reading: Reading
    measure_words: str
    form: KpiForm | None = None


@dataclass
class ActionNode:
    doc: ActionDoc
    anchor: str
    kpis: list[KpiNode]
    next_code: str  # the next action in its list, for "merge with the next"
    new_code: str  # the code proposed for an action split off or added after it
    holder: str  # "pillar:1" / "objective:1.1"
    open: bool = False  # its tools shown: edit, split, merge, move to, add, remove


@dataclass
class ObjectiveNode:
    doc: ObjectiveDoc
    anchor: str
    actions: list[ActionNode]


@dataclass
class PillarNode:
    doc: PillarDoc
    anchor: str
    actions: list[ActionNode]
    objectives: list[ObjectiveNode]


def kpi_form(
    plan: Plan,
    doc: PlanDoc,
    kpi: KpiDoc,
    topics: list[tuple[str, str]],
    today: datetime.date,
    posted: QueryDict | None = None,
) -> KpiForm:
    """The KPI's form, from the saved KPI, or from `posted` (kept as typed)."""
    if posted is None:
        posted = QueryDict(mutable=True)
        posted.update(
            {
                "text": kpi.text,
                "target": kpi.target,
                "deadline": kpi.deadline.isoformat(),
                "planned_start": kpi.planned_start.isoformat() if kpi.planned_start else "",
            }
        )
        measure = fields_of(kpi.measure, topics)
        _put_measure(posted, kpi)
    else:
        measure = posted_fields(posted, topics)
    suggestion = _suggestion(doc, kpi, posted)
    if posted.get("use_suggestion"):
        # "Use it": the form shows the suggested measure, for the person to check and save.
        posted = posted.copy()
        for key in [k for k in posted if k.startswith(("m-", "n-"))]:
            del posted[key]
        _put_measure(posted, replace(kpi, measure=suggestion.measure))
        measure = fields_of(suggestion.measure, topics)
    deadline = posted.get("deadline", "")
    names = dict(topics)
    return KpiForm(
        text=posted.get("text", ""),
        target=posted.get("target", ""),
        deadline=deadline,
        planned_start=posted.get("planned_start", ""),
        reading=reading(posted.get("target", ""), _day(deadline)),
        measure=measure,
        live=live_value(plan, kpi.code, posted, today),
        suggested=kpi.suggested,
        reason=posted.get("reason", ""),
        suggestion=suggestion,
        suggestion_words=describe_measure(suggestion.measure, names, plan.organisation.short_name),
        suggestion_shown=_form_measure(posted) == suggestion.measure,
    )


def _suggestion(doc: PlanDoc, kpi: KpiDoc, form: QueryDict) -> Suggestion:
    """The measure StratMon suggests for the KPI with the indicator and target as typed."""
    typed = replace(
        kpi, text=form.get("text", "").strip() or kpi.text, target=form.get("target", "").strip()
    )
    action = next(a for a in doc.actions() if any(k.code == kpi.code for k in a.kpis))
    return suggest_measure(typed, action, doc, topic_words())


def _form_measure(form: QueryDict) -> Any:
    data = measure_data(form)
    try:
        return parse_measure(data) if data is not None else None
    except MeasureError:
        return None


def _day(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _put_measure(form: QueryDict, kpi: KpiDoc) -> None:
    """The saved measure as the form would post it (for its live value)."""
    m = kpi.measure
    if m is None:
        return
    form["m-source"] = m.source
    form["m-aggregate"] = m.aggregate
    for key, value in m.filters:
        if isinstance(value, tuple):
            form.setlist(f"m-{key}", list(value))
        elif isinstance(value, bool):
            if value:
                form[f"m-{key}"] = "1"
        else:
            form[f"m-{key}"] = str(value)
    if m.linked:
        form["m-linked"] = "1"
    for key, value in m.numerator:
        if isinstance(value, tuple):
            form.setlist(f"n-{key}", list(value))
        elif value:
            form[f"n-{key}"] = "1"


def build_tree(
    doc: PlanDoc, topics: dict[str, str], organisation: str
) -> tuple[list[PillarNode], list[tuple[str, str]]]:
    """The plan's nodes, and the places an action can move to (value, label)."""
    holders: list[tuple[str, str]] = []

    def actions(items: tuple[ActionDoc, ...], holder: str) -> list[ActionNode]:
        out = []
        for i, a in enumerate(items):
            out.append(
                ActionNode(
                    doc=a,
                    anchor=anchor("action", a.code),
                    kpis=[
                        KpiNode(
                            k,
                            anchor("kpi", k.code),
                            reading(k.target, k.deadline),
                            describe_measure(k.measure, topics, organisation) if k.measure else "",
                        )
                        for k in a.kpis
                    ],
                    next_code=items[i + 1].code if i + 1 < len(items) else "",
                    new_code=E.next_free_code(doc, a.code),
                    holder=holder,
                )
            )
        return out

    pillars = []
    for p in doc.pillars:
        holders.append((f"pillar:{p.code}", f"{doc.levels.pillar} {p.code}: {p.title[:60]}"))
        objectives = []
        for o in p.objectives:
            holders.append(
                (f"objective:{o.code}", f"{doc.levels.objective} {o.code}: {o.title[:60]}")
            )
            objectives.append(
                ObjectiveNode(
                    o, anchor("objective", o.code), actions(o.actions, f"objective:{o.code}")
                )
            )
        pillars.append(
            PillarNode(
                p, anchor("pillar", p.code), actions(p.actions, f"pillar:{p.code}"), objectives
            )
        )
    return pillars, holders


def all_actions(pillars: list[PillarNode]) -> list[ActionNode]:
    return [a for p in pillars for a in [*p.actions, *(a for o in p.objectives for a in o.actions)]]


def find_action(pillars: list[PillarNode], code: str) -> ActionNode | None:
    return next((a for a in all_actions(pillars) if a.doc.code == code), None)


def find_kpi(pillars: list[PillarNode], code: str) -> KpiNode | None:
    kpis = (k for a in all_actions(pillars) for k in a.kpis)
    return next((k for k in kpis if k.doc.code == code), None)
