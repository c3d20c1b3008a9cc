"""Which Members a Member-count measure counts: the per-Member side of `aggregates`.

A KPI that counts Members (statuses in force, new adopters, distinct Members of activities,
outputs or agreements) counts a set of Members; the Member profile says "in" or "not yet" for
one of them and the heat map for each. The sets are built from aggregates' own filters, so a
set's size is the KPI's value (tests/facts/test_member_share.py checks it on the sample data).
Each measure costs one query whatever the data; every status level of a plan shares one.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from django.db.models import Min, Q

from stratmon.planfiles.measures import Measure
from stratmon.plans.models import Organisation

from .aggregates import (
    Scope,
    counted_statuses,
    members_of_plan,
    new_adopters,
    statuses_in_force,
)
from .measure_rows import activity_facts, agreement_facts, is_status_level, output_facts

Counted = dict[int, datetime.date | None]  # Member pk → the day it first counts, where known
DISTINCT_SOURCES = ("activities", "outputs", "agreements")


@dataclass(frozen=True)
class InForce:
    """A Member's status on a topic in force on a day, and since when it holds."""

    member_id: int
    topic: str
    status: str
    since: datetime.date


def counts_members(m: Measure) -> bool:
    """Whether measure `m` counts Members, so that each Member is in or not yet."""
    if m.source == "member_statuses":
        return True
    return m.source in DISTINCT_SOURCES and m.aggregate == "distinct_members"


def in_force(topics: set[str], organisation: Organisation, day: datetime.date) -> list[InForce]:
    """The statuses on `topics` in force on `day` of the organisation's Members of that day,
    as a Member-status level counts them; one query."""
    rows = (
        statuses_in_force(topics, organisation, day)
        .order_by()
        .values_list("member_id", "topic__code", "status", "effective")
    )
    return [InForce(*row) for row in rows]


def level_counted(m: Measure, rows: Sequence[InForce]) -> Counted:
    """The Members a status level `m` counts among the statuses in force `rows`."""
    topic, statuses = m.get("topic"), counted_statuses(m)
    return {r.member_id: r.since for r in rows if r.topic == topic and r.status in statuses}


def members_counted(
    items: Sequence[tuple[Hashable, Measure, Scope]],
    rows: Sequence[InForce] | None = None,
) -> dict[Hashable, Counted]:
    """For each Member-count measure (key, measure, scope), the Members its value counts.

    A frequency target's value is that of the last period in `scope.periods` (the current
    one, or the last begun); other measures count over the plan up to the as-of date, and
    levels what is in force on it. Status levels read `rows` when given (the statuses in
    force on their topics, from `in_force`; items must then share one organisation and date)
    and otherwise cost one query per organisation and date; every other measure costs one.
    Measures that do not count Members are left out.
    """
    found: dict[Hashable, Counted] = {}
    levels: dict[tuple[int, datetime.date], list[tuple[Hashable, Measure, Scope]]] = {}
    for key, m, scope in items:
        if is_status_level(m):
            levels.setdefault((scope.organisation.pk, scope.as_of), []).append((key, m, scope))
        elif counts_members(m):
            found[key] = _counted(m, scope)
    for group in levels.values():
        scope = group[0][2]
        topics = {m.get("topic") for _, m, _ in group}
        statuses = rows if rows is not None else in_force(topics, scope.organisation, scope.as_of)
        for key, m, _ in group:
            found[key] = level_counted(m, statuses)
    return found


def _window(m: Measure, scope: Scope) -> tuple[datetime.date | None, datetime.date]:
    """The days whose records make the value: the last period begun for a frequency target,
    else the plan up to the as-of date (up to it from any day for agreements, a level)."""
    if scope.periods:
        last = scope.periods[-1]
        return last.start, min(last.end, scope.as_of)
    start = None if m.source == "agreements" else scope.plan_start
    return start, scope.window_end


def _between(field: str, start: datetime.date | None, end: datetime.date) -> Q:
    q = Q(**{f"{field}__lte": end})
    return q & Q(**{f"{field}__gte": start}) if start else q


def _counted(m: Measure, scope: Scope) -> Counted:
    """One query: the Members a new-adopter or distinct-Members measure counts, each with
    the first day it counts in the window."""
    start, end = _window(m, scope)
    if m.source == "member_statuses":
        found = new_adopters(m, scope).filter(_between("reached", start, end))
        return dict(found.values_list("pk", "reached"))
    if m.source == "activities":
        # One filter() for the Member and the dates, so both read the same participation.
        activities = activity_facts(m, scope.action_id).filter(
            _between("start", start, end) & members_of_plan("participations__member", scope)
        )
        rows = activities.values("participations__member").annotate(first=Min("start"))
        return {r["participations__member"]: r["first"] for r in rows.order_by()}
    if m.source == "outputs":
        outputs = output_facts(m, scope.action_id).filter(
            _between("date", start, end) & members_of_plan("members", scope)
        )
        rows = outputs.values("members").annotate(first=Min("date"))
        return {r["members"]: r["first"] for r in rows.order_by()}
    agreements = agreement_facts(m).filter(
        _between("signed_on", start, end) & members_of_plan("members", scope)
    )
    rows = agreements.values("members").annotate(first=Min("signed_on"))
    return {r["members"]: r["first"] for r in rows.order_by()}
