"""Edits of actions: add, edit, remove, move up or down, move to another pillar or objective."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import replace

from ..importers.meta import MILESTONE_TARGET, MILESTONE_TEXT
from ..measures import MILESTONE
from ..schema import ActionDoc, KpiDoc, PlanDoc
from .errors import EditError, checked
from .tree import Actions, Holder, action, clean, holder_of, inserted, map_action_lists, moved


def milestone_kpi(code: str, deadline: datetime.date, taken: set[str]) -> KpiDoc:
    """The KPI an action without one gets, as the importer gives it: '<action>.m',
    'Action completed', target 'Completed', due at the plan end (a free code if taken)."""
    kpi_code, n = f"{code}.m", 2
    while kpi_code in taken:
        kpi_code, n = f"{code}.m{n}", n + 1
    return KpiDoc(kpi_code, MILESTONE_TEXT, MILESTONE_TARGET, deadline, "added", MILESTONE)


def kpi_codes(doc: PlanDoc) -> set[str]:
    return {k.code for k in doc.kpis()}


def add_action(
    doc: PlanDoc,
    code: str,
    text: str,
    *,
    pillar: str = "",
    objective: str = "",
    after: str | None = None,
    reference: str = "",
) -> PlanDoc:
    """A new action with a milestone KPI, after the action `after` (then in its list) or
    last in the pillar or objective named."""
    if after is not None:
        holder, _ = action(doc, after)
    else:
        holder = holder_of(doc, pillar, objective)
    code = clean(code)
    new = ActionDoc(
        code=code,
        text=clean(text),
        reference=clean(reference),
        kpis=(milestone_kpi(code, doc.period_end, kpi_codes(doc)),),
    )

    def fn(where: Holder, actions: Actions) -> Actions:
        if where != holder:
            return actions
        index = None if after is None else [a.code for a in actions].index(after)
        return inserted(actions, new, index)

    return checked(map_action_lists(doc, fn))


def edit_action(
    doc: PlanDoc, code: str, *, text: str | None = None, reference: str | None = None
) -> PlanDoc:
    action(doc, code)

    def fn(a: ActionDoc) -> ActionDoc:
        return replace(
            a,
            text=a.text if text is None else clean(text),
            reference=a.reference if reference is None else clean(reference),
        )

    return checked(_replace_action(doc, code, fn))


def _replace_action(doc: PlanDoc, code: str, fn: Callable[[ActionDoc], ActionDoc]) -> PlanDoc:
    return map_action_lists(
        doc,
        lambda _, actions: tuple(fn(a) if a.code == code else a for a in actions),
    )


def remove_action(doc: PlanDoc, code: str) -> PlanDoc:
    """The plan without the action `code` and its KPIs."""
    action(doc, code)
    return checked(
        map_action_lists(doc, lambda _, actions: tuple(a for a in actions if a.code != code))
    )


def move_action(doc: PlanDoc, code: str, step: int) -> PlanDoc:
    """The action moved `step` places in its list (-1 up, +1 down; at an end it stays)."""
    holder, _ = action(doc, code)

    def fn(where: Holder, actions: Actions) -> Actions:
        if where != holder:
            return actions
        return moved(actions, [a.code for a in actions].index(code), step)

    return checked(map_action_lists(doc, fn))


def move_action_to(doc: PlanDoc, code: str, *, pillar: str, objective: str = "") -> PlanDoc:
    """The action moved, KPIs and all, to the end of another pillar's or objective's list."""
    source, moving = action(doc, code)
    target = holder_of(doc, pillar, objective)
    if target == source:
        return doc
    removed = map_action_lists(doc, lambda _, actions: tuple(a for a in actions if a.code != code))
    return checked(
        map_action_lists(
            removed,
            lambda where, actions: (*actions, moving) if where == target else actions,
        )
    )


def require_text(text: str, where: str) -> str:
    text = clean(text)
    if not text:
        raise EditError(where, "must not be empty")
    return text
