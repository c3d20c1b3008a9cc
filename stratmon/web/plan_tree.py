"""The plan as a nested structure for templates, built in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from stratmon.charts import Chart, status_counts_chart
from stratmon.kpis.live import remember
from stratmon.kpis.services import KpiEvaluation
from stratmon.plans.models import KPI, Action, Objective, Pillar, Plan

if TYPE_CHECKING:
    from .dashboards.reports import RevisionMark
    from .dashboards.rows import KpiRow

# The order in which statuses are summarised: good news first, unknowns last.
STATUS_ORDER = ("achieved", "on_track", "at_risk", "off_track", "not_started", "no_data")


@dataclass
class KpiNode:
    kpi: KPI
    evaluation: KpiEvaluation | None = None
    pending: KpiEvaluation | None = None  # with pending submissions, where that differs
    row: KpiRow | None = None  # what the plan dashboard shows beside it
    revision: RevisionMark | None = None  # its published figure, where revised since


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
    counts = Counter(n.evaluation.result.status for n in nodes if n.evaluation)
    return [(s, counts[s]) for s in STATUS_ORDER if counts[s]]


def build_plan_tree(plan: Plan) -> tuple[list[PillarNode], list[KpiNode]]:
    """Pillars → objectives → actions → KPIs in plan order, and the KPIs.

    Four queries, once per plan and data version: the plan's parts are kept until the data
    changes (shared between requests, read-only); the nodes are new each time.
    """
    parts = remember(
        ("plan-parts", plan.pk),
        lambda: (
            list(plan.pillars.all()),
            list(plan.objectives.all()),
            list(plan.actions.all()),
            list(plan.kpis.all()),
        ),
    )
    pillars = {p.pk: PillarNode(p) for p in parts[0]}
    objectives = {o.pk: ObjectiveNode(o) for o in parts[1]}
    for node in objectives.values():
        pillars[node.objective.pillar_id].objectives.append(node)
    actions: dict[int, ActionNode] = {}
    for a in parts[2]:
        node = actions[a.pk] = ActionNode(a)
        if a.objective_id:
            objectives[a.objective_id].actions.append(node)
        else:
            pillars[a.pillar_id].actions.append(node)
    kpis = []
    for k in parts[3]:
        kpi_node = KpiNode(k)
        actions[k.action_id].kpis.append(kpi_node)
        kpis.append(kpi_node)
    return list(pillars.values()), kpis


def status_chart(
    plan: Plan, tree: list[PillarNode], as_of: datetime.date, width: int = 560, legend: bool = True
) -> Chart:
    """A stacked bar per pillar of its KPIs' statuses, from the evaluations already made."""
    label = plan.pillar_label
    rows = [(f"{label} {p.pillar.code}", dict(p.status_counts())) for p in tree]
    title = f"KPI status by {label.lower()}, {as_of:%-d %b %Y}"
    return status_counts_chart(rows, title, width=width, legend=legend)
