"""The plan as a nested structure for templates, built in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from stratmon.charts import Chart, status_counts_chart
from stratmon.kpis.services import KpiEvaluation
from stratmon.plans.models import KPI, Action, Objective, Pillar, Plan

# The order in which statuses are summarised: good news first, unknowns last.
STATUS_ORDER = ("achieved", "on_track", "at_risk", "off_track", "not_started", "no_data")


@dataclass
class KpiNode:
    kpi: KPI
    evaluation: KpiEvaluation | None = None
    pending: KpiEvaluation | None = None  # with pending submissions, where that differs


@dataclass
class ActionNode:
    action: Action
    kpis: list[KpiNode] = field(default_factory=list)


@dataclass
class ObjectiveNode:
    objective: Objective
    actions: list[ActionNode] = field(default_factory=list)


@dataclass
class PillarNode:
    pillar: Pillar
    actions: list[ActionNode] = field(default_factory=list)
    objectives: list[ObjectiveNode] = field(default_factory=list)

    def kpi_nodes(self) -> list[KpiNode]:
        nodes = [k for a in self.actions for k in a.kpis]
        nodes += [k for o in self.objectives for a in o.actions for k in a.kpis]
        return nodes

    def status_counts(self) -> list[tuple[str, int]]:
        return count_statuses(self.kpi_nodes())


def count_statuses(nodes: list[KpiNode]) -> list[tuple[str, int]]:
    return count_evaluations([n.evaluation for n in nodes if n.evaluation])


def count_evaluations(evaluations: list[KpiEvaluation]) -> list[tuple[str, int]]:
    """(status, count) for the statuses present, in STATUS_ORDER."""
    counts = Counter(e.result.status for e in evaluations)
    return [(s, counts[s]) for s in STATUS_ORDER if counts[s]]


def build_plan_tree(plan: Plan) -> tuple[list[PillarNode], list[KpiNode]]:
    """Pillars → objectives → actions → KPIs in plan order (four queries), and the KPIs."""
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
    kpis = []
    for k in plan.kpis.all():
        kpi_node = KpiNode(k)
        actions[k.action_id].kpis.append(kpi_node)
        kpis.append(kpi_node)
    return list(pillars.values()), kpis


def status_chart(plan: Plan, tree: list[PillarNode], as_of: datetime.date) -> Chart:
    """A stacked bar per pillar of its KPIs' statuses, from the evaluations already made."""
    label = plan.pillar_label
    rows = [(f"{label} {p.pillar.code}", dict(p.status_counts())) for p in tree]
    return status_counts_chart(rows, f"KPI status by {label.lower()}, {as_of:%-d %b %Y}")


class PlanTree:
    """The tree of a plan with its evaluations attached, built on first use."""

    def __init__(self, plan: Plan, evaluations: list[KpiEvaluation]) -> None:
        self.plan = plan
        self.evaluations = evaluations

    @cached_property
    def _built(self) -> tuple[list[PillarNode], list[KpiNode]]:
        tree, kpi_nodes = build_plan_tree(self.plan)
        by_kpi = {e.kpi.pk: e for e in self.evaluations}
        for node in kpi_nodes:
            node.evaluation = by_kpi[node.kpi.pk]
        return tree, kpi_nodes

    @property
    def tree(self) -> list[PillarNode]:
        return self._built[0]

    @property
    def kpi_nodes(self) -> list[KpiNode]:
        return self._built[1]

    def status_chart(self, as_of: datetime.date) -> Chart | None:
        return status_chart(self.plan, self.tree, as_of) if self.kpi_nodes else None
