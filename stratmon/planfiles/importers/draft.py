"""What a shape parser reads from a document before the plan is assembled: drafts and warnings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..measures import Measure


class DocumentError(ValueError):
    """A document that cannot be imported; `str()` is one line naming the file (and line)."""

    def __init__(self, filename: str, line: int | None, message: str) -> None:
        message = " ".join(message.split())
        self.filename, self.line, self.message = filename, line, message
        where = f"{filename}: line {line}" if line else filename
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class ImportWarning:
    """A judgement the importer made, at a 1-based document line (0: the whole document)."""

    line: int
    message: str
    filename: str = ""

    def __str__(self) -> str:
        where = self.filename or "<document>"
        return f"{where}:{self.line}: {self.message}" if self.line else f"{where}: {self.message}"


@dataclass
class DraftKpi:
    code: str
    text: str
    target: str
    deadline: datetime.date | None  # None: the plan's end, known only once the plan is assembled
    origin: str = "document"
    measure: Measure | None = None


@dataclass
class DraftAction:
    code: str
    text: str
    line: int
    reference: str = ""
    kpis: list[DraftKpi] = field(default_factory=list)


@dataclass
class DraftObjective:
    code: str
    title: str
    line: int
    actions: list[DraftAction] = field(default_factory=list)


@dataclass
class DraftPillar:
    code: str
    title: str
    line: int
    overall_objective: str = ""
    notes: list[tuple[str, str]] = field(default_factory=list)
    objectives: list[DraftObjective] = field(default_factory=list)
    actions: list[DraftAction] = field(default_factory=list)

    def all_actions(self) -> list[DraftAction]:
        return self.actions + [a for o in self.objectives for a in o.actions]


@dataclass
class Heading:
    """A heading of the front matter: Markdown level (1-6; 9 for a plain first line)."""

    level: int
    text: str
    line: int


@dataclass
class Draft:
    """Everything a shape parser found; `meta.assemble` turns it into a PlanDoc."""

    shape: str
    pillars: list[DraftPillar] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    pillar_level: str = "Pillar"
    action_level: str = "Action"
    reference_label: str = ""
    warnings: list[tuple[int, str]] = field(default_factory=list)

    def warn(self, line: int, message: str) -> None:
        self.warnings.append((line, message))
