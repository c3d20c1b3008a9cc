"""The records each KPI measure counts: one definition, read by the aggregates (the number)
and by the drill-down (the records behind it), so the two cannot disagree.

Each function returns a queryset before the date window (or, for Member statuses, the rows of
a day); `Scope` and the window rules are in aggregates.py's terms: facts count from the plan
start to `Scope.window_end`, levels (agreements) whatever is in force by then.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, Min, OuterRef, Q, QuerySet, Subquery

from stratmon.engine.periods import Period
from stratmon.planfiles.measures import Measure
from stratmon.plans.models import Member, Membership, Organisation

from . import measure_rows
from .measure_rows import ONE_DAY, participation_facts, request_facts
from .models import (
    Activity,
    Agreement,
    Evaluation,
    MemberStatus,
    MilestoneUpdate,
    Output,
)

if TYPE_CHECKING:
    from .aggregates import Scope

DEFAULT_STATUSES = ("achieved",)


@dataclass(frozen=True)
class Counted:
    """The records a measure counts, the date that places each in time, and how they count.

    `since_plan_start` is False for levels (agreements in force, whenever signed).
    `member_field` names the Members a `distinct_members` aggregate counts (None otherwise).
    """

    records: QuerySet[Any]
    date_field: str
    since_plan_start: bool = True
    member_field: str | None = None

    def window_q(self, scope: Scope) -> Q:
        """What counts in `scope`: dated from the plan start (levels: any date) to the
        window's end (the as-of date, or the plan's end if earlier)."""
        window = Q(**{f"{self.date_field}__lte": scope.window_end})
        if self.since_plan_start:
            window &= Q(**{f"{self.date_field}__gte": scope.plan_start})
        return window

    def window(self, scope: Scope) -> QuerySet[Any]:
        """The records that count in `scope` (see `window_q`)."""
        return self.records.filter(self.window_q(scope))

    def in_period(self, period: Period, scope: Scope) -> Q:
        """A frequency period's records, up to the as-of date."""
        return Q(**{f"{self.date_field}__range": (period.start, min(period.end, scope.as_of))})


def members_of(organisation: Organisation, day: datetime.date, field: str = "member") -> Exists:
    """The row's Member (at `field`) belonged to the organisation on `day`."""
    return Exists(
        Membership.objects.filter(
            Q(joined__isnull=True) | Q(joined__lte=day),
            Q(left__isnull=True) | Q(left__gt=day),
            member=OuterRef(field),
            organisation=organisation,
        )
    )


def members_of_plan(field: str, scope: Scope) -> Q:
    """Only Members of the plan's organisation on the as-of date count as 'Members'."""
    return Q(**{f"{field}__in": Member.objects.of(scope.organisation, scope.as_of).values("pk")})


# --- Member statuses ---------------------------------------------------------------------


def counted_statuses(m: Measure) -> tuple[str, ...]:
    """The statuses that put a Member 'in' (default: achieved)."""
    return tuple(m.get("statuses") or DEFAULT_STATUSES)


def statuses_in_force(
    topics: Iterable[str], organisation: Organisation, day: datetime.date
) -> QuerySet[MemberStatus]:
    """The status in force on `day` of each Member of the organisation that day, per topic."""
    return MemberStatus.objects.current(day).filter(
        members_of(organisation, day), topic__code__in=list(topics)
    )


def new_adopters(m: Measure, scope: Scope) -> QuerySet[Member]:
    """Members of the organisation on the as-of date that had not reached the measure's
    statuses the day before the plan, annotated with `reached`: the first day inside the plan
    (up to the as-of date) they did, None for those that have not."""
    topic, statuses = m.get("topic"), counted_statuses(m)
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
    return (
        Member.objects.of(scope.organisation, scope.as_of)
        .annotate(reached=Subquery(reached))
        .filter(~Exists(there_at_start(m, scope)))
    )


def adopters(m: Measure, scope: Scope) -> Counted:
    """New adopters (`new_in_period`), placed in time by the day they got there."""
    return Counted(new_adopters(m, scope), "reached")


def there_at_start(m: Measure, scope: Scope) -> QuerySet[MemberStatus]:
    """The outer Member's status in force the day before the plan, if it already counted."""
    return MemberStatus.objects.current(scope.plan_start - ONE_DAY).filter(
        member=OuterRef("pk"), topic__code=m.get("topic"), status__in=counted_statuses(m)
    )


def any_status(m: Measure, scope: Scope) -> QuerySet[MemberStatus]:
    """Whether the topic has any status recorded by the as-of date: else there is no data."""
    return MemberStatus.objects.filter(topic__code=m.get("topic"), effective__lte=scope.as_of)


# --- activities, outputs, agreements ---------------------------------------------------------


def activities(m: Measure, scope: Scope) -> Counted:
    """Activities (held, unless `statuses` says otherwise), dated by their start."""
    qs = Activity.objects.filter(status__in=m.get("statuses") or ("held",))
    if m.get("kinds"):
        qs = qs.filter(kind__in=m.get("kinds"))
    if m.linked:
        qs = qs.filter(actions=scope.action_id)
    if m.get("with_partners"):
        qs = qs.filter(Exists(Activity.partners.through.objects.filter(activity=OuterRef("pk"))))
    if m.aggregate == "distinct_members":
        field = "participations__member"
        return Counted(qs.filter(members_of_plan(field, scope)), "start", member_field=field)
    return Counted(qs, "start")


def outputs(m: Measure, scope: Scope) -> Counted:
    qs = Output.objects.all()
    if m.get("kinds"):
        qs = qs.filter(kind__in=m.get("kinds"))
    if m.linked:
        qs = qs.filter(actions=scope.action_id)
    if m.aggregate == "distinct_members":
        return Counted(qs.filter(members_of_plan("members", scope)), "date", member_field="members")
    return Counted(qs, "date")


def agreements(m: Measure, scope: Scope) -> Counted:
    """Agreements in force: signed by the date, whenever (signed before the plan too)."""
    qs = Agreement.objects.all()
    if m.get("kinds"):
        qs = qs.filter(kind__in=m.get("kinds"))
    if m.aggregate == "distinct_members":
        return Counted(
            qs.filter(members__isnull=False),
            "signed_on",
            since_plan_start=False,
            member_field="members",
        )
    return Counted(qs, "signed_on", since_plan_start=False)


# --- participations, requests, evaluations ------------------------------------------------


def participations(m: Measure, scope: Scope) -> Counted:
    """Participations in held activities, dated by the activity's start (a change's from the
    12 months before the plan): the rows the measure counts (measure_rows)."""
    return Counted(participation_facts(m, scope.action_id, scope.plan_start), "activity__start")


def requests(m: Measure, scope: Scope) -> Counted:
    return Counted(request_facts(m, scope.organisation), "requested_on")


def request_part(m: Measure, scope: Scope) -> Q:
    """A share's part of the requests on the as-of date (measure_rows.request_part)."""
    static, fulfilled = measure_rows.request_part(m)
    part = Q(fulfilled_on__isnull=False, fulfilled_on__lte=scope.as_of) if fulfilled else Q()
    return part & static if static is not None else part


def evaluations(m: Measure, scope: Scope) -> QuerySet[Evaluation]:
    """Evaluations of held activities that started in the window."""
    qs = Evaluation.objects.filter(
        activity__status="held",
        activity__start__gte=scope.plan_start,
        activity__start__lte=scope.window_end,
    )
    if m.get("activity_kinds"):
        qs = qs.filter(activity__kind__in=m.get("activity_kinds"))
    if m.linked:
        qs = qs.filter(activity__actions=scope.action_id)
    return qs


def progress_updates(kpi_ids: Iterable[int], as_of: datetime.date) -> QuerySet[MilestoneUpdate]:
    """Milestone progress updates reported by `as_of`."""
    return MilestoneUpdate.objects.filter(kpi_id__in=list(kpi_ids), reported_on__lte=as_of)
