"""The plan as a nested structure for templates, built in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from stratmon.plans.models import KPI, Action, Objective, Pillar, Plan


@dataclass
class ActionNode:
    action: Action
    kpis: list[KPI] = field(default_factory=list)


@dataclass
class ObjectiveNode:
    objective: Objective
    actions: list[ActionNode] = field(default_factory=list)


@dataclass
class PillarNode:
    pillar: Pillar
    actions: list[ActionNode] = field(default_factory=list)
    objectives: list[ObjectiveNode] = field(default_factory=list)


def build_plan_tree(plan: Plan) -> list[PillarNode]:
    """Pillars → objectives → actions → KPIs, in plan order (four queries)."""
    pillars = {p.pk: PillarNode(p) for p in plan.pillars.all()}
    objectives = {o.pk: ObjectiveNode(o) for o in plan.objectives.all()}
    for node in objectives.values():
        pillars[node.objective.pillar_id].objectives.append(node)
    actions: dict[int, ActionNode] = {}
    for a in plan.actions.all():
        node = actions[a.pk] = ActionNode(a)
        if a.objective_id:
            objectives[a.objective_id].actions.append(node)
        else:
            pillars[a.pillar_id].actions.append(node)
    for k in plan.kpis.all():
        actions[k.action_id].kpis.append(k)
    return list(pillars.values())
