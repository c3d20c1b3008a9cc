"""The canonical plan file's YAML form: plain data in the documented key order, no aliases."""

from __future__ import annotations

from typing import Any

from .schema import FORMAT_VERSION, ActionDoc, KpiDoc, Note, PillarDoc, PlanDoc
from .yamlio import dump_yaml


def plan_to_data(plan: PlanDoc) -> dict[str, Any]:
    """The plan as plain data, keys in the documented order, empty optional keys left out."""
    data: dict[str, Any] = {
        "stratmon_plan": FORMAT_VERSION,
        "code": plan.code,
        "organisation": plan.organisation,
        "title": plan.title,
        "status": plan.status,
        "period": {"start": plan.period_start, "end": plan.period_end},
        "year_start_month": plan.year_start_month,
        "levels": {
            "pillar": plan.levels.pillar,
            "objective": plan.levels.objective,
            "action": plan.levels.action,
        },
    }
    _put(data, "reference_label", plan.reference_label)
    _put(data, "source", plan.source)
    _put(data, "notes", _notes(plan.notes))
    data["pillars"] = [_pillar(p) for p in plan.pillars]
    return data


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    if value:
        data[key] = value


def _notes(notes: tuple[Note, ...]) -> list[dict[str, str]]:
    return [{"title": n.title, "text": n.text} for n in notes]


def _pillar(p: PillarDoc) -> dict[str, Any]:
    data: dict[str, Any] = {"code": p.code, "title": p.title}
    _put(data, "overall_objective", p.overall_objective)
    _put(data, "notes", _notes(p.notes))
    _put(data, "actions", [_action(a) for a in p.actions])
    _put(
        data,
        "objectives",
        [
            {"code": o.code, "title": o.title, "actions": [_action(a) for a in o.actions]}
            for o in p.objectives
        ],
    )
    return data


def _action(a: ActionDoc) -> dict[str, Any]:
    data: dict[str, Any] = {"code": a.code, "text": a.text}
    _put(data, "reference", a.reference)
    data["kpis"] = [_kpi(k) for k in a.kpis]
    return data


def _kpi(k: KpiDoc) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": k.code,
        "text": k.text,
        "target": k.target,
        "deadline": k.deadline,
        "origin": k.origin,
    }
    if k.measure is not None:
        data["measure"] = k.measure.to_data()
    if k.planned_start is not None:
        data["planned_start"] = k.planned_start
    _put(data, "suggested", k.suggested)
    return data


def dump_plan(plan: PlanDoc) -> str:
    """The canonical YAML text of a plan; parse_plan_text(dump_plan(p)) == p."""
    return dump_yaml(plan_to_data(plan))
