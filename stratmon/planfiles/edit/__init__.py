"""The structured plan editor's operations: each takes a PlanDoc and returns a new one,
validated as the plan file is, or raises EditError naming the node. Pure Python."""

from .actions import (
    add_action,
    edit_action,
    milestone_kpi,
    move_action,
    move_action_to,
    remove_action,
)
from .errors import EditError, checked, place
from .kpis import KEEP, add_kpi, as_measure, edit_kpi, move_kpi, remove_kpi
from .split import merge_actions, next_free_code, split_action
from .structure import (
    add_objective,
    add_pillar,
    edit_objective,
    edit_pillar,
    move_objective,
    move_pillar,
    remove_objective,
    remove_pillar,
    set_plan_fields,
)

__all__ = [
    "KEEP",
    "EditError",
    "add_action",
    "add_kpi",
    "add_objective",
    "add_pillar",
    "as_measure",
    "checked",
    "edit_action",
    "edit_kpi",
    "edit_objective",
    "edit_pillar",
    "merge_actions",
    "milestone_kpi",
    "move_action",
    "move_action_to",
    "move_kpi",
    "move_objective",
    "move_pillar",
    "next_free_code",
    "place",
    "remove_action",
    "remove_kpi",
    "remove_objective",
    "remove_pillar",
    "set_plan_fields",
    "split_action",
]
