"""Edits of the plan's own fields, its pillars and their objectives."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import replace

from ..schema import Levels, ObjectiveDoc, PillarDoc, PlanDoc
from .errors import EditError, checked
from .tree import clean, inserted, moved, objective, pillar

PLAN_FIELDS = (
    "title",
    "reference_label",
    "source",
    "period_start",
    "period_end",
    "year_start_month",
)


def set_plan_fields(
    doc: PlanDoc,
    *,
    title: str | None = None,
    reference_label: str | None = None,
    source: str | None = None,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    year_start_month: int | None = None,
    levels: Levels | None = None,
) -> PlanDoc:
    """The plan with the fields given changed (None: unchanged). The code, organisation and
    status are not edited here: they name the plan and its life cycle."""
    changes: dict[str, object] = {}
    for name, value in (
        ("title", title),
        ("reference_label", reference_label),
        ("source", source),
    ):
        if value is not None:
            changes[name] = clean(value)
    for name, day in (("period_start", period_start), ("period_end", period_end)):
        if day is not None:
            changes[name] = day
    if year_start_month is not None:
        changes["year_start_month"] = year_start_month
    if levels is not None:
        changes["levels"] = Levels(
            *(clean(v) for v in (levels.pillar, levels.objective, levels.action))
        )
    return checked(replace(doc, **changes))  # type: ignore[arg-type]


def _pillars(doc: PlanDoc, code: str, fn: Callable[[PillarDoc], PillarDoc]) -> PlanDoc:
    pillar(doc, code)
    return replace(
        doc,
        pillars=tuple(fn(p) if p.code == code else p for p in doc.pillars),
    )


def add_pillar(doc: PlanDoc, code: str, title: str, *, after: str | None = None) -> PlanDoc:
    """A new, empty pillar after the pillar `after` (None: last)."""
    index = None if after is None else doc.pillars.index(pillar(doc, after))
    new = PillarDoc(code=clean(code), title=clean(title))
    return checked(replace(doc, pillars=inserted(doc.pillars, new, index)))


def edit_pillar(
    doc: PlanDoc, code: str, *, title: str | None = None, overall_objective: str | None = None
) -> PlanDoc:
    def fn(p: PillarDoc) -> PillarDoc:
        return replace(
            p,
            title=p.title if title is None else clean(title),
            overall_objective=(
                p.overall_objective if overall_objective is None else clean(overall_objective)
            ),
        )

    return checked(_pillars(doc, code, fn))


def remove_pillar(doc: PlanDoc, code: str) -> PlanDoc:
    """The plan without the pillar `code` and all it holds; a plan keeps at least one."""
    pillar(doc, code)
    if len(doc.pillars) == 1:
        raise EditError(f"{doc.levels.pillar.lower()} {code}", "a plan keeps at least one")
    return checked(replace(doc, pillars=tuple(p for p in doc.pillars if p.code != code)))


def move_pillar(doc: PlanDoc, code: str, step: int) -> PlanDoc:
    index = doc.pillars.index(pillar(doc, code))
    return checked(replace(doc, pillars=moved(doc.pillars, index, step)))


def add_objective(
    doc: PlanDoc, pillar_code: str, code: str, title: str, *, after: str | None = None
) -> PlanDoc:
    """A new, empty objective in `pillar_code`, after the objective `after` (None: last)."""
    p = pillar(doc, pillar_code)
    index = None
    if after is not None:
        owner, o = objective(doc, after)
        if owner.code != p.code:
            raise EditError(f"{doc.levels.objective.lower()} {after}", "is in another pillar")
        index = p.objectives.index(o)
    new = ObjectiveDoc(code=clean(code), title=clean(title))
    return checked(
        _pillars(
            doc, pillar_code, lambda q: replace(q, objectives=inserted(q.objectives, new, index))
        )
    )


def edit_objective(doc: PlanDoc, code: str, *, title: str) -> PlanDoc:
    p, _ = objective(doc, code)

    def fn(q: PillarDoc) -> PillarDoc:
        return replace(
            q,
            objectives=tuple(
                replace(o, title=clean(title)) if o.code == code else o for o in q.objectives
            ),
        )

    return checked(_pillars(doc, p.code, fn))


def remove_objective(doc: PlanDoc, code: str) -> PlanDoc:
    """The plan without the objective `code` and its actions."""
    p, _ = objective(doc, code)
    return checked(
        _pillars(
            doc,
            p.code,
            lambda q: replace(q, objectives=tuple(o for o in q.objectives if o.code != code)),
        )
    )


def move_objective(doc: PlanDoc, code: str, step: int) -> PlanDoc:
    p, o = objective(doc, code)
    index = p.objectives.index(o)
    return checked(
        _pillars(doc, p.code, lambda q: replace(q, objectives=moved(q.objectives, index, step)))
    )
