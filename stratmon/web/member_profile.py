"""A Member's profile as of a date: its statuses by topic, the KPIs it counts toward, its
activities, participants, requests and pending submissions, built in a fixed number of
queries (two a plan, plus one per Member-count KPI that is not a status level)."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from stratmon.accounts import access
from stratmon.charts import Chart
from stratmon.charts.participants import participants_chart
from stratmon.engine.kpi import PeriodResult
from stratmon.facts.models import Activity, MemberStatus, Participation, Request, Topic
from stratmon.kpis.live import plan_evaluations, remember
from stratmon.kpis.member_counts import counted_by_kpi, member_count_kpis
from stratmon.kpis.services import KpiEvaluation
from stratmon.plans.models import KPI, Member, Membership, Plan
from stratmon.submissions.models import Submission

ACTIVITIES_PAGE = 20
RECENT_REQUESTS = 10
EARLIER_SHOWN = 3  # earlier statuses listed per topic; the others are counted
PENDING = (Submission.State.SUBMITTED, Submission.State.RETURNED, Submission.State.DRAFT)
LINK = re.compile(r"(https?://\S+|/evidence/\d+/\S+)")


@dataclass
class TopicRow:
    """A topic on which the Member has a status: the one in force, and those before it."""

    topic: Topic
    current: MemberStatus
    earlier: list[MemberStatus] = field(default_factory=list)  # newest first
    more: int = 0  # earlier statuses not listed
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (text, link or "")


@dataclass
class KpiRow:
    """A KPI that counts Members, and whether it counts this one."""

    evaluation: KpiEvaluation
    counted: bool
    since: datetime.date | None  # the day it first counts, where known
    topic: Topic | None = None  # for a Member-status KPI
    status: MemberStatus | None = None  # the Member's status in force on that topic
    period: PeriodResult | None = None  # for a frequency target: the period counted
    new_adopters: bool = False  # counts Members that got there within the plan

    @property
    def says_status(self) -> bool:
        """Whether the row adds the Member's status: where "in since" does not already say
        it (not counted, or a new adopter whose day in differs from its status's)."""
        return self.topic is not None and (not self.counted or self.new_adopters)


@dataclass
class PlanKpis:
    plan: Plan
    rows: list[KpiRow]

    @property
    def counted(self) -> int:
        return sum(r.counted for r in self.rows)

    @property
    def on_heatmap(self) -> bool:
        """Whether the plan's heat map shows some of these KPIs (its Member-status ones)."""
        return any(r.topic is not None for r in self.rows)


@dataclass
class Requests:
    made: int
    made_answered: int
    received: int
    received_answered: int
    recent: list[Request]


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
    show_evidence: bool

    @property
    def status_counts(self) -> list[tuple[str, int]]:
        """Topics by the status in force, furthest along first."""
        counts = Counter(row.current.status for row in self.topics)
        return [(s, counts[s]) for s in reversed(MemberStatus.Status.values) if counts[s]]


def build_profile(user: Any, member: Member, as_of: datetime.date, page: Any) -> Profile:
    """Everything the profile shows of `member` as of `as_of`, for `user` (who may see it)."""
    topics = _topics(member, as_of)
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
        requests=_requests(member, as_of),
        submissions=submissions,
        show_evidence=show_evidence,
    )


def _topics(member: Member, as_of: datetime.date) -> list[TopicRow]:
    """Per topic (by name), the status in force on `as_of` and the earlier ones; one query."""
    statuses = (
        MemberStatus.objects.filter(member=member, effective__lte=as_of)
        .select_related("topic")
        .order_by("topic__name", "-effective")
    )
    rows: dict[int, TopicRow] = {}
    for s in statuses:
        row = rows.get(s.topic_id)
        if row is None:
            rows[s.topic_id] = TopicRow(s.topic, s)
        elif len(row.earlier) < EARLIER_SHOWN:
            row.earlier.append(s)
        else:
            row.more += 1
    return list(rows.values())


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
    organisations = access.member_profile_organisations(user, member)
    plans = list(
        access.visible_plans(user)
        .current()
        .filter(organisation__in=organisations)
        .select_related("organisation")
        .order_by("organisation__code", "-period_start", "code")
    )
    kpis: dict[int, list[KPI]] = {p.pk: [] for p in plans}
    for kpi in member_count_kpis(
        KPI.objects.filter(plan__in=plans).select_related("action", "plan").order_by("order")
    ):
        kpis[kpi.plan_id].append(kpi)
    topic_codes = {k.measure.get("topic") for found in kpis.values() for k in found}
    topics = {t.code: t for t in Topic.objects.filter(code__in=topic_codes)} if topic_codes else {}
    found = []
    for plan in plans:
        if not kpis[plan.pk]:
            continue
        evaluations = plan_evaluations(plan, as_of, kpis[plan.pk])
        counted = counted_by_kpi(plan, evaluations)
        rows = []
        for e in evaluations:
            members = counted.get(e.kpi.pk, {})
            code = e.measure.get("topic") if e.measure else None
            in_force = statuses.get(code) if code else None
            rows.append(
                KpiRow(
                    evaluation=e,
                    counted=member.pk in members,
                    since=members.get(member.pk),
                    topic=topics.get(code) if code else None,
                    status=in_force.current if in_force else None,
                    period=e.result.periods[-1] if e.result.periods else None,
                    new_adopters=bool(e.measure and e.measure.get("new_in_period")),
                )
            )
        found.append(PlanKpis(plan, rows))
    return found


def _activities(member: Member, as_of: datetime.date, page: Any) -> Page[Any]:
    """Activities the Member hosted or sent people to, begun by `as_of`, newest first, with
    how many of its people took part; two queries (the count and the page).

    The Member's activities come from its own participations (by the Member's index), and
    its people are counted for each listed activity alone: a join of every activity with its
    participations costs seconds at two million participations."""
    attended = Participation.objects.filter(member=member).values("activity_id")
    ours = (
        Participation.objects.filter(activity=OuterRef("pk"), member=member)
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    found = (
        Activity.objects.filter(Q(host=member) | Q(pk__in=attended), start__lte=as_of)
        .annotate(ours=Coalesce(Subquery(ours), 0))
        .select_related("host", "organiser")
        .order_by("-start", "-pk")
    )
    shown = Paginator(found, ACTIVITIES_PAGE).get_page(page)
    shown.object_list = list(shown.object_list)  # read now: the page is kept (remember)
    return shown


def _participants(member: Member, as_of: datetime.date) -> tuple[Chart | None, Counter[str]]:
    """The Member's people at activities held by `as_of` by role and gender, as a chart (None
    when there are none), and their numbers by gender; one query."""
    rows = (
        Participation.objects.filter(
            member=member, activity__status=Activity.Status.HELD, activity__start__lte=as_of
        )
        .values_list("role", "gender")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = Counter({(role, gender): n for role, gender, n in rows})
    people: Counter[str] = Counter()
    for (_, gender), n in counts.items():
        people[gender] += n
    if not counts:
        return None, people
    return participants_chart(counts, f"{member.name}'s participants by role and gender"), people


def _requests(member: Member, as_of: datetime.date) -> Requests:
    """Requests the Member made, and those made to it, by `as_of`: counts and the latest."""
    by_it, to_it = Q(requested_by=member), Q(addressed_to=member)
    answered = Q(fulfilled_on__isnull=False, fulfilled_on__lte=as_of)
    mine = Request.objects.filter(by_it | to_it, requested_on__lte=as_of)
    counts = mine.aggregate(
        made=Count("pk", filter=by_it),
        made_answered=Count("pk", filter=by_it & answered),
        received=Count("pk", filter=to_it),
        received_answered=Count("pk", filter=to_it & answered),
    )
    recent = list(
        mine.select_related("requested_by", "addressed_to").order_by("-requested_on", "-pk")[
            :RECENT_REQUESTS
        ]
    )
    return Requests(**counts, recent=recent)
