"""Build one Member's report model from the recorded facts, as of a date."""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from typing import Any

from stratmon.charts.participants import participants_chart
from stratmon.facts.member_facts import (
    Requests,
    TopicRow,
    activity_counts,
    member_activities,
    member_requests,
    participant_counts,
    topic_rows,
)
from stratmon.kpis.member_plan_kpis import KpiRow, PlanKpis, plan_kpi_rows
from stratmon.plans.models import Member, Plan

from .member_model import MemberPlan, MemberReport

# The latest activities and requests a report lists (every one is counted).
ACTIVITIES_LISTED = 50
REQUESTS_LISTED = 25


def member_plans(member: Member) -> list[Plan]:
    """The plans in use, confirmed, of every organisation the Member belongs or belonged to:
    what the command-line report covers (a web download covers what its user reads)."""
    return list(
        Plan.objects.current()
        .exclude(status=Plan.Status.DRAFT)
        .filter(organisation__memberships__member=member)
        .distinct()
        .select_related("organisation")
        .order_by("organisation__code", "-period_start", "code")
    )


def build_member_report(
    member: Member, as_of: datetime.date, plans: Sequence[Plan] | None = None
) -> MemberReport:
    """`member`'s report as of `as_of`, over `plans` (default: `member_plans`); plans that
    count no Member are left out. Evaluations come from stratmon.kpis.live."""
    if plans is None:
        plans = member_plans(member)
    topics = topic_rows(member, as_of)
    kpis = plan_kpi_rows(member, plans, as_of, {row.topic.code: row for row in topics})
    counts = participant_counts(member, as_of)
    chart = (
        participants_chart(counts, f"{member.name}'s participants by role and gender")
        if counts
        else None
    )
    memberships = member.memberships.select_related("organisation").order_by("organisation__code")
    data = MemberReport(
        name=member.name,
        iso3=member.iso3,
        kind=member.get_kind_display(),
        as_of=as_of,
        memberships=[
            {
                "organisation": m.organisation.short_name,
                "code": m.organisation.code,
                "subregion": m.subregion,
                "joined": _iso(m.joined),
                "left": _iso(m.left),
                "current": (m.joined is None or m.joined <= as_of)
                and (m.left is None or m.left > as_of),
            }
            for m in memberships
        ],
        topics=[_topic(row) for row in topics],
        plans=[_plan(p) for p in kpis],
        activity_counts=activity_counts(member, as_of),
        activities=[
            {
                "ref": a.ref,
                "title": a.title,
                "kind": a.kind,
                "status": a.status,
                "start": a.start.isoformat(),
                "end": a.end.isoformat(),
                "place": a.place,
                "hosted": a.host_id == member.pk,
                "people": a.ours,
            }
            for a in member_activities(member, as_of)[:ACTIVITIES_LISTED]
        ],
        participants=[
            {"role": role, "gender": gender, "people": n}
            for (role, gender), n in sorted(counts.items())
        ],
        requests=_requests(member, as_of, member_requests(member, as_of, REQUESTS_LISTED)),
        participants_chart=(
            {"spec": chart.spec, "caption": chart.caption, "columns": chart.columns,
             "rows": chart.rows}
            if chart
            else None
        ),
    )  # fmt: skip
    # Kept as JSON (to_data): anything that is not JSON becomes text now, not when stored.
    return MemberReport.from_data(json.loads(json.dumps(data.to_data(), default=str)))


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _topic(row: TopicRow) -> dict[str, Any]:
    return {
        "topic": row.topic.code,
        "name": row.topic.name,
        "status": row.current.status,
        "effective": row.current.effective.isoformat(),
        "evidence": row.current.evidence,
        "earlier": [
            {"status": s.status, "effective": s.effective.isoformat()} for s in row.earlier
        ],
    }


def _plan(found: PlanKpis) -> MemberPlan:
    return MemberPlan(
        organisation=found.plan.organisation.short_name,
        plan=found.plan.code,
        title=found.plan.title,
        version=found.plan.version,
        kpis=[_kpi(row) for row in found.rows],
    )


def _kpi(row: KpiRow) -> dict[str, Any]:
    data = row.evaluation.to_json()
    for internal in ("origin", "measure", "evidence"):
        data.pop(internal, None)
    data.update(
        target_text=row.evaluation.kpi.target_text,
        topic=row.topic.name if row.topic else None,
        new_adopters=row.new_adopters,
        counted=row.counted,
        since=_iso(row.since),
        member_status=row.status.status if row.status else None,
        member_status_since=_iso(row.status.effective) if row.status else None,
        period_start=_iso(row.period.start) if row.period else None,
        period_end=_iso(row.period.end) if row.period else None,
    )
    return data


def _requests(member: Member, as_of: datetime.date, found: Requests) -> dict[str, Any]:
    recent = []
    for r in found.recent:
        made = r.requested_by_id == member.pk
        other = r.addressed_to if made else r.requested_by
        recent.append(
            {
                "requested_on": r.requested_on.isoformat(),
                "subject": r.subject,
                "direction": "made" if made else "received",
                "other": other.name if other else "",
                # Answered later than the as-of date: not yet, as the report tells it.
                "fulfilled_on": _iso(r.fulfilled_on)
                if r.fulfilled_on and r.fulfilled_on <= as_of
                else None,
            }
        )
    return {
        "made": found.made,
        "made_answered": found.made_answered,
        "received": found.received,
        "received_answered": found.received_answered,
        "recent": recent,
    }
