"""Split a run-together action in two; merge two actions into one; propose a free code."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import replace

from ..schema import ActionDoc, PlanDoc
from .actions import kpi_codes, milestone_kpi
from .errors import EditError, checked
from .tree import Actions, Holder, action, clean, map_action_lists

_LETTERS = string.ascii_lowercase


def _rank(last: str) -> int | None:
    """The place of a code's last part in its numbering: 3 for '3', 'c', 'C'; 29 for 'cc'
    (the ROCB plan runs a … z, aa … zz); None for anything else."""
    if last.isdigit():
        return int(last)
    low = last.lower()
    if low and low[0] in _LETTERS and low == low[0] * len(low):
        return _LETTERS.index(low[0]) + 1 + 26 * (len(low) - 1)
    return None


def _part(rank: int, like: str) -> str:
    if like.isdigit():
        return str(rank)
    letter = _LETTERS[(rank - 1) % 26] * ((rank - 1) // 26 + 1)
    return letter.upper() if like.isupper() else letter


def next_free_code(doc: PlanDoc, code: str) -> str:
    """The next free action code in the numbering of `code`'s list: after 3.1.1 in a list
    ending at 3.1.4, '3.1.5'; after 'jj' in a list ending at 'kk', 'll'; otherwise the code
    with '-2', '-3' … appended."""
    holder, _ = action(doc, code)
    taken = {a.code for a in doc.actions()}
    prefix, _, last = code.rpartition(".")
    head = f"{prefix}." if prefix else ""
    siblings = [a.code for a in _list(doc, holder)]
    ranks = [
        r
        for c in siblings
        if c.startswith(head) and "." not in c[len(head) :]
        for r in [_rank(c[len(head) :])]
        if r is not None
    ]
    if _rank(last) is not None and ranks:
        rank = max(ranks) + 1
        while f"{head}{_part(rank, last)}" in taken:
            rank += 1
        return f"{head}{_part(rank, last)}"
    n = 2
    while f"{code}-{n}" in taken:
        n += 1
    return f"{code}-{n}"


def _list(doc: PlanDoc, holder: Holder) -> Actions:
    found: list[Actions] = []

    def fn(where: Holder, actions: Actions) -> Actions:
        if where == holder:
            found.append(actions)
        return actions

    map_action_lists(doc, fn)
    return found[0]


_SENTENCE_END = re.compile(r"[\s;,]+$")


def split_action(
    doc: PlanDoc,
    code: str,
    *,
    at: int | None = None,
    texts: tuple[str, str] | None = None,
    new_code: str = "",
    new_kpis: Iterable[str] = (),
) -> PlanDoc:
    """The action `code` cut in two: its text at the character `at`, or given as two
    `texts`. The second part becomes a new action `new_code` (default: the next free code)
    right after it, taking the KPIs named in `new_kpis`; a side left without a KPI gets the
    milestone KPI the importer gives. KPIs keep their codes (what was recorded against them
    stays theirs)."""
    holder, old = action(doc, code)
    where = f"action {code}"
    if texts is None:
        if at is None or not 0 < at < len(old.text):
            raise EditError(
                where, f"give a place to cut the text inside its {len(old.text)} characters"
            )
        texts = (old.text[:at], old.text[at:])
    first, second = (_SENTENCE_END.sub("", clean(t)) for t in texts)
    if not first or not second:
        raise EditError(where, "each part of a split needs some text")
    moving = set(new_kpis)
    unknown = moving - {k.code for k in old.kpis}
    if unknown:
        raise EditError(where, f"has no KPI {', '.join(sorted(unknown))}")
    new_code = clean(new_code) or next_free_code(doc, code)
    taken = kpi_codes(doc)
    kept = tuple(k for k in old.kpis if k.code not in moving)
    given = tuple(k for k in old.kpis if k.code in moving)
    deadline = doc.period_end
    if not kept:
        kept = (milestone_kpi(code, deadline, taken),)
        taken.add(kept[0].code)
    if not given:
        given = (milestone_kpi(new_code, deadline, taken),)
    left = replace(old, text=first, kpis=kept)
    right = ActionDoc(
        code=new_code, text=second[:1].upper() + second[1:], reference=old.reference, kpis=given
    )

    def fn(here: Holder, actions: Actions) -> Actions:
        if here != holder:
            return actions
        out: list[ActionDoc] = []
        for a in actions:
            out.extend((left, right) if a.code == code else (a,))
        return tuple(out)

    return checked(map_action_lists(doc, fn))


def merge_actions(doc: PlanDoc, first: str, second: str) -> PlanDoc:
    """One action from two: the first's code and place, both texts joined, the KPIs of both
    (the first's, then the second's); the second's code is gone."""
    if first == second:
        raise EditError(f"action {first}", "cannot be merged with itself")
    _, a = action(doc, first)
    _, b = action(doc, second)
    text = f"{a.text.rstrip()} {b.text.lstrip()}"
    refs = [r for r in (a.reference, b.reference) if r]
    reference = "; ".join(dict.fromkeys(refs))
    merged = replace(a, text=text, reference=reference, kpis=(*a.kpis, *b.kpis))

    def fn(_: Holder, actions: Actions) -> Actions:
        return tuple(merged if x.code == first else x for x in actions if x.code != second)

    return checked(map_action_lists(doc, fn))
