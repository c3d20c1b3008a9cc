"""The editor's forms, read into one of the plan editor's operations (stratmon.planfiles.edit).

Each reader takes the posted form and the plan as it is, and returns the edited plan, what
was edited in words (the change history's "edit") and the node to show afterwards.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.http import QueryDict

from stratmon.planfiles import edit as E
from stratmon.planfiles.schema import Levels, PlanDoc

from .measure_form import measure_data, same_meaning


@dataclass(frozen=True)
class Edited:
    doc: PlanDoc
    what: str  # "KPI 3.1.1.n: target, measure"
    anchor: str  # the node's element id, to return to


def anchor(kind: str, code: str) -> str:
    """An element id for a node; codes hold dots, which CSS selectors would read as classes."""
    return f"{kind}-{code.replace('.', '_')}"


def _date(form: QueryDict, name: str, where: str, *, required: bool = True) -> datetime.date | None:
    text = form.get(name, "").strip()
    if not text:
        if required:
            raise E.EditError(f"{where}: {name}", "give a date")
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise E.EditError(f"{where}: {name}", f"not a date: '{text[:20]}' (YYYY-MM-DD)") from None


def _confirmed(form: QueryDict, where: str) -> None:
    if form.get("confirm") != "yes":
        raise E.EditError(f"{where}: confirm", "tick the box to confirm the removal")


def _step(form: QueryDict) -> int:
    return -1 if form.get("step") == "up" else 1


def _plan(doc: PlanDoc, form: QueryDict) -> Edited:
    month_text = form.get("year_start_month", "").strip()
    if not month_text.isdigit():
        raise E.EditError("plan: year_start_month", "give a month number 1-12")
    new = E.set_plan_fields(
        doc,
        title=form.get("title", ""),
        reference_label=form.get("reference_label", ""),
        source=form.get("source", ""),
        period_start=_date(form, "period_start", "plan"),
        period_end=_date(form, "period_end", "plan"),
        year_start_month=int(month_text),
        levels=Levels(
            form.get("level_pillar", "") or doc.levels.pillar,
            form.get("level_objective", "") or doc.levels.objective,
            form.get("level_action", "") or doc.levels.action,
        ),
    )
    return Edited(new, "plan details", "plan-fields")


def _pillar(doc: PlanDoc, form: QueryDict, verb: str) -> Edited:
    node = form.get("node", "")
    where = f"{doc.levels.pillar.lower()} {node}"
    if verb == "add":
        code = form.get("code", "").strip()
        new = E.add_pillar(doc, code, form.get("title", ""), after=node or None)
        return Edited(new, f"{doc.levels.pillar.lower()} {code} added", anchor("pillar", code))
    if verb == "edit":
        new = E.edit_pillar(
            doc,
            node,
            title=form.get("title", ""),
            overall_objective=form.get("overall_objective", ""),
        )
    elif verb == "move":
        new = E.move_pillar(doc, node, _step(form))
    else:
        _confirmed(form, where)
        return Edited(E.remove_pillar(doc, node), f"{where} removed", "plan-tree")
    return Edited(new, f"{where}: {verb}", anchor("pillar", node))


def _objective(doc: PlanDoc, form: QueryDict, verb: str) -> Edited:
    node = form.get("node", "")
    where = f"{doc.levels.objective.lower()} {node}"
    if verb == "add":
        code = form.get("code", "").strip()
        new = E.add_objective(
            doc, form.get("pillar", ""), code, form.get("title", ""), after=node or None
        )
        return Edited(
            new, f"{doc.levels.objective.lower()} {code} added", anchor("objective", code)
        )
    if verb == "edit":
        new = E.edit_objective(doc, node, title=form.get("title", ""))
    elif verb == "move":
        new = E.move_objective(doc, node, _step(form))
    else:
        _confirmed(form, where)
        return Edited(E.remove_objective(doc, node), f"{where} removed", "plan-tree")
    return Edited(new, f"{where}: {verb}", anchor("objective", node))


def _action(doc: PlanDoc, form: QueryDict, verb: str) -> Edited:
    node = form.get("node", "")
    where = f"action {node}"
    if verb == "add":
        code = form.get("code", "").strip()
        new = E.add_action(
            doc,
            code,
            form.get("text", ""),
            pillar=form.get("pillar", ""),
            objective=form.get("objective", ""),
            after=node or None,
        )
        return Edited(new, f"action {code} added", anchor("action", code))
    if verb == "edit":
        new = E.edit_action(
            doc, node, text=form.get("text", ""), reference=form.get("reference", "")
        )
    elif verb == "move":
        new = E.move_action(doc, node, _step(form))
    elif verb == "move-to":
        kind, _, code = form.get("to", "").partition(":")
        pillar = code if kind == "pillar" else ""
        objective = code if kind == "objective" else ""
        new = E.move_action_to(doc, node, pillar=pillar, objective=objective)
    elif verb == "split":
        new_code = form.get("new_code", "").strip() or E.next_free_code(doc, node)
        new = E.split_action(
            doc,
            node,
            texts=(form.get("first", ""), form.get("second", "")),
            new_code=new_code,
            new_kpis=form.getlist("new_kpis"),
        )
        return Edited(new, f"{where} split; action {new_code} added", anchor("action", node))
    elif verb == "merge":
        other = form.get("other", "")
        _confirmed(form, where)
        new = E.merge_actions(doc, node, other)
        return Edited(new, f"{where} merged with action {other}", anchor("action", node))
    else:
        _confirmed(form, where)
        return Edited(E.remove_action(doc, node), f"{where} removed", "plan-tree")
    return Edited(new, f"{where}: {verb}", anchor("action", node))


def _kpi(doc: PlanDoc, form: QueryDict, verb: str) -> Edited:
    node = form.get("node", "")
    where = f"KPI {node}"
    if verb == "add":
        code = form.get("code", "").strip()
        new = E.add_kpi(
            doc,
            form.get("action", ""),
            code,
            form.get("text", ""),
            form.get("target", ""),
            _date(form, "deadline", f"KPI {code}", required=False),
        )
        return Edited(new, f"KPI {code} added", anchor("kpi", code))
    if verb == "edit":
        old = next((k for k in doc.kpis() if k.code == node), None)
        if old is None:
            raise E.EditError(where, "no such KPI in the plan")
        measure = E.as_measure(measure_data(form), where)
        # Saved as it was: the same measure object, so nothing reads as changed.
        if same_meaning(measure, old.measure):
            measure = old.measure
        new = E.edit_kpi(
            doc,
            node,
            text=form.get("text", ""),
            target=form.get("target", ""),
            deadline=_date(form, "deadline", where),
            planned_start=_date(form, "planned_start", where, required=False),
            measure=measure,
        )
        after = next(k for k in new.kpis() if k.code == node)
        fields = [
            name
            for name in ("text", "target", "deadline", "planned_start", "measure")
            if getattr(old, name) != getattr(after, name)
        ]
        return Edited(new, f"{where}: {', '.join(fields) or 'saved'}", anchor("kpi", node))
    elif verb == "move":
        new = E.move_kpi(doc, node, _step(form))
    else:
        _confirmed(form, where)
        return Edited(E.remove_kpi(doc, node), f"{where} removed", "plan-tree")
    return Edited(new, f"{where}: {verb}", anchor("kpi", node))


READERS: dict[str, Callable[[PlanDoc, QueryDict, str], Edited]] = {
    "pillar": _pillar,
    "objective": _objective,
    "action": _action,
    "kpi": _kpi,
}
VERBS = {
    "pillar": ("add", "edit", "move", "remove"),
    "objective": ("add", "edit", "move", "remove"),
    "action": ("add", "edit", "move", "move-to", "split", "merge", "remove"),
    "kpi": ("add", "edit", "move", "remove"),
}


def apply(doc: PlanDoc, op: str, form: QueryDict) -> Edited:
    """The plan after the operation `op` ("plan", "action-split" …) with the posted form."""
    if op == "plan":
        return _plan(doc, form)
    kind, _, verb = op.partition("-")
    if verb not in VERBS.get(kind, ()):
        raise E.EditError("", f"unknown edit '{op[:40]}'")
    return READERS[kind](doc, form, verb)
