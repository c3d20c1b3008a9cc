"""What changed in a plan between two dates: every KPI whose status or figures moved.

Both dates are evaluated whole (two evaluations, whatever the data) and compared KPI by KPI.
The plan dashboard's "what changed" page, the organisation home and the progress report
all compare through here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from stratmon.engine.kpi import show
from stratmon.plans.models import Plan

from .figures import PERCENT_KINDS, number
from .live import plan_evaluations
from .services import KpiEvaluation

# Better and worse among the statuses that judge progress (no data and not started do not).
PROGRESS = ("off_track", "at_risk", "on_track", "achieved")


@dataclass(frozen=True)
class Moved:
    """One KPI on both dates."""

    before: KpiEvaluation
    after: KpiEvaluation
    url: str = ""  # the KPI's page, when a page links to it

    @property
    def kpi(self) -> Any:
        return self.after.kpi

    @property
    def status_changed(self) -> bool:
        return self.before.result.status != self.after.result.status

    @property
    def actual_changed(self) -> bool:
        return self.before.result.actual != self.after.result.actual

    @property
    def expected_changed(self) -> bool:
        return self.before.result.expected != self.after.result.expected

    @property
    def kind(self) -> str:
        """What moved, the most telling first: "status", "actual" or "expected"."""
        if self.status_changed:
            return "status"
        return "actual" if self.actual_changed else "expected"

    @property
    def direction(self) -> str:
        """Better or worse, when both statuses judge progress; else "" (no data, not started)."""
        old, new = self.before.result.status, self.after.result.status
        if old == new or old not in PROGRESS or new not in PROGRESS:
            return ""
        return "better" if PROGRESS.index(new) > PROGRESS.index(old) else "worse"

    def figure(self, which: str) -> str:
        """The figures on one date ("before" or "after"): "21 · expected 27"; "" without
        an actual."""
        result = getattr(self, which).result
        if result.actual is None:
            return ""
        text = number(result.actual, self.after.target)
        if result.expected is not None:
            text += f" · expected {number(result.expected, self.after.target)}"
        return text

    @property
    def before_figure(self) -> str:
        return self.figure("before")

    @property
    def after_figure(self) -> str:
        return self.figure("after")

    @property
    def delta(self) -> str:
        """The actual's change: "+3", "−2", "+5.2 points" for percentages; "" if unknown."""
        old, new = self.before.result.actual, self.after.result.actual
        if old is None or new is None or old == new:
            return ""
        change = new - old
        points = self.after.target.kind in PERCENT_KINDS
        text = show(abs(change) * 100, None) + " points" if points else show(abs(change), None)
        return ("+" if change > 0 else "−") + text


@dataclass
class Comparison:
    """The KPIs that moved, in plan order, in three groups."""

    status: list[Moved]  # their status changed
    actual: list[Moved]  # same status, another actual
    expected: list[Moved]  # only what was expected by then moved (time passing)
    moved: list[Moved] = field(default_factory=list)  # all three, in plan order

    @property
    def count(self) -> int:
        return len(self.moved)

    def directions(self) -> dict[str, int]:
        found = {"better": 0, "worse": 0}
        for moved in self.status:
            if moved.direction:
                found[moved.direction] += 1
        return found


def compare(
    before: list[KpiEvaluation],
    after: list[KpiEvaluation],
    url: Callable[[str], str] | None = None,
) -> Comparison:
    """The KPIs of two evaluations of the same KPIs (in the same order) that differ in
    status, actual or expected; `url` gives a KPI code's page, for pages that link."""
    found = Comparison([], [], [])
    for old, new in zip(before, after, strict=True):
        moved = Moved(old, new, url(new.kpi.code) if url else "")
        if moved.status_changed or moved.actual_changed or moved.expected_changed:
            found.moved.append(moved)
        if moved.status_changed:
            found.status.append(moved)
        elif moved.actual_changed:
            found.actual.append(moved)
        elif moved.expected_changed:
            found.expected.append(moved)
    return found


def plan_comparison(
    plan: Plan,
    start: datetime.date,
    end: datetime.date,
    url: Callable[[str], str] | None = None,
) -> Comparison:
    """`plan` as of `start` against as of `end`: two evaluations (kept by kpis.live)."""
    after = plan_evaluations(plan, end)
    before = plan_evaluations(plan, start, [e.kpi for e in after])
    return compare(before, after, url)
