"""The data of the expert pool's pages, built before rendering so each page's query count is
fixed whatever the pool's size: the pool with its filters, and one expert's profile."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from stratmon.facts.models import Activity, Evaluation, Expert, ExpertAssignment, Topic
from stratmon.plans.models import Member

from ..matching import _scores
from ..models import CV, ProfileUpdate, Unavailability
from ..profile_links import is_open

EXPIRING_DAYS = 90
WEIGHTED = ExpressionWrapper(
    F("score") * F("responses"), output_field=DecimalField(max_digits=20, decimal_places=6)
)


def in_force(today: datetime.date) -> Q:
    """Experts accredited (or provisionally) on `today`."""
    return (
        ~Q(accreditation=Expert.Accreditation.NONE)
        & (Q(accredited_on__isnull=True) | Q(accredited_on__lte=today))
        & (Q(accredited_until__isnull=True) | Q(accredited_until__gte=today))
    )


def expiry_flag(expert: Expert, today: datetime.date) -> str:
    """ "expired", "expiring" (within EXPIRING_DAYS) or "" for an accredited expert."""
    until = expert.accredited_until
    if expert.accreditation == Expert.Accreditation.NONE or until is None:
        return ""
    if until < today:
        return "expired"
    if until <= today + datetime.timedelta(days=EXPIRING_DAYS):
        return "expiring"
    return ""


def mean_share(shares: list[Decimal]) -> int | None:
    """The mean of activities' mean scores as a whole percent of their scale, or None."""
    if not shares:
        return None
    return round(sum(shares) / len(shares) * 100)


@dataclass(frozen=True)
class PoolFilter:
    topic: str = ""
    language: str = ""
    accredited: bool = False
    home: str = ""
    q: str = ""

    @classmethod
    def of(cls, params: Any) -> PoolFilter:
        return cls(
            topic=params.get("topic", "").strip(),
            language=params.get("language", "").strip()[:60],
            accredited=params.get("accredited", "") == "1",
            home=params.get("home", "").strip().upper(),
            q=params.get("q", "").strip()[:100],
        )

    def apply(self, experts: QuerySet[Expert], today: datetime.date) -> QuerySet[Expert]:
        if self.topic:
            experts = experts.filter(expertise__code=self.topic)
        if self.language:
            experts = experts.filter(languages__icontains=self.language)
        if self.accredited:
            experts = experts.filter(in_force(today))
        if self.home == "NONE":
            experts = experts.filter(home__isnull=True)
        elif self.home:
            experts = experts.filter(home__iso3=self.home)
        if self.q:
            experts = experts.filter(Q(name__icontains=self.q) | Q(ref__icontains=self.q))
        return experts.distinct()


@dataclass(frozen=True)
class PoolRow:
    expert: Expert
    topics: list[str]
    assignments: int
    score: int | None
    flag: str


@dataclass(frozen=True)
class Pool:
    rows: list[PoolRow]
    topics: list[tuple[str, str]]
    homes: list[tuple[str, str]]


def pool(chosen: PoolFilter, today: datetime.date) -> Pool:
    """The experts `chosen` keeps, by name, in 5 queries: the experts (with their home and
    this year's assignments), their topics, their scores, and the filters' topics and homes."""
    year = ExpertAssignment.objects.filter(
        expert=OuterRef("pk"), activity__start__year=today.year
    ).exclude(activity__status=Activity.Status.CANCELLED)
    counted = year.order_by().values("expert").annotate(n=Count("pk")).values("n")
    experts = list(
        chosen.apply(Expert.objects.all(), today)
        .select_related("home")
        .prefetch_related("expertise")
        .annotate(this_year=Coalesce(Subquery(counted, output_field=IntegerField()), 0))
        .order_by("name", "ref")
    )
    scores = _scores([e.pk for e in experts]) if experts else {}
    rows = [
        PoolRow(
            e,
            sorted(t.code for t in e.expertise.all()),
            e.this_year,
            mean_share(scores.get(e.pk, [])),
            expiry_flag(e, today),
        )
        for e in experts
    ]
    topics = list(Topic.objects.order_by("code").values_list("code", "name"))
    homes = list(
        Member.objects.filter(experts__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("iso3", "name")
    )
    return Pool(rows, topics, homes)


@dataclass(frozen=True)
class Assignment:
    activity: Activity
    score: int | None
    responses: int


@dataclass
class Profile:
    expert: Expert
    topics: list[Topic]
    cv: CV | None
    unavailable: list[Unavailability]
    assignments: list[Assignment]
    score: int | None
    links: list[ProfileUpdate] = field(default_factory=list)
    pending: list[ProfileUpdate] = field(default_factory=list)
    flag: str = ""


def profile(expert: Expert, today: datetime.date) -> Profile:
    """One expert's page: details, CV, unavailable periods, past assignments with their
    scores, open links and pending updates, in 6 queries."""
    topics = list(expert.expertise.order_by("code"))
    cv = CV.objects.select_related("file").filter(expert=expert).first()
    unavailable = list(Unavailability.objects.filter(expert=expert).order_by("start"))
    activities = list(
        Activity.objects.filter(assignments__expert=expert).order_by("-start", "-pk").distinct()
    )
    rows = (
        Evaluation.objects.filter(activity__in=[a.pk for a in activities])
        .values("activity_id", "scale_max")
        .annotate(points=Sum(WEIGHTED), n=Sum("responses"))
        .order_by()
    )
    points: dict[int, Decimal] = defaultdict(Decimal)
    counts: dict[int, int] = defaultdict(int)
    for row in rows:
        points[row["activity_id"]] += Decimal(row["points"]) / row["scale_max"]
        counts[row["activity_id"]] += row["n"]
    assignments = []
    shares = []
    for a in activities:
        share = points[a.pk] / counts[a.pk] if counts[a.pk] else None
        held = a.status == Activity.Status.HELD
        if share is not None and held:
            shares.append(share)
        score = round(share * 100) if share is not None else None
        assignments.append(Assignment(a, score, counts[a.pk]))
    updates = list(
        ProfileUpdate.objects.filter(
            expert=expert, status__in=(ProfileUpdate.Status.SENT, ProfileUpdate.Status.PENDING)
        ).order_by("-created_at", "-pk")
    )
    return Profile(
        expert=expert,
        topics=topics,
        cv=cv,
        unavailable=unavailable,
        assignments=assignments,
        score=mean_share(shares),
        links=[u for u in updates if is_open(u)],
        pending=[u for u in updates if u.status == ProfileUpdate.Status.PENDING],
        flag=expiry_flag(expert, today),
    )
