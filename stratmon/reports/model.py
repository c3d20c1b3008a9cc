"""The report model: everything a progress report says, as plain data built once.

Renderers (PDF, XLSX, CSV) read it and never query or evaluate anything themselves, so the
three files of a report always agree, and a published report can be stored as this data
(`to_data`) and rendered again unchanged years later.

KPIs are kept as the KPI JSON of CONTRACT.md (`KpiEvaluation.to_json()`), plus the pillar
they belong to: the CSV flattens exactly that, and the other renderers show its fields.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from stratmon.engine.kpi import Status

# Good news first, unknowns last: the order of every status summary in a report.
STATUS_ORDER: tuple[Status, ...] = (
    "achieved",
    "on_track",
    "at_risk",
    "off_track",
    "not_started",
    "no_data",
)


def count_statuses(kpis: list[dict[str, Any]]) -> dict[str, int]:
    """{status: KPIs} in STATUS_ORDER, every status present (0 where none)."""
    found = Counter(k["status"] for k in kpis)
    return {s: found[s] for s in STATUS_ORDER}


@dataclass(frozen=True)
class PillarSection:
    code: str
    title: str
    kpis: list[dict[str, Any]]  # KPI JSON, in plan order

    @property
    def counts(self) -> dict[str, int]:
        return count_statuses(self.kpis)


@dataclass(frozen=True)
class KpiChange:
    """A KPI whose status or figures differ between `since` and the as-of date."""

    kpi: str
    text: str
    before: dict[str, Any]  # status, actual, expected, reason as of `since`
    after: dict[str, Any]
    moved: str = "status"  # what moved, the most telling first: status, actual or expected
    kind: str = ""  # the target's kind, to show the figures in its terms (a share as %)


@dataclass(frozen=True)
class Report:
    organisation: str
    plan: str  # code
    plan_title: str
    version: int
    period_start: datetime.date
    period_end: datetime.date
    pillar_label: str
    as_of: datetime.date
    since: datetime.date | None
    members: int  # Members of the organisation on the as-of date
    pillars: list[PillarSection]
    changes: list[KpiChange] = field(default_factory=list)
    # KPIs without data and submissions still waiting for review: what the figures lack.
    no_data: list[str] = field(default_factory=list)
    pending_submissions: int = 0
    matrix: dict[str, Any] | None = None  # the Member × topic matrix (see reports.matrix)
    people: dict[str, Any] | None = None  # gender and evaluation figures
    activities: list[dict[str, Any]] = field(default_factory=list)  # notable ones
    since_published: bool = False  # `since` is the as-of date of the last published report

    @property
    def status_changes(self) -> list[KpiChange]:
        return [c for c in self.changes if c.before["status"] != c.after["status"]]

    @property
    def kpis(self) -> list[dict[str, Any]]:
        return [k for p in self.pillars for k in p.kpis]

    @property
    def counts(self) -> dict[str, int]:
        return count_statuses(self.kpis)

    def to_data(self) -> dict[str, Any]:
        """The report as JSON-ready data (dates as ISO strings), for published snapshots."""
        data = asdict(self)
        for key in ("period_start", "period_end", "as_of", "since"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Report:
        """The report stored by `to_data`."""
        values = dict(data)
        for key in ("period_start", "period_end", "as_of", "since"):
            values[key] = datetime.date.fromisoformat(values[key]) if values[key] else None
        values["pillars"] = [PillarSection(**p) for p in values["pillars"]]
        values["changes"] = [KpiChange(**c) for c in values["changes"]]
        return cls(**values)
