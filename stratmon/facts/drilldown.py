"""The records behind a KPI's number ("the records that count"), for a KPI page.

Every function reads counted.py, the definitions the aggregates count with, so the records
listed here are those the number counts: a Member-status count lists every Member of the
organisation, in or not yet; a count of activities, outputs, agreements, participations,
requests or evaluations lists those records; a milestone its progress updates.

Nothing here decides who may see what: the page narrows these querysets with the access
module. Each function costs one query (a list's page: one more to count it).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from stratmon.planfiles.measures import Measure
from stratmon.plans.models import Member

from . import counted
from .aggregates import Scope
from .measure_rows import is_status_level, participation_part
from .models import MemberStatus, MilestoneUpdate, Participation

# The sources whose records are listed, one by one.
RECORD_SOURCES = (
    "activities",
    "participations",
    "evaluations",
    "requests",
    "agreements",
    "outputs",
)


@dataclass(frozen=True)
class MemberRow:
    """One Member of the organisation on the as-of date, for a Member-status count."""

    member: Member
    counts: bool  # "in": its status in force counts (new adopters: it got there in the plan)
    status: str  # its status on the topic in force on the as-of date; "" if none recorded
    effective: datetime.date | None  # the day that status took effect
    evidence: str  # that status's evidence (text, links)
    status_ref: str = ""  # the status record's id
    reached: datetime.date | None = None  # new adopters: the day it got there
    at_start: bool = False  # new adopters: there already before the plan (never counted)


def member_rows(m: Measure, scope: Scope) -> list[MemberRow]:
    """Every Member of the plan's organisation on the as-of date, those that count first,
    then by name. Two queries (three for new adopters), whatever the data."""
    topic = str(m.get("topic"))
    members = list(Member.objects.of(scope.organisation, scope.as_of).order_by("name"))
    in_force = {
        s.member_id: s
        for s in counted.statuses_in_force([topic], scope.organisation, scope.as_of).only(
            "member_id", "status", "effective", "evidence", "ref"
        )
    }
    statuses = counted.counted_statuses(m)
    adopters: dict[int, tuple[bool, datetime.date | None]] = {}
    if not is_status_level(m):
        c = counted.adopters(m, scope)
        adopters = {
            pk: (bool(counts), reached)
            for pk, counts, reached in c.records.annotate(
                counts=_flag(c.window_q(scope))
            ).values_list("pk", "counts", "reached")
        }
    rows = []
    for member in members:
        status: MemberStatus | None = in_force.get(member.pk)
        row = MemberRow(
            member=member,
            counts=status is not None and status.status in statuses,
            status=status.status if status else "",
            effective=status.effective if status else None,
            evidence=status.evidence if status else "",
            status_ref=status.ref if status else "",
        )
        if not is_status_level(m):
            counts, reached = adopters.get(member.pk, (False, None))
            row = replace(row, counts=counts, reached=reached, at_start=member.pk not in adopters)
        rows.append(row)
    return sorted(rows, key=lambda r: not r.counts)


def _counted(m: Measure, scope: Scope) -> counted.Counted:
    return {
        "activities": counted.activities,
        "participations": counted.participations,
        "requests": counted.requests,
        "agreements": counted.agreements,
        "outputs": counted.outputs,
    }[m.source](m, scope)


def _in_window(m: Measure, scope: Scope) -> QuerySet[Any]:
    """The records in the measure's window. Their joins name one row per record (a record's
    activity, the KPI's own action), except a distinct-Members measure's: its Members' join
    repeats a record once per Member, so it is read distinct."""
    if m.source == "evaluations":
        return counted.evaluations(m, scope)
    c = _counted(m, scope)
    if m.aggregate == "change":
        # The year before the plan is the change's baseline: its records are listed too.
        return c.records.filter(**{f"{c.date_field}__lte": scope.window_end})
    found = c.window(scope)
    return found if c.member_field is None else found.distinct()


def counted_records(m: Measure, scope: Scope) -> QuerySet[Any]:
    """The records behind the number, newest first, ready to show (their Members and
    activity joined). A share's records carry `in_part`: whether they are in its numerator;
    activities carry `participants`, their number of participations.

    The window's own queryset, not `pk IN (…)` of it: a plain scan however stale the
    database's statistics (PostgreSQL, right after a bulk load, may think the tables empty
    and nest a self-join once per row)."""
    found = _in_window(m, scope)
    if m.source == "activities":
        participants = (
            Participation.objects.filter(activity=OuterRef("pk"))
            .order_by()
            .values("activity")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            found.select_related("host")
            .annotate(participants=Coalesce(Subquery(participants), 0))
            .order_by("-start", "-pk")
        )
    if m.source == "participations":
        found = found.select_related("activity", "member").order_by("-activity__start", "-pk")
        if m.aggregate == "share":
            found = found.annotate(in_part=_flag(participation_part(m)))
        return found
    if m.source == "evaluations":
        return found.select_related("activity").order_by("-activity__start", "-pk")
    if m.source == "requests":
        found = found.select_related("requested_by", "addressed_to", "activity")
        found = found.order_by("-requested_on", "-pk")
        if m.aggregate == "share":
            found = found.annotate(in_part=_flag(counted.request_part(m, scope)))
        return found
    if m.source == "agreements":
        return found.prefetch_related("members").order_by("-signed_on", "-pk")
    if m.source == "outputs":
        return found.prefetch_related("members").order_by("-date", "-pk")
    raise ValueError(f"{m.source} has no records to list")


def _flag(part: Q) -> ExpressionWrapper:
    # An empty part (no numerator filter) holds for every record.
    return ExpressionWrapper(part if part else Q(pk__isnull=False), output_field=BooleanField())


def counted_members(m: Measure, scope: Scope) -> QuerySet[Member]:
    """The Members a `distinct_members` measure counts, by name (empty for other measures)."""
    c = _counted(m, scope)
    if c.member_field is None:
        return Member.objects.none()
    # The ids first, as a list (at most the organisation's Members): no join of the Members
    # against the window that stale statistics could nest once per row.
    named = set(c.window(scope).values_list(c.member_field, flat=True).distinct())
    found = Member.objects.of(scope.organisation, scope.as_of).filter(pk__in=named)
    return found.order_by("name")


def progress(kpi_id: int, as_of: datetime.date) -> QuerySet[MilestoneUpdate]:
    """A milestone's progress updates reported by the as-of date, newest first."""
    return counted.progress_updates([kpi_id], as_of).order_by("-reported_on", "-pk")
