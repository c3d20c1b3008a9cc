"""The Member report model: one Member's statuses, KPIs, participation and requests across
the plans of its organisations, as plain data built once (stratmon.reports.member_build).

Like the plan's Report, renderers (PDF, XLSX) read only this, and `to_data` / `from_data`
keep it as JSON. Dates inside the nested rows are ISO text, as in the KPI JSON.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from .model import count_statuses

# Furthest along first: the order of a Member's statuses on topics in every summary.
MEMBER_STATUS_ORDER = ("achieved", "in_progress", "planned", "not_started")


@dataclass(frozen=True)
class MemberPlan:
    """A plan of one of the Member's organisations and its KPIs that count Members.

    Each KPI row: kpi, text, target (text), deadline, status, reason, actual, members (the
    Members it is out of), topic (name, for a Member-status KPI), new_adopters, counted
    (whether it counts this Member), since (the day it first does), member_status and
    member_status_since (the Member's status on the topic), period_start, period_end (the
    plan period counted, for a frequency target)."""

    organisation: str
    plan: str  # code
    title: str
    version: int
    kpis: list[dict[str, Any]]

    @property
    def counted(self) -> int:
        return sum(1 for k in self.kpis if k["counted"])

    @property
    def counts(self) -> dict[str, int]:
        return count_statuses(self.kpis)


@dataclass(frozen=True)
class MemberReport:
    name: str
    iso3: str
    kind: str
    as_of: datetime.date
    # organisation (short name), code, subregion, joined, left (ISO text or None), current
    memberships: list[dict[str, Any]]
    # Per topic: topic (code), name, status, effective, evidence, and earlier: the statuses
    # before it, newest first, each {status, effective}.
    topics: list[dict[str, Any]]
    plans: list[MemberPlan]
    # Activities begun by the as-of date: total, held, hosted, hosted_held.
    activity_counts: dict[str, int]
    # The latest activities: ref, title, kind, status, start, end, place, hosted, people.
    activities: list[dict[str, Any]]
    # The Member's people at held activities: role, gender, people.
    participants: list[dict[str, Any]]
    # made, made_answered, received, received_answered; recent: requested_on, subject,
    # direction ("made" or "received"), other (the other Member, or ""), fulfilled_on.
    requests: dict[str, Any]
    # The participants chart (spec, caption, columns, rows); None when there are none.
    participants_chart: dict[str, Any] | None = None

    @property
    def status_counts(self) -> dict[str, int]:
        """Topics by the status in force, furthest along first (every status present)."""
        found = Counter(t["status"] for t in self.topics)
        return {s: found[s] for s in MEMBER_STATUS_ORDER}

    @property
    def people(self) -> int:
        return sum(p["people"] for p in self.participants)

    def people_by(self, key: str) -> dict[str, int]:
        """Participants by `key` ("gender" or "role"), largest first."""
        found: Counter[str] = Counter()
        for p in self.participants:
            found[p[key]] += p["people"]
        return dict(found.most_common())

    def to_data(self) -> dict[str, Any]:
        """The report as JSON-ready data (the as-of date as ISO text)."""
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> MemberReport:
        """The report stored by `to_data`."""
        values = dict(data)
        values["as_of"] = datetime.date.fromisoformat(values["as_of"])
        values["plans"] = [MemberPlan(**p) for p in values["plans"]]
        return cls(**values)
