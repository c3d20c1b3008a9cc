"""Figures revised since a report was published: its stored KPI JSON against today's.

Pure functions over plain data (a published report's `data` and KPI JSON evaluated now), so
the dashboard, the publishing service and tests share one rule and need no database.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# The KPI JSON fields a later correction can revise. The reason is left out: its words
# follow the figures, and a change of wording alone is no revision.
FIGURES = ("status", "actual", "expected", "projected")

Figures = dict[str, Any]  # {figure: value as in the KPI JSON}


@dataclass(frozen=True)
class Revision:
    """One KPI whose published figures differ from today's for the same as-of date."""

    kpi: str
    was: Figures  # as published
    now: Figures  # as evaluated today for the report's as-of date
    published_at: datetime.datetime
    report_as_of: datetime.date

    @property
    def changed(self) -> tuple[str, ...]:
        """The figures that differ, in FIGURES' order."""
        return tuple(f for f in FIGURES if self.was.get(f) != self.now.get(f))


def figures(kpi: Mapping[str, Any]) -> Figures:
    """The revisable figures of one KPI JSON object."""
    return {f: kpi.get(f) for f in FIGURES}


def published_figures(data: Mapping[str, Any]) -> dict[str, Figures]:
    """{KPI code: figures} of a published report's data (`Report.to_data()`); {} for data
    without pillars (a report stored by hand, or by an older format)."""
    return {k["kpi"]: figures(k) for p in data.get("pillars", ()) for k in p.get("kpis", ())}


def changed_kpis(
    published: Mapping[str, Figures], now: Iterable[Mapping[str, Any]]
) -> dict[str, tuple[Figures, Figures]]:
    """{KPI code: (published figures, today's)} for each KPI of `now` (KPI JSON objects, or
    just their figures with "kpi") whose figures differ from those published.

    A KPI that was not in the published report (added to the plan since) is not revised: it
    had no published figure. JSON numbers compare by value, so 21 and 21.0 are the same.
    """
    found = {}
    for kpi in now:
        old = published.get(kpi["kpi"])
        if old is None:
            continue
        new = figures(kpi)
        if any(old.get(f) != new.get(f) for f in FIGURES):
            found[kpi["kpi"]] = (old, new)
    return found


def revisions(
    published: Mapping[str, Figures],
    now: Iterable[Mapping[str, Any]],
    published_at: datetime.datetime,
    report_as_of: datetime.date,
) -> dict[str, Revision]:
    """{KPI code: Revision} of a report's `published` figures (`published_figures`),
    published at `published_at` as of `report_as_of`, against `now` evaluated today for that
    same as-of date."""
    return {
        code: Revision(code, was, new, published_at, report_as_of)
        for code, (was, new) in changed_kpis(published, now).items()
    }
