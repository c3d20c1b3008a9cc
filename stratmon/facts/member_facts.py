"""One Member's own facts as of a date: its statuses by topic with their history, the
activities it hosted or sent people to, its people by role and gender, its requests.

Read by the Member profile page and the Member report alike, each in a fixed number of
queries whatever the amount of data.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from stratmon.plans.models import Member

from .models import Activity, MemberStatus, Participation, Request, Topic

RECENT_REQUESTS = 10


@dataclass
class TopicRow:
    """A topic on which the Member has a status: the one in force, and those before it."""

    topic: Topic
    current: MemberStatus
    earlier: list[MemberStatus] = field(default_factory=list)  # newest first
    more: int = 0  # earlier statuses not listed
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (text, link or "")


@dataclass
class Requests:
    made: int
    made_answered: int
    received: int
    received_answered: int
    recent: list[Request]


def topic_rows(
    member: Member, as_of: datetime.date, earlier_shown: int | None = None
) -> list[TopicRow]:
    """Per topic (by name), the status in force on `as_of` and the earlier ones, newest first
    (at most `earlier_shown` of them listed, the others counted; all when None); one query."""
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
        elif earlier_shown is None or len(row.earlier) < earlier_shown:
            row.earlier.append(s)
        else:
            row.more += 1
    return list(rows.values())


def member_activities(member: Member, as_of: datetime.date) -> QuerySet[Activity]:
    """Activities the Member hosted or sent people to, begun by `as_of`, newest first, each
    with how many of its people took part (`ours`).

    The Member's activities come from its own participations (by the Member's index), and
    its people are counted for each activity read alone: a join of every activity with its
    participations costs seconds at two million participations."""
    ours = (
        Participation.objects.filter(activity=OuterRef("pk"), member=member)
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        _hosted_or_attended(member, as_of)
        .annotate(ours=Coalesce(Subquery(ours), 0))
        .select_related("host", "organiser")
        .order_by("-start", "-pk")
    )


def activity_counts(member: Member, as_of: datetime.date) -> dict[str, int]:
    """How many activities begun by `as_of` the Member hosted, and hosted or attended (all,
    and those held); one query."""
    held = Q(status=Activity.Status.HELD)
    return _hosted_or_attended(member, as_of).aggregate(
        total=Count("pk"),
        held=Count("pk", filter=held),
        hosted=Count("pk", filter=Q(host=member)),
        hosted_held=Count("pk", filter=Q(host=member) & held),
    )


def _hosted_or_attended(member: Member, as_of: datetime.date) -> QuerySet[Activity]:
    attended = Participation.objects.filter(member=member).values("activity_id")
    return Activity.objects.filter(Q(host=member) | Q(pk__in=attended), start__lte=as_of)


def participant_counts(member: Member, as_of: datetime.date) -> Counter[tuple[str, str]]:
    """The Member's people at activities held by `as_of`: (role, gender) → people; one query."""
    rows = (
        Participation.objects.filter(
            member=member, activity__status=Activity.Status.HELD, activity__start__lte=as_of
        )
        .values_list("role", "gender")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Counter({(role, gender): n for role, gender, n in rows})


def member_requests(
    member: Member, as_of: datetime.date, recent: int = RECENT_REQUESTS
) -> Requests:
    """Requests the Member made, and those made to it, by `as_of`: counts and the latest
    `recent`; two queries."""
    by_it, to_it = Q(requested_by=member), Q(addressed_to=member)
    answered = Q(fulfilled_on__isnull=False, fulfilled_on__lte=as_of)
    mine = Request.objects.filter(by_it | to_it, requested_on__lte=as_of)
    counts = mine.aggregate(
        made=Count("pk", filter=by_it),
        made_answered=Count("pk", filter=by_it & answered),
        received=Count("pk", filter=to_it),
        received_answered=Count("pk", filter=to_it & answered),
    )
    latest = list(
        mine.select_related("requested_by", "addressed_to").order_by("-requested_on", "-pk")[
            :recent
        ]
    )
    return Requests(**counts, recent=latest)
