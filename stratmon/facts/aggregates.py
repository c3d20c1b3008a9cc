"""Turn a KPI's declarative measure into one SQL aggregate over the recorded facts.

Every measure costs exactly one query, whatever the number of fact rows: per-period values
come from conditional aggregates (COUNT … FILTER (WHERE …)) in the same statement.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast

from stratmon.engine.periods import Period
from stratmon.planfiles.measures import Measure
from stratmon.plans.models import Member, Organisation

from .models import (
    Activity,
    Agreement,
    Evaluation,
    ExpertAssignment,
    MemberStatus,
    Output,
    Participation,
    Request,
)

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Scope:
    """What a measure is evaluated against: the plan, the KPI's action, the as-of date."""

    organisation: Organisation
    action_id: int
    plan_start: datetime.date
    plan_end: datetime.date
    as_of: datetime.date
    periods: tuple[Period, ...] = ()  # the frequency periods begun by as_of, if any

    @property
    def window_end(self) -> datetime.date:
        return min(self.as_of, self.plan_end)


@dataclass(frozen=True)
class Measured:
    """Raw values for the engine: a total, per-period values, or a numerator and denominator."""

    total: Decimal | None = None
    series: tuple[tuple[Period, Decimal], ...] = ()
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    # Fact rows of the measured kind recorded by the as-of date, whatever their value: none
    # means nobody has recorded anything yet, which is "no data", not a zero.
    recorded: int | None = None


def measure(m: Measure, scope: Scope) -> Measured:
    """Evaluate measure `m` in `scope` with one SQL query (milestones need none)."""
    return _SOURCES[m.source](m, scope)


def _in(values: Any) -> tuple[str, ...]:
    return tuple(values or ())


def _buckets(
    qs: QuerySet[Any],
    date_field: str,
    value: Any,
    scope: Scope,
    *,
    since_plan_start: bool = True,
    recorded: Any = None,
) -> Measured:
    """One query: the value over the window so far, and per frequency period.

    `value(extra_filter)` builds the aggregate expression restricted by a Q; `recorded`
    replaces the default count of rows dated by the as-of date.
    """
    start = scope.plan_start if since_plan_start else None
    window = Q(**{f"{date_field}__lte": scope.window_end})
    if start:
        window &= Q(**{f"{date_field}__gte": start})
    aggregates = {
        "total": value(window),
        "recorded": recorded
        if recorded is not None
        else Count("pk", filter=Q(**{f"{date_field}__lte": scope.as_of})),
    }
    for i, p in enumerate(scope.periods):
        end = min(p.end, scope.as_of)
        aggregates[f"p{i}"] = value(Q(**{f"{date_field}__range": (p.start, end)}))
    row = qs.aggregate(**aggregates)
    return Measured(
        total=_dec(row["total"]),
        series=tuple((p, _dec(row[f"p{i}"])) for i, p in enumerate(scope.periods)),
        recorded=row["recorded"],
    )


def _dec(value: Any) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal(0)


def _count(field: str = "pk", distinct: bool = False):  # type: ignore[no-untyped-def]
    return lambda q: Count(field, filter=q, distinct=distinct)


def _members_of_plan(field: str, scope: Scope) -> Q:
    """Only Members of the plan's organisation on the as-of date count as 'Members'."""
    return Q(**{f"{field}__in": Member.objects.of(scope.organisation, scope.as_of).values("pk")})


def _member_statuses(m: Measure, scope: Scope) -> Measured:
    topic = m.get("topic")
    statuses = _in(m.get("statuses")) or ("achieved",)
    members = Member.objects.of(scope.organisation, scope.as_of)
    if not m.get("new_in_period"):
        in_force = MemberStatus.objects.current(scope.as_of).filter(
            topic__code=topic, status__in=statuses, member__in=members.values("pk")
        )
        row = MemberStatus.objects.filter(topic__code=topic, effective__lte=scope.as_of).aggregate(
            recorded=Count("pk"), total=Count("pk", filter=Q(pk__in=in_force.values("pk")))
        )
        return Measured(total=Decimal(row["total"]), recorded=row["recorded"])
    # New adopters: Members not there at the plan start, bucketed by the day they got there.
    reached = (
        MemberStatus.objects.filter(
            member=OuterRef("pk"),
            topic__code=topic,
            status__in=statuses,
            effective__gte=scope.plan_start,
            effective__lte=scope.as_of,
        )
        .order_by()
        .values("member")
        .annotate(first=Min("effective"))
        .values("first")
    )
    before = MemberStatus.objects.current(scope.plan_start - ONE_DAY).filter(
        member=OuterRef("pk"), topic__code=topic, status__in=statuses
    )
    recorded = MemberStatus.objects.filter(topic__code=topic, effective__lte=scope.as_of).values(
        "pk"
    )[:1]
    qs = members.annotate(reached=Subquery(reached)).filter(~Exists(before))
    # Members that never reached the status have no date: ask whether the topic has any.
    return _buckets(qs, "reached", _count(), scope, recorded=Count("pk", filter=Exists(recorded)))


def _activities(m: Measure, scope: Scope) -> Measured:
    qs = Activity.objects.filter(status__in=_in(m.get("statuses")) or ("held",))
    if m.get("kinds"):
        qs = qs.filter(kind__in=m.get("kinds"))
    if m.linked:
        qs = qs.filter(actions=scope.action_id)
    if m.get("with_partners"):
        qs = qs.filter(Exists(Activity.partners.through.objects.filter(activity=OuterRef("pk"))))
    if m.aggregate == "distinct_members":
        qs = qs.filter(_members_of_plan("participations__member", scope))
        return _buckets(qs, "start", _count("participations__member", distinct=True), scope)
    return _buckets(qs, "start", _count(), scope)


def _outputs(m: Measure, scope: Scope) -> Measured:
    qs = Output.objects.all()
    if m.get("kinds"):
        qs = qs.filter(kind__in=m.get("kinds"))
    if m.linked:
        qs = qs.filter(actions=scope.action_id)
    if m.aggregate == "distinct_members":
        qs = qs.filter(_members_of_plan("members", scope))
        return _buckets(qs, "date", _count("members", distinct=True), scope)
    return _buckets(qs, "date", _count(), scope)


def _agreements(m: Measure, scope: Scope) -> Measured:
    qs = Agreement.objects.all()
    if m.get("kinds"):
        qs = qs.filter(kind__in=m.get("kinds"))
    # Agreements signed before the plan still stand: count everything in force on the date.
    if m.aggregate == "distinct_members":
        qs = qs.filter(_members_of_plan("members", scope))
        return _buckets(
            qs, "signed_on", _count("members", distinct=True), scope, since_plan_start=False
        )
    return _buckets(qs, "signed_on", _count(), scope, since_plan_start=False)


def _participations(m: Measure, scope: Scope) -> Measured:
    qs = Participation.objects.filter(activity__status="held")
    if m.get("activity_kinds"):
        qs = qs.filter(activity__kind__in=m.get("activity_kinds"))
    if m.get("genders"):
        qs = qs.filter(gender__in=m.get("genders"))
    if m.get("roles"):
        qs = qs.filter(role__in=m.get("roles"))
    if m.linked:
        qs = qs.filter(activity__actions=scope.action_id)
    if m.aggregate != "share":
        return _buckets(qs, "activity__start", _count(), scope)
    part = Q()
    numerator = dict(m.numerator)
    if numerator.get("genders"):
        part &= Q(gender__in=numerator["genders"])
    if numerator.get("roles"):
        part &= Q(role__in=numerator["roles"])
    return _share(qs, "activity__start", part, scope)


def _share(qs: QuerySet[Any], date_field: str, part: Q, scope: Scope) -> Measured:
    window = Q(**{f"{date_field}__gte": scope.plan_start, f"{date_field}__lte": scope.window_end})
    row = qs.aggregate(
        denominator=Count("pk", filter=window), numerator=Count("pk", filter=window & part)
    )
    return Measured(numerator=_dec(row["numerator"]), denominator=_dec(row["denominator"]))


def _requests(m: Measure, scope: Scope) -> Measured:
    qs = Request.objects.all()
    if m.get("kinds"):
        qs = qs.filter(kind__in=m.get("kinds"))
    if m.get("activity_kinds"):
        qs = qs.filter(activity_kind__in=m.get("activity_kinds"))
    if m.aggregate == "count":
        return _buckets(qs, "requested_on", _count(), scope)
    numerator = dict(m.numerator)
    part = Q()
    if numerator.get("fulfilled"):
        part &= Q(fulfilled_on__isnull=False, fulfilled_on__lte=scope.as_of)
    if numerator.get("with_accredited_expert"):
        qs = qs.annotate(
            accredited=Exists(
                ExpertAssignment.objects.filter(
                    activity=OuterRef("activity"), expert__accreditation="accredited"
                )
            )
        )
        part &= Q(accredited=True)
    return _share(qs, "requested_on", part, scope)


def _evaluations(m: Measure, scope: Scope) -> Measured:
    qs = Evaluation.objects.filter(activity__status="held")
    if m.get("activity_kinds"):
        qs = qs.filter(activity__kind__in=m.get("activity_kinds"))
    if m.linked:
        qs = qs.filter(activity__actions=scope.action_id)
    window = Q(activity__start__gte=scope.plan_start, activity__start__lte=scope.window_end)
    # Scores on other scales are brought to a 0..1 fraction of their scale; the caller
    # multiplies by the target's scale (4 out of 5). Aggregates weigh by responses.
    # SQLite divides integers as integers: compute in floating point, round on the way back.
    weighted = Cast("score", FloatField()) * F("responses") / Cast("scale_max", FloatField())
    row = qs.aggregate(
        points=Sum(weighted, filter=window), responses=Sum("responses", filter=window)
    )
    points = _dec(row["points"]).quantize(Decimal("0.000001"))
    return Measured(numerator=points.normalize(), denominator=_dec(row["responses"]))


def _milestone(m: Measure, scope: Scope) -> Measured:
    return Measured()


_SOURCES = {
    "member_statuses": _member_statuses,
    "activities": _activities,
    "outputs": _outputs,
    "agreements": _agreements,
    "participations": _participations,
    "requests": _requests,
    "evaluations": _evaluations,
    "milestone": _milestone,
}
