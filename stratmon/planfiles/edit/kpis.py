"""Edits of KPIs: add, edit (text, target, deadline, planned start, measure), remove, move."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..measures import Measure, MeasureError, parse_measure
from ..schema import ActionDoc, KpiDoc, PlanDoc
from .errors import EditError, checked
from .tree import action, clean, inserted, kpi, map_actions, moved

# "Unchanged" for a field whose new value may be None (a planned start, a measure removed).
KEEP: Any = object()


def _on_action(doc: PlanDoc, code: str, fn: Any) -> PlanDoc:
    return map_actions(doc, lambda a: fn(a) if a.code == code else a)


def add_kpi(
    doc: PlanDoc,
    action_code: str,
    code: str,
    text: str,
    target: str,
    deadline: datetime.date | None = None,
    *,
    after: str | None = None,
) -> PlanDoc:
    """A KPI a person adds (origin 'added') to the action, after the KPI `after` (None:
    last); its deadline defaults to the plan end."""
    _, a = action(doc, action_code)
    index = None
    if after is not None:
        owner, k = kpi(doc, after)
        if owner.code != a.code:
            raise EditError(f"KPI {after}", f"is not a KPI of action {action_code}")
        index = a.kpis.index(k)
    new = KpiDoc(
        code=clean(code),
        text=clean(text),
        target=clean(target),
        deadline=deadline or doc.period_end,
        origin="added",
    )
    return checked(
        _on_action(doc, action_code, lambda x: replace(x, kpis=inserted(x.kpis, new, index)))
    )


def as_measure(data: Measure | Mapping[str, Any] | None, where: str) -> Measure | None:
    """A measure from the editor's form data (or a Measure as it is; None: no measure)."""
    if data is None or isinstance(data, Measure):
        return data
    try:
        return parse_measure(data)
    except MeasureError as exc:
        raise EditError(
            f"{where}: measure" + (f".{exc.where}" if exc.where else ""), exc.problem
        ) from None


def edit_kpi(
    doc: PlanDoc,
    code: str,
    *,
    text: str | None = None,
    target: str | None = None,
    deadline: datetime.date | None = None,
    planned_start: Any = KEEP,
    measure: Any = KEEP,
) -> PlanDoc:
    """The KPI with the fields given changed. A measure given (even the same one) is a
    person's choice: the reason it was suggested goes."""
    owner, old = kpi(doc, code)
    where = f"KPI {code}"
    changes: dict[str, Any] = {}
    if text is not None:
        changes["text"] = clean(text)
    if target is not None:
        changes["target"] = clean(target)
    if deadline is not None:
        changes["deadline"] = deadline
    if planned_start is not KEEP:
        changes["planned_start"] = planned_start
    if measure is not KEEP:
        changes["measure"] = as_measure(measure, where)
        changes["suggested"] = ""
    new = replace(old, **changes)
    if new.planned_start is not None and new.planned_start > new.deadline:
        raise EditError(f"{where}: planned_start", "is after the deadline")
    return checked(_on_kpi(doc, owner, code, new))


def _on_kpi(doc: PlanDoc, owner: ActionDoc, code: str, new: KpiDoc) -> PlanDoc:
    return _on_action(
        doc,
        owner.code,
        lambda a: replace(a, kpis=tuple(new if k.code == code else k for k in a.kpis)),
    )


def remove_kpi(doc: PlanDoc, code: str) -> PlanDoc:
    """The plan without the KPI; an action keeps at least one (it is how it is measured)."""
    owner, _ = kpi(doc, code)
    if len(owner.kpis) == 1:
        raise EditError(f"KPI {code}", f"action {owner.code} keeps at least one KPI")
    return checked(
        _on_action(
            doc, owner.code, lambda a: replace(a, kpis=tuple(k for k in a.kpis if k.code != code))
        )
    )


def move_kpi(doc: PlanDoc, code: str, step: int) -> PlanDoc:
    owner, k = kpi(doc, code)
    index = owner.kpis.index(k)
    return checked(
        _on_action(doc, owner.code, lambda a: replace(a, kpis=moved(a.kpis, index, step)))
    )
