"""A measure's values on many dates at once: the series behind KPI trends.

`measure_series` gives, for each date of a `Timeline`, the `Measured` that
`aggregates.measure` gives as of that date, value for value, from one query whatever the
number of dates. SQL groups the measure's rows by their date (by Member and date where
Members are counted once, the dates snapped to the few that any window or period can tell
apart); Python adds the groups up for each date, window and period. Member-status measures
are in `status_series`, milestones need no query.
"""

from __future__ import annotations

import datetime
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate
from typing import Any

from django.db.models import Case, Count, IntegerField, QuerySet, Sum, Value, When

from stratmon.engine.periods import Period
from stratmon.planfiles.measures import Measure
from stratmon.plans.models import Membership, Organisation

from .measure_rows import (
    MILLIPOINTS,
    ONE_DAY,
    Measured,
    activity_facts,
    agreement_facts,
    change_baseline,
    evaluation_facts,
    output_facts,
    participation_facts,
    participation_part,
    request_facts,
    request_part,
    scores,
)
from .models import Agreement, Output, Participation

Day = datetime.date


@dataclass(frozen=True)
class Timeline:
    """The plan's window and the dates to measure on, oldest first, all different."""

    organisation: Organisation
    plan_start: Day
    plan_end: Day
    dates: tuple[Day, ...]

    @property
    def last(self) -> Day:
        return self.dates[-1]

    def window_end(self, day: Day) -> Day:
        return min(day, self.plan_end)


class Memberships:
    """Who was a Member of an organisation on any day, from its Memberships read once."""

    def __init__(self, spans: Mapping[int, tuple[Day | None, Day | None]]) -> None:
        self.spans = dict(spans)  # Member id → (joined, left); None: before our records
        self._on: dict[Day, frozenset[int]] = {}

    @classmethod
    def of(cls, organisation: Organisation) -> Memberships:
        """One query."""
        rows = Membership.objects.filter(organisation=organisation).values_list(
            "member_id", "joined", "left"
        )
        return cls({member: (joined, left) for member, joined, left in rows})

    def on(self, day: Day) -> frozenset[int]:
        """The Members on `day`, as `Member.objects.of`: joined by then, not yet left."""
        if day not in self._on:
            self._on[day] = frozenset(
                member
                for member, (joined, left) in self.spans.items()
                if (joined is None or joined <= day) and (left is None or left > day)
            )
        return self._on[day]


@dataclass(frozen=True)
class SeriesScope:
    """What one KPI's series is measured against."""

    timeline: Timeline
    memberships: Memberships
    action_id: int
    periods: tuple[Period, ...] = ()  # the KPI's frequency periods, all of the plan's

    def begun(self, day: Day) -> list[Period]:
        return [p for p in self.periods if p.start <= day]

    def cuts(self) -> list[Day]:
        """Every day that ends a window, a period or a count, or comes before one begins:
        two dates between the same neighbours in this list are counted alike."""
        tl = self.timeline
        days = {*tl.dates, tl.plan_end, tl.plan_start, tl.plan_start - ONE_DAY}
        for p in self.periods:
            days |= {p.start - ONE_DAY, p.end}
        return sorted(d for d in days if d <= tl.last)


@dataclass
class Tally:
    """Numbers by day, summed over any run of days with two bisections."""

    by_day: Mapping[Day, int]
    days: list[Day] = field(init=False)
    sums: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.days = sorted(self.by_day)
        self.sums = list(accumulate((int(self.by_day[d]) for d in self.days), initial=0))

    def total(self, last: Day, first: Day | None = None) -> int:
        """The sum from `first` (or the earliest day) to `last`, both included."""
        hi = bisect_right(self.days, last)
        lo = 0 if first is None else bisect_left(self.days, first)
        return self.sums[hi] - self.sums[lo] if hi > lo else 0

    def first(self, since: Day | None = None) -> Day | None:
        """The first day from `since` on with a number, if any."""
        i = 0 if since is None else bisect_left(self.days, since)
        return self.days[i] if i < len(self.days) else None


def _sums(qs: QuerySet[Any], keys: Sequence[str], **values: Any) -> dict[Any, dict[str, Tally]]:
    """One grouped query: {the other keys' values: {value name: Tally by the first key}}."""
    sums: dict[Any, dict[str, dict[Any, int]]] = {}
    for row in qs.values(*keys).annotate(**values).order_by():
        group = tuple(row[k] for k in keys[1:])
        for name in values:
            by_day = sums.setdefault(group, {}).setdefault(name, {})
            by_day[row[keys[0]]] = by_day.get(row[keys[0]], 0) + int(row[name] or 0)
    return {g: {name: Tally(d) for name, d in named.items()} for g, named in sums.items()}


def _tally(qs: QuerySet[Any], date_field: str, s: SeriesScope) -> Tally:
    """Rows by day up to the last date: what `_buckets` counts, on every date."""
    qs = qs.filter(**{f"{date_field}__lte": s.timeline.last})
    found = _sums(qs, [date_field], n=Count("pk"))
    return found[()]["n"] if found else Tally({})


def _counted(
    tally: Tally,
    s: SeriesScope,
    *,
    since_plan_start: bool = True,
    baseline: Callable[[Day], int] | None = None,
) -> list[Measured]:
    """`aggregates._buckets` on every date: the window so far, each period, all rows so far."""
    tl = s.timeline
    since = tl.plan_start if since_plan_start else None
    return [
        Measured(
            total=Decimal(tally.total(tl.window_end(day), since)),
            series=tuple((p, Decimal(tally.total(min(p.end, day), p.start))) for p in s.begun(day)),
            baseline=None if baseline is None else Decimal(baseline(day)),
            recorded=tally.total(day),
        )
        for day in tl.dates
    ]


def _snapped(date_field: str, cuts: Sequence[Day], lo: int = 0, hi: int | None = None) -> Case:
    """The index of the first of `cuts` on or after the row's date (NULL after the last):
    a balanced CASE, so each row costs a few comparisons however many cuts."""
    hi = len(cuts) if hi is None else hi
    if hi - lo == 1:
        return Case(
            When(**{f"{date_field}__lte": cuts[lo]}, then=Value(lo)),
            default=Value(None),
            output_field=IntegerField(),
        )
    mid = (lo + hi) // 2
    return Case(
        When(**{f"{date_field}__lte": cuts[mid - 1]}, then=_snapped(date_field, cuts, lo, mid)),
        default=_snapped(date_field, cuts, mid, hi),
        output_field=IntegerField(),
    )


def _distinct(
    links: QuerySet[Any],
    date_field: str,
    s: SeriesScope,
    *,
    since_plan_start: bool = True,
    with_baseline: bool = False,
    anyone_recorded: bool = False,
) -> list[Measured]:
    """Members counted once, as `aggregates` counts them, on every date: rows are link rows
    (a Member and a fact) grouped by Member and snapped date. Only Members of the
    organisation on the date count, on the plan's first day for the baseline; `recorded`
    counts the link rows of those Members (of every Member with `anyone_recorded`)."""
    tl = s.timeline
    cuts = s.cuts()
    # Rows after the last date are left out, so every row snaps to a cut.
    qs = links.filter(**{f"{date_field}__lte": tl.last}).annotate(cut=_snapped(date_field, cuts))
    by_member: dict[int, dict[Day, int]] = {}
    for row in qs.values("member_id", "cut").annotate(n=Count("pk")).order_by():
        if row["member_id"] is not None:  # a participant from no Member
            by_member.setdefault(row["member_id"], {})[cuts[row["cut"]]] = row["n"]
    tallies = {member: Tally(by_day) for member, by_day in by_member.items()}
    since = tl.plan_start if since_plan_start else None
    first = {m: t.first(since) for m, t in tallies.items()}
    earliest = {m: t.first() for m, t in tallies.items()}
    by_period = {p: {m: t.first(p.start) for m, t in tallies.items()} for p in s.periods}
    found: list[Measured] = []
    for day in tl.dates:
        members = s.memberships.on(day) & tallies.keys()
        end = tl.window_end(day)
        series = []
        for p in s.begun(day):
            ends = min(p.end, day)
            firsts = by_period[p]
            series.append((p, Decimal(sum(1 for m in members if _by(firsts[m], ends)))))
        baseline = None
        if with_baseline:
            on = min(tl.plan_start, day)
            then = s.memberships.on(on) & tallies.keys()
            baseline = Decimal(sum(1 for m in then if _by(earliest[m], on)))
        counted = tallies.keys() if anyone_recorded else members
        found.append(
            Measured(
                total=Decimal(sum(1 for m in members if _by(first[m], end))),
                series=tuple(series),
                baseline=baseline,
                recorded=sum(tallies[m].total(day) for m in counted),
            )
        )
    return found


def _by(day: Day | None, last: Day) -> bool:
    return day is not None and day <= last


def _shares(
    denominator: Tally, numerator: Callable[[Day, Day], int], s: SeriesScope
) -> list[Measured]:
    """`aggregates._share` on every date: rows from the plan start to the window's end;
    `numerator(day, window_end)` counts the part."""
    tl = s.timeline
    found = []
    for day in tl.dates:
        end = tl.window_end(day)
        total = denominator.total(end, tl.plan_start)
        found.append(
            Measured(
                numerator=Decimal(numerator(day, end)),
                denominator=Decimal(total),
                recorded=total,
            )
        )
    return found


def _activities(m: Measure, s: SeriesScope) -> list[Measured]:
    qs = activity_facts(m, s.action_id)
    if m.aggregate == "distinct_members":
        links = Participation.objects.filter(activity__in=qs)
        return _distinct(links, "activity__start", s)
    return _counted(_tally(qs, "start", s), s)


def _outputs(m: Measure, s: SeriesScope) -> list[Measured]:
    qs = output_facts(m, s.action_id)
    if m.aggregate == "distinct_members":
        return _distinct(Output.members.through.objects.filter(output__in=qs), "output__date", s)
    return _counted(_tally(qs, "date", s), s)


def _agreements(m: Measure, s: SeriesScope) -> list[Measured]:
    qs = agreement_facts(m)
    start = s.timeline.plan_start
    if m.aggregate == "distinct_members":
        links = Agreement.members.through.objects.filter(agreement__in=qs)
        return _distinct(
            links,
            "agreement__signed_on",
            s,
            since_plan_start=False,
            with_baseline=True,
            anyone_recorded=True,
        )
    tally = _tally(qs, "signed_on", s)
    baseline = lambda day: tally.total(min(start, day))  # noqa: E731
    return _counted(tally, s, since_plan_start=False, baseline=baseline)


def _participations(m: Measure, s: SeriesScope) -> list[Measured]:
    tl = s.timeline
    qs = participation_facts(m, s.action_id, tl.plan_start)
    if m.aggregate == "share":
        qs = qs.filter(
            activity__start__gte=tl.plan_start, activity__start__lte=tl.window_end(tl.last)
        )
        part = Count("activity_id", filter=participation_part(m))
        found = _sums(qs, ["activity__start"], every=Count("activity_id"), part=part)
        t = found.get((), {"every": Tally({}), "part": Tally({})})
        return _shares(t["every"], lambda day, end: t["part"].total(end, tl.plan_start), s)
    tally = _tally(qs, "activity__start", s)
    if m.aggregate != "change":
        return _counted(tally, s)
    before = change_baseline(tl.plan_start)
    baseline = lambda day: tally.total(min(before.end, day), before.start)  # noqa: E731
    return _counted(tally, s, baseline=baseline)


def _requests(m: Measure, s: SeriesScope) -> list[Measured]:
    tl = s.timeline
    qs = request_facts(m, tl.organisation)
    if m.aggregate == "count":
        return _counted(_tally(qs, "requested_on", s), s)
    static, fulfilled = request_part(m)
    qs = qs.filter(requested_on__gte=tl.plan_start, requested_on__lte=tl.window_end(tl.last))
    # Grouped by the index of the first trend date on or after the fulfilment (NULL for
    # none by the last date): on that date and after, a fulfilled request is in the part.
    by = _snapped("fulfilled_on", tl.dates) if fulfilled else Value(0)
    qs = qs.annotate(by=by)
    found = _sums(qs, ["requested_on", "by"], every=Count("pk"), part=Count("pk", filter=static))
    every = Tally(_merged(t["every"] for t in found.values()))

    def part(day: Day, end: Day) -> int:
        return sum(
            t["part"].total(end, tl.plan_start)
            for (i,), t in found.items()
            if i is not None and (not fulfilled or tl.dates[i] <= day)
        )

    return _shares(every, part, s)


def _merged(tallies: Iterable[Tally]) -> dict[Day, int]:
    merged: dict[Day, int] = {}
    for t in tallies:
        for day, n in t.by_day.items():
            merged[day] = merged.get(day, 0) + n
    return merged


def _evaluations(m: Measure, s: SeriesScope) -> list[Measured]:
    tl = s.timeline
    qs = evaluation_facts(m, s.action_id, tl.plan_start, tl.window_end(tl.last))
    keys = ["activity__start", "scale_max"]
    found = _sums(qs, keys, milli=Sum(MILLIPOINTS), n=Sum("responses"))
    measured = []
    for day in tl.dates:
        end = tl.window_end(day)
        per_scale = {
            scale: (t["milli"].total(end, tl.plan_start), t["n"].total(end, tl.plan_start))
            for (scale,), t in found.items()
        }
        # A scale with no response in the window is not in the single evaluation's rows.
        measured.append(scores({k: v for k, v in per_scale.items() if v[1]}))
    return measured


def _milestone(m: Measure, s: SeriesScope) -> list[Measured]:
    return [Measured() for _ in s.timeline.dates]


def measure_series(m: Measure, s: SeriesScope) -> list[Measured]:
    """Measure `m` as of each date of the timeline, with one query (milestones: none).

    Member-status measures are not here: `status_series` reads all of a plan's at once.
    """
    return _SOURCES[m.source](m, s)


_SOURCES: dict[str, Callable[[Measure, SeriesScope], list[Measured]]] = {
    "activities": _activities,
    "outputs": _outputs,
    "agreements": _agreements,
    "participations": _participations,
    "requests": _requests,
    "evaluations": _evaluations,
    "milestone": _milestone,
}
