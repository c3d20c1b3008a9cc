"""A Member's profile as of a date: its statuses by topic, the KPIs it counts toward, its
activities, participants, requests and pending submissions, built in a fixed number of
queries (two a plan, plus one per Member-count KPI that is not a status level). What the
Member report shows too is computed in stratmon.facts.member_facts and
stratmon.kpis.member_plan_kpis; this module adds the user's rights and the page's parts."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator

from stratmon.accounts import access
from stratmon.charts import Chart
from stratmon.charts.participants import participants_chart
from stratmon.facts.member_facts import (
    RECENT_REQUESTS,
    Requests,
    TopicRow,
    member_activities,
    member_requests,
    participant_counts,
    topic_rows,
)
from stratmon.facts.models import MemberStatus
from stratmon.kpis.live import remember
from stratmon.kpis.member_plan_kpis import KpiRow, PlanKpis, member_profile_plans, plan_kpi_rows
from stratmon.plans.models import Member, Membership
from stratmon.submissions.models import Submission

__all__ = ["KpiRow", "PlanKpis", "Profile", "Requests", "TopicRow", "build_profile"]

ACTIVITIES_PAGE = 20
EARLIER_SHOWN = 3  # earlier statuses listed per topic; the others are counted
PENDING = (Submission.State.SUBMITTED, Submission.State.RETURNED, Submission.State.DRAFT)
LINK = re.compile(r"(https?://\S+|/evidence/\d+/\S+)")


@dataclass
class Profile:
    member: Member
    as_of: datetime.date
    memberships: list[Membership]
    topics: list[TopicRow]
    plans: list[PlanKpis]
    activities: Page[Any]
    participants: Chart | None
    people: int  # participants at held activities
    women: int
    requests: Requests
    submissions: list[Submission] | None  # None: not the user's to see
    desk_requests: list[Any] | None  # the request desk's files; None: not the user's to read
    show_evidence: bool
    report_downloads: bool  # whether the user downloads the Member report

    @property
    def status_counts(self) -> list[tuple[str, int]]:
        """Topics by the status in force, furthest along first."""
        counts = Counter(row.current.status for row in self.topics)
        return [(s, counts[s]) for s in reversed(MemberStatus.Status.values) if counts[s]]


def build_profile(user: Any, member: Member, as_of: datetime.date, page: Any) -> Profile:
    """Everything the profile shows of `member` as of `as_of`, for `user` (who may see it)."""
    topics = topic_rows(member, as_of, EARLIER_SHOWN)
    # The Member's ~10,000 participations at full scale are read once per data version.
    chart, people = remember(
        ("member-people", member.pk, as_of), lambda: _participants(member, as_of)
    )
    show_evidence = access.can_view_member_data(user, member)
    if show_evidence:
        for row in topics:
            row.evidence = evidence_parts(row.current.evidence)
    submissions = None
    if access.can_view_member_submissions(user, member):
        pending = access.visible_submissions(user).filter(member=member, state__in=PENDING)
        submissions = list(pending.select_related("topic").order_by("-updated_at", "-pk"))
    return Profile(
        member=member,
        as_of=as_of,
        memberships=list(
            member.memberships.select_related("organisation").order_by("organisation__code")
        ),
        topics=topics,
        plans=_plans(user, member, as_of, {row.topic.code: row for row in topics}),
        activities=remember(
            ("member-activities", member.pk, as_of, str(page)),
            lambda: _activities(member, as_of, page),
        ),
        participants=chart,
        people=people.total(),
        women=people["female"],
        requests=member_requests(member, as_of, RECENT_REQUESTS),
        submissions=submissions,
        desk_requests=_desk_requests(user, member),
        show_evidence=show_evidence,
        report_downloads=access.can_download_member_report(user, member),
    )


def _desk_requests(user: Any, member: Member) -> list[Any] | None:
    """The Member's requests to the desk that the user reads, newest first; one query."""
    if not access.can_read_desk(user):
        return None
    cases = access.visible_cases(user).filter(member=member).select_related("organisation")
    return list(cases.order_by("-received_on", "-pk"))


def evidence_parts(text: str) -> list[tuple[str, str]]:
    """Evidence text cut into (text, link) parts: web links and StratMon's evidence files
    (`/evidence/<id>/<name>`, shown by their name) become links, the rest is plain text."""
    parts: list[tuple[str, str]] = []
    for i, piece in enumerate(LINK.split(text)):
        if not piece:
            continue
        if i % 2 == 0:
            parts.append((piece, ""))
        else:
            label = piece.rsplit("/", 1)[-1] if piece.startswith("/evidence/") else piece
            parts.append((label, piece))
    return parts


def _plans(
    user: Any, member: Member, as_of: datetime.date, statuses: dict[str, TopicRow]
) -> list[PlanKpis]:
    """The plans of the organisations the user reads the Member through, each with its
    Member-count KPIs evaluated and whether they count the Member."""
    plans = list(
        member_profile_plans(user, member)
        .select_related("organisation")
        .order_by("organisation__code", "-period_start", "code")
    )
    return plan_kpi_rows(member, plans, as_of, statuses)


def _activities(member: Member, as_of: datetime.date, page: Any) -> Page[Any]:
    """A page of the Member's activities; two queries (the count and the page)."""
    shown = Paginator(member_activities(member, as_of), ACTIVITIES_PAGE).get_page(page)
    shown.object_list = list(shown.object_list)  # read now: the page is kept (remember)
    return shown


def _participants(member: Member, as_of: datetime.date) -> tuple[Chart | None, Counter[str]]:
    """The Member's people at activities held by `as_of` by role and gender, as a chart (None
    when there are none), and their numbers by gender; one query."""
    counts = participant_counts(member, as_of)
    people: Counter[str] = Counter()
    for (_, gender), n in counts.items():
        people[gender] += n
    if not counts:
        return None, people
    return participants_chart(counts, f"{member.name}'s participants by role and gender"), people
