"""What the rules read about one KPI: its words, its typed target and its action's words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from stratmon.engine import Target, parse_target

from ..schema import ActionDoc, KpiDoc
from .vocabulary import Term, find_terms
from .words import head_phrase

_PART = re.compile(r"\(\s*(\d{1,2})\s*\)")
_MEMBERS = re.compile(
    r"\b(?:members?|administrations?|countries|country|economies|states|(?:contracting )?"
    r"parties|party|customs services?)\b",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^\s*\d")
_OF_MEMBERS = re.compile(
    r"(?:%|percent\w*|share|proportion|rate)\s+of\s+(?:the\s+)?(?:members?|administrations?|"
    r"countries)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\d\s*%|\bper ?cent\b", re.IGNORECASE)
_SCORE = re.compile(r"satisf\w*|scor\w*|rating|rated|evaluat\w*|feedback|average", re.I)


def action_part(action_text: str, kpi_code: str) -> str:
    """The part of a run-together action a compound KPI is about: KPI `1.i.2` of an action
    written `for: (1) HS 2022 … (2) adoption of the HS …` reads the text before the parts
    and part (2). Any other KPI reads the whole action."""
    pieces = _PART.split(action_text)
    number = kpi_code.rsplit(".", 1)[-1]
    if len(pieces) < 5 or not number.isdigit():
        return action_text
    intro, parts = pieces[0], dict(zip(pieces[1::2], pieces[2::2], strict=False))
    return f"{intro} {parts[number]}" if number in parts else action_text


@dataclass(frozen=True)
class Context:
    kpi: KpiDoc
    action: ActionDoc

    @cached_property
    def target(self) -> Target:
        """The typed target; a bare `20/24` or `2 per year`, which the grammar leaves
        unread, is read as the minimum it means ("At least …")."""
        target = parse_target(self.kpi.target)
        if not target.parsed and _BARE_NUMBER.match(self.kpi.target):
            minimum = parse_target(f"At least {self.kpi.target}")
            if minimum.parsed:
                return minimum
        return target

    @cached_property
    def action_text(self) -> str:
        return action_part(self.action.text, self.kpi.code)

    @cached_property
    def head(self) -> str:
        return head_phrase(self.kpi.text)

    @cached_property
    def head_terms(self) -> tuple[Term, ...]:
        return find_terms(self.head)

    @cached_property
    def kpi_terms(self) -> tuple[Term, ...]:
        return find_terms(self.kpi.text)

    @cached_property
    def unit_terms(self) -> tuple[Term, ...]:
        return find_terms(self.target.unit or "")

    @cached_property
    def target_terms(self) -> tuple[Term, ...]:
        return find_terms(self.kpi.target)

    @cached_property
    def action_terms(self) -> tuple[Term, ...]:
        return find_terms(self.action_text)

    @property
    def own_words(self) -> str:
        """The KPI's indicator and target: what the KPI itself says."""
        return f"{self.kpi.text}. {self.kpi.target}"

    @property
    def all_words(self) -> str:
        return f"{self.kpi.text}. {self.kpi.target}. {self.action_text}"

    @cached_property
    def kind(self) -> str | None:
        """The target's kind, read with the KPI's words where the target alone is short:
        a bare `At least 30%` is a share, `At least 4 out of 5` of a rating is a mean."""
        t = self.target
        if not t.parsed:
            return "share" if _PERCENT.search(t.text) else None
        if (
            t.kind == "count"
            and t.unit is None
            and t.out_of is not None
            and _SCORE.search(self.own_words)
        ):
            return "mean"
        return t.kind

    @property
    def shares_members(self) -> bool:
        """A share of Members (`75% of Members`)."""
        return self.kind == "share" and (
            _MEMBERS.search(self.kpi.target) is not None
            or _OF_MEMBERS.search(self.kpi.text) is not None
        )

    @property
    def counts_members(self) -> bool:
        """A count of Members: `27/33 Members`, `6 new contracting parties`, a bare `27/33`,
        or a number of `Members` in the indicator with a unitless target."""
        t = self.target
        if self.kind != "count":
            return False
        if t.unit:
            return _MEMBERS.search(t.unit) is not None
        if t.out_of is not None:
            return True
        return _MEMBERS.search(self.head) is not None
