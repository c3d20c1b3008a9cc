"""The Member × topic heat map of a plan: its Member-status KPIs as columns, the Members of
its organisation on the as-of date as rows (grouped by sub-region), a cell per pair.

Built once as plain data, then rendered as a page (web/_heatmap.html), a workbook
(web/heatmap_xlsx) or a progress report's annex (stratmon.reports.matrix). Cells say
whether the KPI counts the Member ("in", from stratmon.kpis.member_counts, so a column's
"in" cells are as many as the KPI's actual), else whether a status is in force ("out"),
else nothing ("none").
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from stratmon.accounts import access
from stratmon.facts.member_share import InForce, in_force
from stratmon.facts.models import MemberStatus, Topic
from stratmon.kpis.live import plan_evaluations, remember
from stratmon.kpis.member_counts import counted_by_kpi, member_count_kpis
from stratmon.kpis.services import KpiEvaluation
from stratmon.plans.models import Member, Membership, Plan

# GET value → what the page calls it; the first is the default.
SORTS = {"subregion": "sub-region", "name": "Member name", "achieved": "topics achieved"}
NO_SUBREGION = "No sub-region recorded"
# Filling up as a Member gets there, so that the status does not rest on colour.
SYMBOLS = {"achieved": "✓", "in_progress": "◐", "planned": "◔", "not_started": "○", "": "–"}
STATUS_WORDS = dict(MemberStatus.Status.choices)
# The page's cell colours (stratmon.css .hm-in/.hm-out/.hm-none): fill and text, as RGB;
# the workbooks and the report's annex use them too.
COLOURS = {"in": ("E3F5E8", "17642C"), "out": ("FFF4DC", "8A5A00"), "none": ("FFFFFF", "5B6775")}
# Cell states: the KPI counts the Member; a status is in force but not counted; none.
STATES = {
    "in": "counted by the KPI",
    "out": "a status in force, not counted",
    "none": "no status recorded",
}


@dataclass(frozen=True)
class Column:
    evaluation: KpiEvaluation
    topic: Topic | None
    counted: int  # Members the KPI counts: its actual
    new_adopters: bool  # counts Members that got there within the plan

    @property
    def title(self) -> str:
        return self.topic.name if self.topic else self.evaluation.kpi.text

    @property
    def short(self) -> str:
        """The title without its explanations in brackets, for a narrow column's head."""
        return re.sub(r"\s*\([^)]*\)", "", self.title) or self.title


@dataclass(frozen=True)
class Cell:
    state: str  # "in", "out" or "none"
    topic: str = ""  # the column's topic code
    status: str = ""  # the Member's status in force on the topic
    since: datetime.date | None = None  # since when that status holds
    counted_on: datetime.date | None = None  # for "in": the day it got there

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.status or ("achieved" if self.state == "in" else "")]

    @property
    def label(self) -> str:
        """The cell in words (screen readers, tooltips, the workbook)."""
        if self.state == "none":
            return "no status"
        words = STATUS_WORDS.get(self.status, "").lower()
        if self.state == "in":
            day = f" from {self.counted_on:%-d %b %Y}" if self.counted_on else ""
            return f"counted{day}" + (f" ({words})" if words else "")
        return f"not counted: {words} since {self.since:%-d %b %Y}"


@dataclass
class Row:
    member: Member
    subregion: str
    cells: list[Cell]
    achieved: int  # topics among the columns' on which its status in force is achieved
    profile: str = ""  # its profile's address as of the date, if the user may open it


@dataclass
class Group:
    name: str  # a sub-region; "" when the rows are not grouped
    rows: list[Row] = field(default_factory=list)


@dataclass
class HeatMap:
    plan: Plan
    as_of: datetime.date
    sort: str
    columns: list[Column]
    groups: list[Group]
    topics: int  # distinct topics among the columns

    @property
    def rows(self) -> list[Row]:
        return [r for g in self.groups for r in g.rows]


def build_heatmap(plan: Plan, as_of: datetime.date, sort: str, user: Any = None) -> HeatMap:
    """The heat map of `plan` as of `as_of`, sorted by `sort` (a key of SORTS); with `user`,
    rows say whether the user may open the Member's profile. A fixed number of queries:
    six, plus two per new-adopter KPI (its evaluation and its Members), one more with `user`.
    """
    kpis = member_count_kpis(
        plan.kpis.select_related("action", "plan").order_by("order"), source="member_statuses"
    )
    evaluations = plan_evaluations(plan, as_of, kpis) if kpis else []
    codes = {e.measure.get("topic") for e in evaluations if e.measure}
    key = ("in-force", plan.organisation.pk, tuple(sorted(codes)), as_of)
    statuses = remember(key, lambda: in_force(codes, plan.organisation, as_of)) if codes else []
    counted = counted_by_kpi(plan, evaluations, statuses)
    topics = {t.code: t for t in Topic.objects.filter(code__in=codes)} if codes else {}
    columns = [
        Column(
            evaluation=e,
            topic=topics.get(e.measure.get("topic")) if e.measure else None,
            counted=len(counted.get(e.kpi.pk, {})),
            new_adopters=bool(e.measure and e.measure.get("new_in_period")),
        )
        for e in evaluations
    ]
    memberships = (
        Membership.objects.filter(member__in=Member.objects.of(plan.organisation, as_of))
        .filter(organisation=plan.organisation)
        .select_related("member")
    )
    by_member: dict[int, dict[str, InForce]] = {}
    for status in statuses:
        by_member.setdefault(status.member_id, {})[status.topic] = status
    rows = [_row(m, columns, counted, by_member.get(m.member_id, {})) for m in memberships]
    if user is not None and rows:
        shown = access.visible_member_profiles(user).filter(pk__in=[r.member.pk for r in rows])
        linked = set(shown.values_list("pk", flat=True))
        for row in rows:
            if row.member.pk in linked:
                # Reversed once a row: the page links every cell to it.
                url = reverse("member-profile", args=[row.member.iso3])
                row.profile = f"{url}?as_of={as_of.isoformat()}"
    return HeatMap(plan, as_of, sort, columns, _grouped(rows, sort), len(topics))


def _row(
    membership: Membership,
    columns: list[Column],
    counted: dict[int, dict[int, datetime.date | None]],
    mine: dict[str, InForce],
) -> Row:
    """A Member's cells; `mine` are its statuses in force on the columns' topics."""
    member = membership.member
    cells = []
    for c in columns:
        kpi_pk, topic = c.evaluation.kpi.pk, c.topic.code if c.topic else None
        status = mine.get(topic) if topic else None
        value, since = (status.status, status.since) if status else ("", None)
        members = counted.get(kpi_pk, {})
        if member.pk in members:
            cell = Cell("in", topic or "", value, since, members[member.pk] or since)
        else:
            cell = Cell("out" if status else "none", topic or "", value, since)
        cells.append(cell)
    achieved = sum(1 for s in mine.values() if s.status == "achieved")
    return Row(member, membership.subregion, cells, achieved)


def _grouped(rows: list[Row], sort: str) -> list[Group]:
    """By sub-region (those without one last), else one group sorted by name or by topics
    achieved (most first)."""
    if sort == "name":
        return [Group("", sorted(rows, key=lambda r: r.member.name))]
    if sort == "achieved":
        return [Group("", sorted(rows, key=lambda r: (-r.achieved, r.member.name)))]
    groups: dict[str, Group] = {}
    for row in sorted(rows, key=lambda r: (r.subregion == "", r.subregion, r.member.name)):
        name = row.subregion or NO_SUBREGION
        groups.setdefault(name, Group(name)).rows.append(row)
    return list(groups.values())
