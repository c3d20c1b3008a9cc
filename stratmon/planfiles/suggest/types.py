"""The suggestions' boundary dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

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


def read_topic_words(path: str | Path) -> tuple[TopicWords, ...]:
    """Topics from a topics file such as stratmon/facts/builtin/topics.yaml (a list of
    `{code, name, synonyms}`)."""
    entries = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    return tuple(
        TopicWords(str(e["code"]), str(e["name"]), tuple(str(s) for s in e.get("synonyms", ())))
        for e in entries
    )
