"""The suggestions' boundary dataclasses."""

from __future__ import annotations

from dataclasses import dataclass

from ..measures import Measure

GOOD, CLOSEST, NONE = "good", "closest", "none"


@dataclass(frozen=True)
class TopicWords:
    """A topic as the suggestions see it: its code, name and other wordings."""

    code: str
    name: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    """A measure StratMon proposes for a KPI, why, and how well it fits: `good`,
    `closest` (a weak match, the reason says so) or `none` (nothing fits: the milestone)."""

    measure: Measure
    reason: str
    fit: str
