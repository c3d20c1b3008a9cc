"""Finding and rebuilding nodes of a PlanDoc by their codes (codes are unique per kind)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from ..schema import ActionDoc, KpiDoc, ObjectiveDoc, PillarDoc, PlanDoc
from .errors import EditError

Actions = tuple[ActionDoc, ...]
# Where an action list hangs: ("pillar", code) or ("objective", code).
Holder = tuple[str, str]
T = TypeVar("T")


def map_action_lists(doc: PlanDoc, fn: Callable[[Holder, Actions], Actions]) -> PlanDoc:
    """`doc` with every action list replaced by fn(holder, actions)."""
    pillars = tuple(
        replace(
            p,
            actions=fn(("pillar", p.code), p.actions),
            objectives=tuple(
                replace(o, actions=fn(("objective", o.code), o.actions)) for o in p.objectives
            ),
        )
        for p in doc.pillars
    )
    return replace(doc, pillars=pillars)


def map_actions(doc: PlanDoc, fn: Callable[[ActionDoc], ActionDoc]) -> PlanDoc:
    return map_action_lists(doc, lambda _, actions: tuple(fn(a) for a in actions))


def pillar(doc: PlanDoc, code: str) -> PillarDoc:
    for p in doc.pillars:
        if p.code == code:
            return p
    raise EditError(f"{doc.levels.pillar.lower()} {code}", "no such item in the plan")


def objective(doc: PlanDoc, code: str) -> tuple[PillarDoc, ObjectiveDoc]:
    for p in doc.pillars:
        for o in p.objectives:
            if o.code == code:
                return p, o
    raise EditError(f"{doc.levels.objective.lower()} {code}", "no such item in the plan")


def action(doc: PlanDoc, code: str) -> tuple[Holder, ActionDoc]:
    """The action `code` and where it hangs."""
    for p in doc.pillars:
        for o, a in p.all_actions():
            if a.code == code:
                return (("objective", o.code) if o else ("pillar", p.code)), a
    raise EditError(f"action {code}", "no such action in the plan")


def kpi(doc: PlanDoc, code: str) -> tuple[ActionDoc, KpiDoc]:
    for a in doc.actions():
        for k in a.kpis:
            if k.code == code:
                return a, k
    raise EditError(f"KPI {code}", "no such KPI in the plan")


def holder_of(doc: PlanDoc, pillar_code: str, objective_code: str = "") -> Holder:
    """The action list named by a pillar (and an objective of it), checked to exist."""
    if objective_code:
        p, _ = objective(doc, objective_code)
        if pillar_code and p.code != pillar_code:
            raise EditError(
                f"{doc.levels.objective.lower()} {objective_code}",
                f"is not under {doc.levels.pillar.lower()} {pillar_code}",
            )
        return ("objective", objective_code)
    return ("pillar", pillar(doc, pillar_code).code)


def moved(items: tuple[T, ...], index: int, step: int) -> tuple[T, ...]:
    """`items` with the one at `index` moved `step` places (-1 up, +1 down), kept in range."""
    target = index + step
    if not 0 <= target < len(items):
        return items
    out = list(items)
    out[index], out[target] = out[target], out[index]
    return tuple(out)


def inserted(items: tuple[T, ...], item: T, after: int | None) -> tuple[T, ...]:
    """`items` with `item` after the index `after` (None: at the end)."""
    at = len(items) if after is None else after + 1
    return (*items[:at], item, *items[at:])


def clean(text: str) -> str:
    """Form input as plan text: surrounding blanks off (the plan file strips them too)."""
    return text.strip()
