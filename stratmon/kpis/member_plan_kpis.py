"""One Member across plans: each plan's Member-count KPIs, evaluated live as of a date, and
whether each counts the Member. Read by the Member profile page and the Member report."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from stratmon.accounts import access
from stratmon.engine.kpi import PeriodResult
from stratmon.facts.member_facts import TopicRow
from stratmon.facts.models import MemberStatus, Topic
from stratmon.plans.models import KPI, Member, Plan

from .live import plan_evaluations
from .member_counts import counted_by_kpi, member_count_kpis
from .services import KpiEvaluation


@dataclass
class KpiRow:
    """A KPI that counts Members, and whether it counts this one."""

    evaluation: KpiEvaluation
    counted: bool
    since: datetime.date | None  # the day it first counts, where known
    topic: Topic | None = None  # for a Member-status KPI
    status: MemberStatus | None = None  # the Member's status in force on that topic
    period: PeriodResult | None = None  # for a frequency target: the period counted
    new_adopters: bool = False  # counts Members that got there within the plan

    @property
    def says_status(self) -> bool:
        """Whether the row adds the Member's status: where "in since" does not already say
        it (not counted, or a new adopter whose day in differs from its status's)."""
        return self.topic is not None and (not self.counted or self.new_adopters)


@dataclass
class PlanKpis:
    plan: Plan
    rows: list[KpiRow]

    @property
    def counted(self) -> int:
        return sum(r.counted for r in self.rows)

    @property
    def on_heatmap(self) -> bool:
        """Whether the plan's heat map shows some of these KPIs (its Member-status ones)."""
        return any(r.topic is not None for r in self.rows)


def member_profile_plans(user: Any, member: Member) -> QuerySet[Plan]:
    """The plans in use that a Member's profile and report show the user: those it reads
    (access.visible_plans) of the organisations it reads the Member through
    (access.member_profile_organisations)."""
    organisations = access.member_profile_organisations(user, member)
    return access.visible_plans(user).current().filter(organisation__in=organisations)


def plan_kpi_rows(
    member: Member,
    plans: Sequence[Plan],
    as_of: datetime.date,
    statuses: Mapping[str, TopicRow],
) -> list[PlanKpis]:
    """For each of `plans` that has Member-count KPIs, those KPIs evaluated as of `as_of`
    (stratmon.kpis.live) and whether each counts `member`; `statuses` are the Member's topic
    rows by topic code. Two queries, then the evaluations' and the counted sets' own."""
    kpis: dict[int, list[KPI]] = {p.pk: [] for p in plans}
    for kpi in member_count_kpis(
        KPI.objects.filter(plan__in=plans).select_related("action", "plan").order_by("order")
    ):
        kpis[kpi.plan_id].append(kpi)
    topic_codes = {k.measure.get("topic") for found in kpis.values() for k in found}
    topics = {t.code: t for t in Topic.objects.filter(code__in=topic_codes)} if topic_codes else {}
    found = []
    for plan in plans:
        if not kpis[plan.pk]:
            continue
        evaluations = plan_evaluations(plan, as_of, kpis[plan.pk])
        counted = counted_by_kpi(plan, evaluations)
        rows = []
        for e in evaluations:
            members = counted.get(e.kpi.pk, {})
            code = e.measure.get("topic") if e.measure else None
            in_force = statuses.get(code) if code else None
            rows.append(
                KpiRow(
                    evaluation=e,
                    counted=member.pk in members,
                    since=members.get(member.pk),
                    topic=topics.get(code) if code else None,
                    status=in_force.current if in_force else None,
                    period=e.result.periods[-1] if e.result.periods else None,
                    new_adopters=bool(e.measure and e.measure.get("new_in_period")),
                )
            )
        found.append(PlanKpis(plan, rows))
    return found
