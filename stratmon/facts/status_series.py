"""Member-status measures on many dates at once, from one read of the topics' histories.

For every date of a `Timeline`, the same `Measured` as `aggregates` gives as of that date:
levels (Members whose status in force is one of the measure's, and the same on the plan's
first day) and new adopters (Members that got there within the plan). A status holds from
its date until the Member's next one on the topic, so each history row counts on a run of
dates found by bisection; Membership dates bound the run. The histories are a few rows per
Member and topic, read in one query, so no date costs a query of its own.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate

from stratmon.engine.periods import Period
from stratmon.planfiles.measures import Measure

from .measure_rows import ONE_DAY, Measured, is_level
from .models import MemberStatus
from .series import Day, Memberships, Timeline

History = list[tuple[Day, str]]  # one Member's statuses on one topic, oldest first


@dataclass(frozen=True)
class StatusItem:
    """One Member-status measure to follow, with its KPI's frequency periods."""

    key: Hashable
    measure: Measure
    periods: tuple[Period, ...] = ()


def status_series(
    items: Sequence[StatusItem], timeline: Timeline, memberships: Memberships
) -> dict[Hashable, list[Measured]]:
    """Every Member-status measure in `items` as of each date of the timeline: one query."""
    if not items:
        return {}
    topics = {item.measure.get("topic") for item in items}
    rows = (
        MemberStatus.objects.filter(topic__code__in=topics, effective__lte=timeline.last)
        .order_by("topic_id", "member_id", "effective")
        .values_list("topic__code", "member_id", "status", "effective")
    )
    histories: dict[str, dict[int, History]] = {}
    for topic, member, status, effective in rows:
        histories.setdefault(topic, {}).setdefault(member, []).append((effective, status))
    levels = _Levels(histories, timeline, memberships)
    found: dict[Hashable, list[Measured]] = {}
    for item in items:
        m = item.measure
        topic, statuses = m.get("topic"), set(m.get("statuses") or ("achieved",))
        if is_level(m):
            found[item.key] = levels.series(topic, statuses)
        else:
            adopters = _Adopters(histories.get(topic, {}), statuses, timeline.plan_start)
            found[item.key] = adopters.series(timeline, memberships, item.periods)
    return found


class _Levels:
    """Members by status in force on each date (and on the plan's first day), per topic."""

    def __init__(
        self,
        histories: dict[str, dict[int, History]],
        timeline: Timeline,
        memberships: Memberships,
    ) -> None:
        self.timeline = timeline
        self.days = sorted({*timeline.dates, timeline.plan_start})
        n = len(self.days)
        changes: dict[tuple[str, str], list[int]] = {}
        for topic, by_member in histories.items():
            for member, history in by_member.items():
                if member not in memberships.spans:
                    continue
                joined, left = memberships.spans[member]
                # The Member counts on days[first:stop]: joined by then and not yet left.
                first = 0 if joined is None else bisect_left(self.days, joined)
                stop = n if left is None else bisect_left(self.days, left)
                for i, (effective, status) in enumerate(history):
                    until = history[i + 1][0] if i + 1 < len(history) else None
                    lo = max(first, bisect_left(self.days, effective))
                    hi = min(stop, n if until is None else bisect_left(self.days, until))
                    if lo < hi:
                        change = changes.setdefault((topic, status), [0] * (n + 1))
                        change[lo] += 1
                        change[hi] -= 1
        # {topic: {status: Members in force on each of the days}}
        self.counts: dict[str, dict[str, list[int]]] = {}
        for (topic, status), change in changes.items():
            self.counts.setdefault(topic, {})[status] = list(accumulate(change))[:n]

    def _members(self, topic: str, statuses: set[str] | None, i: int) -> int:
        by_status = self.counts.get(topic, {}).items()
        return sum(c[i] for status, c in by_status if statuses is None or status in statuses)

    def series(self, topic: str, statuses: set[str]) -> list[Measured]:
        """As `aggregates.measure_status_levels`, on every date."""
        found = []
        for day in self.timeline.dates:
            now = self.days.index(day)
            then = self.days.index(min(self.timeline.plan_start, day))
            found.append(
                Measured(
                    total=Decimal(self._members(topic, statuses, now)),
                    baseline=Decimal(self._members(topic, statuses, then)),
                    recorded=self._members(topic, None, now),
                )
            )
        return found


class _Adopters:
    """Members that reached one of `statuses` within the plan, not holding it on the eve."""

    def __init__(self, by_member: dict[int, History], statuses: set[str], start: Day) -> None:
        eve = start - ONE_DAY
        self.before: set[int] = set()
        self.reached: dict[int, Day] = {}
        firsts = [history[0][0] for history in by_member.values()]
        self.topic_first = min(firsts) if firsts else None  # any status, any Member
        for member, history in by_member.items():
            in_force = [status for effective, status in history if effective <= eve]
            if in_force and in_force[-1] in statuses:
                self.before.add(member)
            self.reached[member] = (
                next((eff for eff, status in history if eff >= start and status in statuses), None)
                or Day.max
            )

    def series(
        self, timeline: Timeline, memberships: Memberships, periods: tuple[Period, ...]
    ) -> list[Measured]:
        """As `aggregates._member_statuses` for new adopters, on every date."""
        found = []
        start = timeline.plan_start
        for day in timeline.dates:
            members = memberships.on(day) - self.before
            reached = [self.reached.get(m, Day.max) for m in members]
            end = timeline.window_end(day)
            series = tuple(
                (p, Decimal(sum(1 for r in reached if p.start <= r <= min(p.end, day))))
                for p in periods
                if p.start <= day
            )
            recorded = self.topic_first is not None and self.topic_first <= day
            found.append(
                Measured(
                    total=Decimal(sum(1 for r in reached if start <= r <= end)),
                    series=series,
                    recorded=len(members) if recorded else 0,
                )
            )
        return found
