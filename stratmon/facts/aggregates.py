"""Turn KPI measures into SQL aggregates over the recorded facts.

A measure costs one query whatever the number of fact rows: per-period values and the
baseline come from conditional aggregates (COUNT … FILTER (WHERE …)) in the same statement,
and the date window is also in WHERE so the database reads only the rows it needs. The
Member-status levels of a whole plan share one grouped query (`measure_status_levels`).
Which records count is defined once, in counted.py, which the drill-down reads too.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, FloatField, Q, Sum
from django.db.models.functions import Cast

from stratmon.engine.milestones import progress_fraction
from stratmon.engine.periods import Period
from stratmon.planfiles.measures import Measure
from stratmon.plans.models import Member, Organisation

from . import counted


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


@dataclass(frozen=True)
class Measured:
    """Raw values for the engine: a total, per-period values, or a numerator and denominator."""

    total: Decimal | None = None
    series: tuple[tuple[Period, Decimal], ...] = ()
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    # The level at the plan start (Member statuses, agreements), or the count in the 12
    # months before the plan (a change); None when the measure has no baseline.
    baseline: Decimal | None = None
    # Whether anything of the measured kind is recorded by the as-of date, whatever its
    # value (a count, or a count of joined rows): zero means "no data", not a zero.
    recorded: int | None = None


def is_level(m: Measure) -> bool:
    """A level: what is in force on the date, whenever it began (Member statuses, agreements).

    A level has a value before the plan starts, and its value on the plan's first day is its
    baseline. New adopters (`new_in_period`) are counted within the plan instead.
    """
    return m.source in ("member_statuses", "agreements") and not m.get("new_in_period")


def is_status_level(m: Measure) -> bool:
    """Member-status levels: all of a plan's are evaluated together."""
    return m.source == "member_statuses" and is_level(m)


def measure(m: Measure, scope: Scope) -> Measured:
    """Evaluate measure `m` in `scope` with one SQL query (milestones need none)."""
    return _SOURCES[m.source](m, scope)


def _dec(value: Any) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal(0)


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
        topic, statuses = m.get("topic"), set(counted.counted_statuses(m))
        on_topic = now.get(topic, {})
        results[key] = Measured(
            total=Decimal(sum(n for s, n in on_topic.items() if s in statuses)),
            baseline=Decimal(sum(n for s, n in then.get(topic, {}).items() if s in statuses)),
            recorded=sum(on_topic.values()),
        )
    return results


def _statuses_in_force(
    topics: set[str], organisation: Organisation, day: datetime.date
) -> dict[str, dict[str, int]]:
    """{topic: {status: Members}} for the statuses in force on `day` of the day's Members."""
    rows = (
        counted.statuses_in_force(topics, organisation, day)
        .values("topic__code", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found: dict[str, dict[str, int]] = {}
    for row in rows:
        found.setdefault(row["topic__code"], {})[row["status"]] = row["n"]
    return found


def _buckets(
    c: counted.Counted,
    value: Callable[[Q], Any],
    scope: Scope,
    *,
    baseline: Any = None,
    recorded: Any = None,
) -> Measured:
    """One query: the value over the window so far, per frequency period, and a baseline.

    `value(q)` builds the aggregate expression restricted by `q`; `baseline` is the
    baseline's own aggregate expression; `recorded` replaces the default count of rows.
    """
    aggregates: dict[str, Any] = {
        "total": value(c.window_q(scope)),
        "recorded": recorded if recorded is not None else Count("pk"),
    }
    for i, p in enumerate(scope.periods):
        aggregates[f"p{i}"] = value(c.in_period(p, scope))
    if baseline is not None:
        aggregates["baseline"] = baseline
    qs = c.records
    if recorded is None:
        # Every aggregate stops at the as-of date: say so in WHERE too, so the database reads
        # only those rows. Not when `recorded` counts rows without a date (new adopters).
        qs = qs.filter(**{f"{c.date_field}__lte": scope.as_of})
    row = qs.aggregate(**aggregates)
    return Measured(
        total=_dec(row["total"]),
        series=tuple((p, _dec(row[f"p{i}"])) for i, p in enumerate(scope.periods)),
        baseline=_dec(row["baseline"]) if baseline is not None else None,
        recorded=row["recorded"],
    )


def _count(field: str = "pk", distinct: bool = False) -> Callable[[Q], Count]:
    return lambda q: Count(field, filter=q, distinct=distinct)


def _member_statuses(m: Measure, scope: Scope) -> Measured:
    if is_status_level(m):
        return measure_status_levels([(None, m)], scope)[None]
    # New adopters, bucketed by the day they got there. Members that never got there have
    # no date: ask whether the topic has any status.
    recorded = Count("pk", filter=Q(Exists(counted.any_status(m, scope))))
    return _buckets(counted.adopters(m, scope), _count(), scope, recorded=recorded)


def _counted(c: counted.Counted, scope: Scope) -> Measured:
    """A count of the records, or of the distinct Members they name."""
    if c.member_field is None:
        return _buckets(c, _count(), scope)
    return _buckets(c, _count(c.member_field, distinct=True), scope)


def _activities(m: Measure, scope: Scope) -> Measured:
    return _counted(counted.activities(m, scope), scope)


def _outputs(m: Measure, scope: Scope) -> Measured:
    return _counted(counted.outputs(m, scope), scope)


def _agreements(m: Measure, scope: Scope) -> Measured:
    c = counted.agreements(m, scope)
    # Agreements signed before the plan still stand: everything in force on the date counts,
    # and the level on the plan's first day is the baseline, with the Members of that day.
    day = scope.baseline_day
    if c.member_field is None:
        baseline = Count("pk", filter=Q(signed_on__lte=day))
        return _buckets(c, _count(), scope, baseline=baseline)
    members_then = Q(members__in=Member.objects.of(scope.organisation, day).values("pk"))
    members_now = counted.members_of_plan("members", scope)
    return _buckets(
        c,
        lambda q: Count("members", distinct=True, filter=q & members_now),
        scope,
        baseline=Count("members", distinct=True, filter=Q(signed_on__lte=day) & members_then),
    )


def _participations(m: Measure, scope: Scope) -> Measured:
    c = counted.participations(m, scope)
    # Count a column of the row itself: no join is needed to count it.
    count = _count("activity_id")
    if m.aggregate == "change":
        # Growth in the first plan year is measured against the 12 months before the plan.
        before = counted.year_before(scope)
        return _buckets(
            c,
            count,
            scope,
            baseline=count(Q(activity__start__range=(before.start, before.end))),
        )
    if m.aggregate != "share":
        return _buckets(c, count, scope)
    return _share(c, counted.participation_part(m), scope, count)


def _share(
    c: counted.Counted,
    part: Q,
    scope: Scope,
    count: Callable[[Q], Any] | None = None,
) -> Measured:
    count = count or _count()
    row = c.window(scope).aggregate(denominator=count(Q()), numerator=count(part))
    return Measured(
        numerator=_dec(row["numerator"]),
        denominator=_dec(row["denominator"]),
        recorded=row["denominator"],
    )


def _requests(m: Measure, scope: Scope) -> Measured:
    c = counted.requests(m, scope)
    if m.aggregate == "count":
        return _buckets(c, _count(), scope)
    return _share(c, counted.request_part(m, scope), scope)


def _evaluations(m: Measure, scope: Scope) -> Measured:
    # Scores on other scales are brought to a 0..1 fraction of their scale; the caller
    # multiplies by the target's scale (4 out of 5). Aggregates weigh by responses.
    # SQLite divides integers as integers: compute in floating point, round on the way back.
    weighted = Cast("score", FloatField()) * F("responses") / Cast("scale_max", FloatField())
    row = counted.evaluations(m, scope).aggregate(points=Sum(weighted), responses=Sum("responses"))
    points = _dec(row["points"]).quantize(Decimal("0.000001"))
    responses = _dec(row["responses"])
    return Measured(numerator=points.normalize(), denominator=responses, recorded=int(responses))


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
        counted.progress_updates(kpi_ids, as_of)
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
