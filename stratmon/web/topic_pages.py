"""What the topic pages show, built before rendering so each page's query count is fixed:
the topics with their Members by status and the KPIs that count them (docs/topics.md)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.db.models.fields.json import KT

from stratmon.accounts import access
from stratmon.facts.models import MemberStatus, Topic
from stratmon.plans.models import KPI, Member

# Furthest along first: the order a reader scans "how many stand where".
STATUS_ORDER = ("achieved", "in_progress", "planned", "not_started")
STATUS_LABELS = dict(MemberStatus.Status.choices)


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class TopicRow:
    """One line of /topics/."""

    topic: Topic
    counts: list[StatusCount]
    kpis: int


@dataclass
class StatusGroup:
    """The Members of one status on the topic page, with links where their profile is open."""

    status: str
    label: str
    rows: list[tuple[Member, datetime.date, bool]] = field(default_factory=list)


def _counts(found: Counter[str]) -> list[StatusCount]:
    return [StatusCount(s, STATUS_LABELS[s], found.get(s, 0)) for s in STATUS_ORDER]


def _plans_in_use(user: Any) -> Any:
    return access.visible_plans(user).current()


def topic_rows(user: Any, as_of: datetime.date) -> list[TopicRow]:
    """Every topic with its Members by status on `as_of` (those the user may see) and how
    many KPIs of the plans the user reads count it: three queries, however much data."""
    topics = list(Topic.objects.order_by("name"))
    scope = access.member_scope(user).values("pk")
    per_topic: dict[int, Counter[str]] = {}
    levels = (
        MemberStatus.objects.current(as_of)
        .filter(member_id__in=scope)
        .order_by()
        .values_list("topic_id", "status")
        .annotate(n=Count("pk"))
    )
    for topic_id, status, n in levels:
        per_topic.setdefault(topic_id, Counter())[status] = n
    kpis = dict(
        KPI.objects.filter(plan__in=_plans_in_use(user), measure__source="member_statuses")
        .annotate(topic=KT("measure__topic"))
        .order_by()
        .values_list("topic")
        .annotate(n=Count("pk"))
    )
    return [
        TopicRow(t, _counts(per_topic.get(t.pk, Counter())), kpis.get(t.code, 0)) for t in topics
    ]


@dataclass
class TopicPage:
    topic: Topic
    merged_codes: list[str]
    kpis: list[KPI]
    counts: list[StatusCount]
    groups: list[StatusGroup]
    members_seen: int  # Members in the user's scope
    without_status: int  # of them, with no status on the topic by the date
    largest: int  # the largest count, the scale of the bars


def topic_page(user: Any, topic: Topic, as_of: datetime.date) -> TopicPage:
    """The topic's page: six queries, whatever the number of Members, KPIs and plans."""
    merged_codes = list(topic.aliases.order_by("code").values_list("code", flat=True))
    kpis = list(
        KPI.objects.filter(
            plan__in=_plans_in_use(user),
            measure__source="member_statuses",
            measure__topic=topic.code,
        )
        .select_related("plan__organisation", "action")
        .order_by("plan__organisation__code", "plan__code", "order")
    )
    scope = access.member_scope(user)
    statuses = list(
        MemberStatus.objects.current(as_of)
        .filter(topic=topic, member_id__in=scope.values("pk"))
        .select_related("member")
        .order_by("member__name")
    )
    members_seen = scope.count()
    # Asked even when no Member has a status, so that the page's cost does not vary.
    linked = set(access.visible_member_profiles(user).values_list("pk", flat=True))
    groups = {s: StatusGroup(s, STATUS_LABELS[s]) for s in STATUS_ORDER}
    for s in statuses:
        groups[s.status].rows.append((s.member, s.effective, s.member_id in linked))
    counts = _counts(Counter(s.status for s in statuses))
    return TopicPage(
        topic=topic,
        merged_codes=merged_codes,
        kpis=kpis,
        counts=counts,
        groups=[g for g in groups.values() if g.rows],
        members_seen=members_seen,
        without_status=max(members_seen - len(statuses), 0),
        largest=max([c.count for c in counts] + [members_seen - len(statuses), 1]),
    )
