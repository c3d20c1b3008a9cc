"""Turn KPI measures into SQL aggregates over the recorded facts.

A measure costs one query whatever the number of fact rows: per-period values and the
baseline come from conditional aggregates (COUNT … FILTER (WHERE …)) in the same statement,
and the date window is also in WHERE so the database reads only the rows it needs. The
Member-status levels of a whole plan share one grouped query (`measure_status_levels`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from stratmon.engine.milestones import progress_fraction
from stratmon.engine.periods import Period
from stratmon.planfiles.measures import Measure
from stratmon.plans.models import Member, Membership, Organisation

from .counted import counted_statuses, new_adopters
from .measure_rows import (
    MILLIPOINTS,
    Measured,
    activity_facts,
    agreement_facts,
    change_baseline,
    evaluation_facts,
    is_status_level,
    output_facts,
    participation_facts,
    participation_part,
    request_facts,
    request_part,
    scores,
)
from .models import MemberStatus, MilestoneUpdate


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

    @property
    def baseline_day(self) -> datetime.date:
        """A level's baseline is its value on the plan's first day (or earlier, as of)."""
        return min(self.plan_start, self.as_of)


def measure(m: Measure, scope: Scope) -> Measured:
    """Evaluate measure `m` in `scope` with one SQL query (milestones need none)."""
    return _SOURCES[m.source](m, scope)


def _dec(value: Any) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal(0)


def _members_of(organisation: Organisation, day: datetime.date, field: str = "member") -> Exists:
    """The row's Member (at `field`) belonged to the organisation on `day`."""
    return Exists(
        Membership.objects.filter(
            Q(joined__isnull=True) | Q(joined__lte=day),
            Q(left__isnull=True) | Q(left__gt=day),
            member=OuterRef(field),
            organisation=organisation,
        )
    )


def measure_status_levels(
    items: Sequence[tuple[Hashable, Measure]], scope: Scope
) -> dict[Hashable, Measured]:
    """Every Member-status level measure of a plan in two grouped queries.

    For each measure: Members of the organisation whose status in force on the as-of date
    is one of `statuses`, and the same on the plan's first day (the baseline). A topic with
    no status in force for any Member on the as-of date has no data. Rows come back per
    (topic, status), a bounded number whatever the data. The in-force and membership tests
    sit in WHERE, where PostgreSQL plans them as anti- and semi-joins.
    """
    if not items:
        return {}
    topics = {m.get("topic") for _, m in items}
    now = _statuses_in_force(topics, scope.organisation, scope.as_of)
    then = _statuses_in_force(topics, scope.organisation, scope.baseline_day)
    results: dict[Hashable, Measured] = {}
    for key, m in items:
        topic, statuses = m.get("topic"), set(counted_statuses(m))
        on_topic = now.get(topic, {})
        results[key] = Measured(
            total=Decimal(sum(n for s, n in on_topic.items() if s in statuses)),
            baseline=Decimal(sum(n for s, n in then.get(topic, {}).items() if s in statuses)),
            recorded=sum(on_topic.values()),
        )
    return results


def statuses_in_force(
    topics: set[str], organisation: Organisation, day: datetime.date
) -> QuerySet[MemberStatus]:
    """The statuses on `topics` in force on `day` of the organisation's Members of the day:
    what a Member-status level counts (stratmon.facts.member_share lists them by Member)."""
    return MemberStatus.objects.current(day).filter(
        _members_of(organisation, day), topic__code__in=topics
    )


def _statuses_in_force(
    topics: set[str], organisation: Organisation, day: datetime.date
) -> dict[str, dict[str, int]]:
    """{topic: {status: Members}} for the statuses in force on `day` of the day's Members."""
    rows = (
        statuses_in_force(topics, organisation, day)
        .values("topic__code", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found: dict[str, dict[str, int]] = {}
    for row in rows:
        found.setdefault(row["topic__code"], {})[row["status"]] = row["n"]
    return found


def _buckets(
    qs: QuerySet[Any],
    date_field: str,
    value: Callable[[Q], Any],
    scope: Scope,
    *,
    since_plan_start: bool = True,
    baseline: Any = None,
    recorded: Any = None,
) -> Measured:
    """One query: the value over the window so far, per frequency period, and a baseline.

    `value(q)` builds the aggregate expression restricted by `q`; `baseline` is the
    baseline's own aggregate expression; `recorded` replaces the default count of rows.
    """
    window = Q(**{f"{date_field}__lte": scope.window_end})
    if since_plan_start:
        window &= Q(**{f"{date_field}__gte": scope.plan_start})
    aggregates: dict[str, Any] = {
        "total": value(window),
        "recorded": recorded if recorded is not None else Count("pk"),
    }
    for i, p in enumerate(scope.periods):
        aggregates[f"p{i}"] = value(
            Q(**{f"{date_field}__range": (p.start, min(p.end, scope.as_of))})
        )
    if baseline is not None:
        aggregates["baseline"] = baseline
    if recorded is None:
        # Every aggregate stops at the as-of date: say so in WHERE too, so the database reads
        # only those rows. Not when `recorded` counts rows without a date (new adopters).
        qs = qs.filter(**{f"{date_field}__lte": scope.as_of})
    row = qs.aggregate(**aggregates)
    return Measured(
        total=_dec(row["total"]),
        series=tuple((p, _dec(row[f"p{i}"])) for i, p in enumerate(scope.periods)),
        baseline=_dec(row["baseline"]) if baseline is not None else None,
        recorded=row["recorded"],
    )


def _count(field: str = "pk", distinct: bool = False) -> Callable[[Q], Count]:
    return lambda q: Count(field, filter=q, distinct=distinct)


def members_of_plan(field: str, scope: Scope) -> Q:
    """Only Members of the plan's organisation on the as-of date count as 'Members'."""
    return Q(**{f"{field}__in": Member.objects.of(scope.organisation, scope.as_of).values("pk")})


def _member_statuses(m: Measure, scope: Scope) -> Measured:
    if is_status_level(m):
        return measure_status_levels([(None, m)], scope)[None]
    # New adopters: Members not there at the plan start, bucketed by the day they got there.
    qs = new_adopters(m, scope)
    any_status = MemberStatus.objects.filter(topic__code=m.get("topic"), effective__lte=scope.as_of)
    # Members that never got there have no date: ask whether the topic has any status.
    return _buckets(
        qs, "reached", _count(), scope, recorded=Count("pk", filter=Q(Exists(any_status)))
    )


def _activities(m: Measure, scope: Scope) -> Measured:
    qs = activity_facts(m, scope.action_id)
    if m.aggregate == "distinct_members":
        qs = qs.filter(members_of_plan("participations__member", scope))
        return _buckets(qs, "start", _count("participations__member", distinct=True), scope)
    return _buckets(qs, "start", _count(), scope)


def _outputs(m: Measure, scope: Scope) -> Measured:
    qs = output_facts(m, scope.action_id)
    if m.aggregate == "distinct_members":
        qs = qs.filter(members_of_plan("members", scope))
        return _buckets(qs, "date", _count("members", distinct=True), scope)
    return _buckets(qs, "date", _count(), scope)


def _agreements(m: Measure, scope: Scope) -> Measured:
    qs = agreement_facts(m)
    # Agreements signed before the plan still stand: everything in force on the date counts,
    # and the level on the plan's first day is the baseline, with the Members of that day.
    day = scope.baseline_day
    if m.aggregate != "distinct_members":
        baseline = Count("pk", filter=Q(signed_on__lte=day))
        return _buckets(qs, "signed_on", _count(), scope, since_plan_start=False, baseline=baseline)
    members_then = Q(members__in=Member.objects.of(scope.organisation, day).values("pk"))
    members_now = members_of_plan("members", scope)
    return _buckets(
        qs.filter(members__isnull=False),
        "signed_on",
        lambda q: Count("members", distinct=True, filter=q & members_now),
        scope,
        since_plan_start=False,
        baseline=Count("members", distinct=True, filter=Q(signed_on__lte=day) & members_then),
    )


def _participations(m: Measure, scope: Scope) -> Measured:
    qs = participation_facts(m, scope.action_id, scope.plan_start)
    # Count a column of the row itself: no join is needed to count it.
    count = _count("activity_id")
    if m.aggregate == "change":
        before = change_baseline(scope.plan_start)
        return _buckets(
            qs,
            "activity__start",
            count,
            scope,
            baseline=count(Q(activity__start__range=(before.start, before.end))),
        )
    if m.aggregate != "share":
        return _buckets(qs, "activity__start", count, scope)
    return _share(qs, "activity__start", participation_part(m), scope, count)


def _share(
    qs: QuerySet[Any],
    date_field: str,
    part: Q,
    scope: Scope,
    count: Callable[[Q], Any] | None = None,
) -> Measured:
    count = count or _count()
    row = qs.filter(
        **{f"{date_field}__gte": scope.plan_start, f"{date_field}__lte": scope.window_end}
    ).aggregate(denominator=count(Q()), numerator=count(part))
    return Measured(
        numerator=_dec(row["numerator"]),
        denominator=_dec(row["denominator"]),
        recorded=row["denominator"],
    )


def _requests(m: Measure, scope: Scope) -> Measured:
    qs = request_facts(m, scope.organisation)
    if m.aggregate == "count":
        return _buckets(qs, "requested_on", _count(), scope)
    static, fulfilled = request_part(m)
    part = Q()
    if fulfilled:
        part &= Q(fulfilled_on__isnull=False, fulfilled_on__lte=scope.as_of)
    if static is not None:
        part &= static
    return _share(qs, "requested_on", part, scope)


def _evaluations(m: Measure, scope: Scope) -> Measured:
    qs = evaluation_facts(m, scope.action_id, scope.plan_start, scope.window_end)
    rows = qs.values("scale_max").annotate(milli=Sum(MILLIPOINTS), n=Sum("responses")).order_by()
    return scores({r["scale_max"]: (r["milli"], r["n"]) for r in rows})


def _milestone(m: Measure, scope: Scope) -> Measured:
    return Measured()


@dataclass(frozen=True)
class Progress:
    """One milestone progress update as the engine reads it."""

    on: datetime.date
    fraction: Decimal
    evidence: str


def milestone_progress(kpi_ids: Sequence[int], as_of: datetime.date) -> dict[int, list[Progress]]:
    """Progress updates up to `as_of` of every milestone KPI in `kpi_ids`, oldest first.

    One query (none for no KPIs). Updates are few per milestone (a handful a year), so they
    are read as rows: the engine needs the dated history for its projection.
    """
    if not kpi_ids:
        return {}
    found: dict[int, list[Progress]] = {}
    rows = (
        MilestoneUpdate.objects.filter(kpi_id__in=kpi_ids, reported_on__lte=as_of)
        .order_by("kpi_id", "reported_on", "pk")
        .values_list(
            "kpi_id", "reported_on", "percent_complete", "steps_done", "steps_total", "evidence"
        )
    )
    for kpi_id, on, percent, done, total, evidence in rows:
        fraction = progress_fraction(percent, done, total)
        found.setdefault(kpi_id, []).append(Progress(on, fraction, evidence))
    return found


_SOURCES: dict[str, Callable[[Measure, Scope], Measured]] = {
    "member_statuses": _member_statuses,
    "activities": _activities,
    "outputs": _outputs,
    "agreements": _agreements,
    "participations": _participations,
    "requests": _requests,
    "evaluations": _evaluations,
    "milestone": _milestone,
}
