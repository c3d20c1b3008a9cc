"""The one error of the plan editor's operations, and the check every result goes through."""

from __future__ import annotations

import re

from ..schema import PlanDoc, PlanFileError, dump_plan, parse_plan_text


class EditError(ValueError):
    """An edit that cannot be made; `where` names the node ("KPI 3.1.1.n: target")."""

    def __init__(self, where: str, problem: str) -> None:
        self.where, self.problem = where, problem
        super().__init__(f"{where}: {problem}" if where else problem)


_STEP = re.compile(r"(pillars|objectives|actions|kpis)\[(\d+)\]")
_KINDS = {"pillars": "pillar", "objectives": "objective", "actions": "action", "kpis": "KPI"}


def place(doc: PlanDoc, where: str) -> str:
    """A plan file path (`pillars[2].objectives[0].actions[1].kpis[0].target`) in the
    editor's words (`KPI 3.1.1.n: target`), read against `doc`; unknown paths as given."""
    node: object = doc
    named, rest = "", where
    for match in _STEP.finditer(where):
        items = getattr(node, match.group(1), ())
        index = int(match.group(2))
        if index >= len(items):
            return where
        node = items[index]
        named = f"{_KINDS[match.group(1)]} {getattr(node, 'code', '')}"
        rest = where[match.end() :].lstrip(".")
    if not named:
        return where
    return f"{named}: {rest}" if rest and rest != "code" else named


def checked(doc: PlanDoc) -> PlanDoc:
    """`doc` validated as a plan file is: written and read back, it must read the same.

    Raises EditError naming the node. Returns the doc as read back, so an edit's result is
    exactly what the plan file holds."""
    try:
        back = parse_plan_text(dump_plan(doc), "plan")
    except PlanFileError as exc:
        raise EditError(place(doc, exc.where), exc.problem) from None
    if back != doc:
        # Only texts with surrounding blanks differ, and each operation strips them; a
        # difference here is a bug in an operation, not the user's input.
        raise EditError("", "the edited plan does not read back the same")
    return back
