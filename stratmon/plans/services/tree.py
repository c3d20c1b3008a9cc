"""Writing a plan version's tree (pillars to KPIs) from its plan file, and reading it back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from django.db import models

from stratmon.planfiles.measures import parse_measure
from stratmon.planfiles.schema import (
    ActionDoc,
    KpiDoc,
    Levels,
    Note,
    ObjectiveDoc,
    PillarDoc,
    PlanDoc,
    PlanFileError,
)

from ..models import KPI, Action, Objective, Pillar, Plan


def update(obj: models.Model, **fields: Any) -> bool:
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, fields[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


def write_tree(plan: Plan, doc: PlanDoc) -> int:
    """Make the plan's pillars, objectives, actions and KPIs those of `doc`; rows changed."""
    changes = 0
    pillar_rows, objective_rows, action_rows, kpi_rows = [], [], [], []
    for p_order, p in enumerate(doc.pillars):
        pillar_rows.append(
            {
                "code": p.code,
                "title": p.title,
                "overall_objective": p.overall_objective,
                "notes": notes_data(p.notes),
                "order": p_order,
            }
        )
    pillars, n = _sync(Pillar, plan, pillar_rows)
    changes += n
    for p in doc.pillars:
        for o in p.objectives:
            objective_rows.append(
                {
                    "code": o.code,
                    "title": o.title,
                    "pillar_id": pillars[p.code].pk,
                    "order": len(objective_rows),
                }
            )
    objectives, n = _sync(Objective, plan, objective_rows)
    changes += n
    for p in doc.pillars:
        for objective, a in p.all_actions():
            action_rows.append(
                {
                    "code": a.code,
                    "text": a.text,
                    "reference": a.reference,
                    "pillar_id": pillars[p.code].pk,
                    "objective_id": objectives[objective.code].pk if objective else None,
                    "order": len(action_rows),
                }
            )
    actions, n = _sync(Action, plan, action_rows)
    changes += n
    for a in doc.actions():
        for k in a.kpis:
            kpi_rows.append(
                {
                    "code": k.code,
                    "text": k.text,
                    "target_text": k.target,
                    "deadline": k.deadline,
                    "origin": k.origin,
                    "measure": k.measure.to_data() if k.measure else {},
                    "planned_start": k.planned_start,
                    "measure_suggested": k.suggested,
                    "action_id": actions[a.code].pk,
                    "order": len(kpi_rows),
                }
            )
    _, n = _sync(KPI, plan, kpi_rows)
    changes += n
    return changes


def check_topics(doc: PlanDoc, filename: str) -> PlanDoc:
    """Measures name topics by code; a misspelt one must fail the load, not count zero.

    Returns `doc` with the code of a topic merged into another replaced by the kept topic's
    (stratmon.facts.topics.merge_topics), so a plan file written before a merge still loads.
    """
    from stratmon.facts.models import Topic, TopicAlias

    wanted = {k.code: k.measure.get("topic") for k in doc.kpis() if k.measure}
    codes = set(wanted.values()) - {None}
    known = set(Topic.objects.filter(code__in=codes).values_list("code", flat=True))
    merged: dict[str, str] = {}
    if codes - known:
        aliases = TopicAlias.objects.filter(code__in=codes - known)
        merged = dict(aliases.values_list("code", "topic__code"))
    for code, topic in wanted.items():
        if topic is not None and topic not in known and topic not in merged:
            raise PlanFileError(filename, f"KPI {code}: measure.topic", f"unknown topic '{topic}'")
    return _with_topics(doc, merged) if merged else doc


def _with_topics(doc: PlanDoc, renamed: dict[str, str]) -> PlanDoc:
    """`doc` with every measure's topic code in `renamed` replaced by its new code."""

    def kpi(k: KpiDoc) -> KpiDoc:
        code = k.measure.get("topic") if k.measure else None
        if k.measure is None or code not in renamed:
            return k
        return replace(k, measure=parse_measure({**k.measure.to_data(), "topic": renamed[code]}))

    return doc.map_kpis(kpi)


def notes_data(notes: Iterable[Note]) -> list[dict[str, str]]:
    return [{"title": n.title, "text": n.text} for n in notes]


def _sync(model: type[Any], plan: Plan, rows: list[dict[str, Any]]) -> tuple[dict[str, Any], int]:
    """Make the plan's rows of `model` equal `rows` (matched on code) in a few bulk queries."""
    existing = {obj.code: obj for obj in model.objects.filter(plan=plan)}
    wanted = {row["code"] for row in rows}
    stale = [obj.pk for code, obj in existing.items() if code not in wanted]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    to_create, to_update, changed_fields = [], [], set()
    for row in rows:
        obj = existing.get(row["code"])
        if obj is None:
            to_create.append(model(plan=plan, **row))
            continue
        diff = [f for f, v in row.items() if getattr(obj, f) != v]
        if diff:
            for f in diff:
                setattr(obj, f, row[f])
            to_update.append(obj)
            changed_fields.update(diff)
    if to_update:
        # Orders and codes are unique per plan only through code, so a bulk update is safe.
        model.objects.bulk_update(to_update, sorted(changed_fields))
    created = model.objects.bulk_create(to_create) if to_create else []
    by_code = {code: obj for code, obj in existing.items() if code in wanted}
    by_code.update({obj.code: obj for obj in created})
    return by_code, len(stale) + len(to_update) + len(created)


def export_plan(plan: Plan) -> PlanDoc:
    """The plan as its canonical plan file (in four queries)."""
    pillars = list(plan.pillars.all())
    objectives = list(plan.objectives.all())
    actions = list(plan.actions.all())
    kpis_by_action: dict[int, list[KpiDoc]] = {}
    for k in plan.kpis.all():
        kpis_by_action.setdefault(k.action_id, []).append(
            KpiDoc(
                code=k.code,
                text=k.text,
                target=k.target_text,
                deadline=k.deadline,
                origin=k.origin,
                measure=parse_measure(k.measure) if k.measure else None,
                planned_start=k.planned_start,
                suggested=k.measure_suggested,
            )
        )

    def action_docs(rows: Iterable[Action]) -> tuple[ActionDoc, ...]:
        return tuple(
            ActionDoc(
                code=a.code,
                text=a.text,
                reference=a.reference,
                kpis=tuple(kpis_by_action.get(a.pk, ())),
            )
            for a in rows
        )

    return PlanDoc(
        code=plan.code,
        organisation=plan.organisation.code,
        title=plan.title,
        period_start=plan.period_start,
        period_end=plan.period_end,
        year_start_month=plan.year_start_month,
        status=str(plan.status),  # a row just saved holds the enum member
        levels=Levels(plan.pillar_label, plan.objective_label, plan.action_label),
        reference_label=plan.reference_label,
        source=plan.source,
        notes=_notes_doc(plan.notes),
        pillars=tuple(
            PillarDoc(
                code=p.code,
                title=p.title,
                overall_objective=p.overall_objective,
                notes=_notes_doc(p.notes),
                objectives=tuple(
                    ObjectiveDoc(
                        code=o.code,
                        title=o.title,
                        actions=action_docs(a for a in actions if a.objective_id == o.pk),
                    )
                    for o in objectives
                    if o.pillar_id == p.pk
                ),
                actions=action_docs(
                    a for a in actions if a.pillar_id == p.pk and a.objective_id is None
                ),
            )
            for p in pillars
        ),
    )


def _notes_doc(data: list[dict[str, str]]) -> tuple[Note, ...]:
    return tuple(Note(title=n["title"], text=n["text"]) for n in data)
