"""Hand-written SQL baseline: the raw values of every KPI of a plan, one lean query per KPI."""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db import connection

from stratmon.engine import KpiInput, KpiResult, Period, Target, evaluate, parse_target, periods_for
from stratmon.engine.periods import add_months
from stratmon.facts.aggregates import Measured
from stratmon.planfiles.measures import Measure, parse_measure
from stratmon.plans.models import Plan

LEVEL_SOURCES = {"member_statuses", "agreements"}


def _is_level(m: Any) -> bool:
    """Written again here on purpose: the baseline is an independent reference."""
    return m.source in LEVEL_SOURCES and not m.get("new_in_period")


ONE_DAY = datetime.timedelta(days=1)

# Members of an organisation on a date; parameters: organisation id, date, date.
MEMBERS = (
    "SELECT ms.member_id FROM plans_membership ms WHERE ms.organisation_id = %s"
    ' AND (ms.joined IS NULL OR ms.joined <= %s) AND (ms."left" IS NULL OR ms."left" > %s)'
)
TOPIC = "(SELECT t.id FROM facts_topic t WHERE t.code = %s)"
# Each Member's latest status on a topic by a date; parameters: topic, date, topic.
LATEST = (
    "SELECT s.member_id, s.status FROM facts_memberstatus s JOIN ("
    " SELECT member_id, MAX(effective) AS effective FROM facts_memberstatus"
    f" WHERE topic_id = {TOPIC} AND effective <= %s GROUP BY member_id"
    f") l ON l.member_id = s.member_id AND l.effective = s.effective WHERE s.topic_id = {TOPIC}"
)


@dataclass(frozen=True)
class KpiDef:
    id: int
    code: str
    action_id: int
    target_text: str
    deadline: datetime.date
    done_on: datetime.date | None
    measure: Measure | None


@dataclass(frozen=True)
class Raw:
    """What one KPI's SQL returned: the measured values, and the level at the plan start."""

    measured: Measured
    at_start: Decimal | None = None


@lru_cache(maxsize=4096)
def _target(text: str) -> Target:
    return parse_target(text)


def _dec(value: Any) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal(0)


def _date(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def _in(values: Sequence[str]) -> str:
    return "(" + ", ".join("%s" for _ in values) + ")"


def _one(sql: str, params: Sequence[Any]) -> tuple[Any, ...]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return tuple(cur.fetchone())


class PlanBaseline:
    """The plan's KPIs evaluated with hand-written SQL, then the engine."""

    def __init__(self, plan: Plan, as_of: datetime.date) -> None:
        self.plan = plan
        self.as_of = as_of
        self.org = plan.organisation_id
        self.start = plan.period_start
        self.end = plan.period_end
        self.window_end = min(as_of, plan.period_end)

    # -- loading -------------------------------------------------------------------------
    def kpis(self) -> list[KpiDef]:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT id, code, action_id, target_text, deadline, done_on, measure"
                ' FROM plans_kpi WHERE plan_id = %s ORDER BY "order"',
                [self.plan.id],
            )
            rows = cur.fetchall()
        out = []
        for kid, code, action, target, deadline, done_on, raw in rows:
            data = json.loads(raw) if isinstance(raw, str) else raw
            m = parse_measure(data) if data else None
            out.append(KpiDef(kid, code, action, target, _date(deadline), _date(done_on), m))
        return out

    def members(self) -> int:
        return int(
            _one(f"SELECT COUNT(*) FROM ({MEMBERS}) m", [self.org, self.as_of, self.as_of])[0]
        )

    def per_months(self, kpi: KpiDef) -> int | None:
        assert kpi.measure is not None
        target = _target(kpi.target_text)
        return target.per_months or (12 if kpi.measure.aggregate == "change" else None)

    def periods(self, kpi: KpiDef) -> tuple[Period, ...]:
        per_months = self.per_months(kpi)
        if not per_months:
            return ()
        every = periods_for(self.start, self.end, per_months, self.plan.year_start_month)
        return tuple(p for p in every if p.start <= self.as_of)

    # -- per source ----------------------------------------------------------------------
    def raw(self, kpi: KpiDef) -> Raw:
        m = kpi.measure
        assert m is not None
        if m.source == "milestone":
            return Raw(Measured())
        periods = self.periods(kpi)
        return getattr(self, f"_{m.source}")(m, kpi, periods)

    def _bucket_sql(
        self,
        value: str,
        date: str,
        periods: Sequence[Period],
        since_start: bool = True,
        also: str = "",
    ) -> tuple[str, list[Any]]:
        """Aggregates for the window total and each period; rows are already ≤ as_of."""
        also = f"{also} AND " if also else ""
        if since_start:
            cols = [f"{value} FILTER (WHERE {also}{date} >= %s AND {date} <= %s)"]
            params: list[Any] = [self.start, self.window_end]
        else:
            cols = [f"{value} FILTER (WHERE {also}{date} <= %s)"]
            params = [self.window_end]
        for p in periods:
            cols.append(f"{value} FILTER (WHERE {also}{date} >= %s AND {date} <= %s)")
            params += [p.start, min(p.end, self.as_of)]
        return ", ".join(cols), params

    def _measured(self, row: Sequence[Any], periods: Sequence[Period]) -> Measured:
        """Row layout: recorded, total, one value per period."""
        return Measured(
            total=_dec(row[1]),
            series=tuple((p, _dec(v)) for p, v in zip(periods, row[2:], strict=True)),
            recorded=int(row[0]),
        )

    def _member_statuses(self, m: Measure, kpi: KpiDef, periods: Sequence[Period]) -> Raw:
        topic = m.get("topic")
        statuses = m.get("statuses") or ("achieved",)
        if not m.get("new_in_period"):
            at_start = min(self.start, self.as_of)
            count = (
                f"SELECT COUNT(*) FROM ({LATEST}) c WHERE c.status IN {_in(statuses)}"
                f" AND c.member_id IN ({MEMBERS})"
            )
            sql = (
                "SELECT (SELECT COUNT(*) FROM facts_memberstatus"
                f" WHERE topic_id = {TOPIC} AND effective <= %s), ({count}), ({count})"
            )
            params = [topic, self.as_of]
            for day in (self.as_of, at_start):
                params += [topic, day, topic, *statuses, self.org, day, day]
            recorded, total, start_total = _one(sql, params)
            return Raw(Measured(total=_dec(total), recorded=int(recorded)), _dec(start_total))
        # New adopters: Members (on as_of) not at the status on the eve of the plan start,
        # by the first day they reached it since the plan start.
        buckets, bucket_params = self._bucket_sql("COUNT(*)", "f.reached", periods)
        sql = (
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM facts_memberstatus x"
            f" WHERE x.topic_id = {TOPIC} AND x.effective <= %s) THEN COUNT(*) ELSE 0 END,"
            f" {buckets} FROM ({MEMBERS}) m LEFT JOIN ("
            " SELECT member_id, MIN(effective) AS reached FROM facts_memberstatus"
            f" WHERE topic_id = {TOPIC} AND status IN {_in(statuses)}"
            " AND effective >= %s AND effective <= %s GROUP BY member_id"
            ") f ON f.member_id = m.member_id"
            f" WHERE m.member_id NOT IN (SELECT b.member_id FROM ({LATEST}) b"
            f" WHERE b.status IN {_in(statuses)})"
        )
        params = [topic, self.as_of, *bucket_params, self.org, self.as_of, self.as_of]
        params += [topic, *statuses, self.start, self.as_of]
        params += [topic, self.start - ONE_DAY, topic, *statuses]
        return Raw(self._measured(_one(sql, params), periods))

    def _activities(self, m: Measure, kpi: KpiDef, periods: Sequence[Period]) -> Raw:
        if m.aggregate != "count":
            raise NotImplementedError("activities: only count is in the ROCB plan")
        buckets, bucket_params = self._bucket_sql("COUNT(*)", "a.start", periods)
        where = ["a.start <= %s", f"a.status IN {_in(m.get('statuses') or ('held',))}"]
        params: list[Any] = [self.as_of, *(m.get("statuses") or ("held",))]
        if m.get("kinds"):
            where.append(f"a.kind IN {_in(m.get('kinds'))}")
            params += m.get("kinds")
        if m.get("with_partners"):
            where.append(
                "EXISTS (SELECT 1 FROM facts_activity_partners ap WHERE ap.activity_id = a.id)"
            )
        source = "facts_activity a"
        if m.linked:
            source = (
                "facts_activity_actions aa JOIN facts_activity a ON a.id = aa.activity_id"
                " AND aa.action_id = %s"
            )
            params = [kpi.action_id, *params]
        sql = f"SELECT COUNT(*), {buckets} FROM {source} WHERE {' AND '.join(where)}"
        return Raw(self._measured(_one(sql, [*bucket_params, *params]), periods))

    def _outputs(self, m: Measure, kpi: KpiDef, periods: Sequence[Period]) -> Raw:
        source = "facts_output o"
        params: list[Any] = []
        if m.linked:
            source = (
                "facts_output_actions oa JOIN facts_output o ON o.id = oa.output_id"
                " AND oa.action_id = %s"
            )
            params.append(kpi.action_id)
        where = ["o.date <= %s"]
        params.append(self.as_of)
        if m.get("kinds"):
            where.append(f"o.kind IN {_in(m.get('kinds'))}")
            params += m.get("kinds")
        value = "COUNT(*)"
        if m.aggregate == "distinct_members":
            source += " JOIN facts_output_members om ON om.output_id = o.id"
            where.append(f"om.member_id IN ({MEMBERS})")
            params += [self.org, self.as_of, self.as_of]
            value = "COUNT(DISTINCT om.member_id)"
        buckets, bucket_params = self._bucket_sql(value, "o.date", periods)
        sql = f"SELECT COUNT(*), {buckets} FROM {source} WHERE {' AND '.join(where)}"
        return Raw(self._measured(_one(sql, [*bucket_params, *params]), periods))

    def _agreements(self, m: Measure, kpi: KpiDef, periods: Sequence[Period]) -> Raw:
        at_start = min(self.start, self.as_of)
        kinds = m.get("kinds") or ()
        where = f" AND a.kind IN {_in(kinds)}" if kinds else ""
        if m.aggregate == "distinct_members":
            # Members of the plan on as_of count now; Members on the plan start, at the start.
            buckets, bucket_params = self._bucket_sql(
                "COUNT(DISTINCT am.member_id)", "a.signed_on", periods, False, "n.member_id > 0"
            )
            sql = (
                f"SELECT COUNT(n.member_id), {buckets}, COUNT(DISTINCT s.member_id)"
                " FILTER (WHERE a.signed_on <= %s)"
                " FROM facts_agreement a JOIN facts_agreement_members am ON am.agreement_id = a.id"
                f" LEFT JOIN ({MEMBERS}) n ON n.member_id = am.member_id"
                f" LEFT JOIN ({MEMBERS}) s ON s.member_id = am.member_id"
                f" WHERE a.signed_on <= %s{where}"
            )
            params: list[Any] = [*bucket_params, at_start, self.org, self.as_of, self.as_of]
            params += [self.org, at_start, at_start, self.as_of, *kinds]
        else:
            buckets, bucket_params = self._bucket_sql("COUNT(*)", "a.signed_on", periods, False)
            sql = (
                f"SELECT COUNT(*), {buckets}, COUNT(*) FILTER (WHERE a.signed_on <= %s)"
                f" FROM facts_agreement a WHERE a.signed_on <= %s{where}"
            )
            params = [*bucket_params, at_start, self.as_of, *kinds]
        row = _one(sql, params)
        return Raw(self._measured(row[:-1], periods), _dec(row[-1]))

    def _participations(self, m: Measure, kpi: KpiDef, periods: Sequence[Period]) -> Raw:
        where = ["a.status = 'held'"]
        params: list[Any] = []
        if m.get("activity_kinds"):
            where.append(f"a.kind IN {_in(m.get('activity_kinds'))}")
            params += m.get("activity_kinds")
        for key, column in (("genders", "p.gender"), ("roles", "p.role")):
            if m.get(key):
                where.append(f"{column} IN {_in(m.get(key))}")
                params += m.get(key)
        source = "facts_participation p JOIN facts_activity a ON a.id = p.activity_id"
        if m.linked:
            source += (
                " JOIN facts_activity_actions aa ON aa.activity_id = a.id AND aa.action_id = %s"
            )
            params = [kpi.action_id, *params]
        if m.aggregate == "share":
            numerator = dict(m.numerator)
            part, part_params = [], []
            for key, column in (("genders", "p.gender"), ("roles", "p.role")):
                if numerator.get(key):
                    part.append(f"{column} IN {_in(numerator[key])}")
                    part_params += numerator[key]
            sql = (
                f"SELECT COUNT(*), COUNT(*) FILTER (WHERE {' AND '.join(part) or '1 = 1'})"
                f" FROM {source} WHERE {' AND '.join(where)} AND a.start >= %s AND a.start <= %s"
            )
            den, num = _one(sql, [*part_params, *params, self.start, self.window_end])
            return Raw(Measured(numerator=_dec(num), denominator=_dec(den)))
        buckets, bucket_params = self._bucket_sql("COUNT(*)", "a.start", periods)
        if m.aggregate == "change":
            # Growth in the first plan year is against the year before the plan.
            before = self.year_before(kpi)
            buckets += ", COUNT(*) FILTER (WHERE a.start >= %s AND a.start <= %s)"
            bucket_params += [before.start, before.end]
        sql = (
            f"SELECT COUNT(*), {buckets} FROM {source}"
            f" WHERE {' AND '.join(where)} AND a.start <= %s"
        )
        row = _one(sql, [*bucket_params, *params, self.as_of])
        if m.aggregate == "change":
            return Raw(self._measured(row[:-1], periods), _dec(row[-1]))
        return Raw(self._measured(row, periods))

    def year_before(self, kpi: KpiDef) -> Period:
        months = self.per_months(kpi) or 12
        return Period(add_months(self.start, -months), self.start - ONE_DAY)

    def _requests(self, m: Measure, kpi: KpiDef, periods: Sequence[Period]) -> Raw:
        where, params = ["r.requested_on >= %s", "r.requested_on <= %s"], [self.start]
        params.append(self.window_end)
        for key, column in (("kinds", "r.kind"), ("activity_kinds", "r.activity_kind")):
            if m.get(key):
                where.append(f"{column} IN {_in(m.get(key))}")
                params += m.get(key)
        if m.aggregate == "count":
            raise NotImplementedError("requests: only share is in the ROCB plan")
        numerator = dict(m.numerator)
        part, part_params = [], []
        if numerator.get("fulfilled"):
            part.append("r.fulfilled_on IS NOT NULL AND r.fulfilled_on <= %s")
            part_params.append(self.as_of)
        if numerator.get("with_accredited_expert"):
            part.append(
                "r.activity_id IN (SELECT ea.activity_id FROM facts_expertassignment ea"
                " JOIN facts_expert e ON e.id = ea.expert_id"
                " JOIN facts_activity a ON a.id = ea.activity_id"
                " WHERE e.accreditation = 'accredited'"
                " AND (e.accredited_on IS NULL OR e.accredited_on <= a.start)"
                " AND (e.accredited_until IS NULL OR e.accredited_until >= a.start))"
            )
        sql = (
            f"SELECT COUNT(*), COUNT(*) FILTER (WHERE {' AND '.join(part) or '1 = 1'})"
            f" FROM facts_request r WHERE {' AND '.join(where)}"
        )
        den, num = _one(sql, [*part_params, *params])
        return Raw(Measured(numerator=_dec(num), denominator=_dec(den)))

    def _evaluations(self, m: Measure, kpi: KpiDef, periods: Sequence[Period]) -> Raw:
        where = ["a.status = 'held'", "a.start >= %s", "a.start <= %s"]
        params: list[Any] = [self.start, self.window_end]
        if m.get("activity_kinds"):
            where.append(f"a.kind IN {_in(m.get('activity_kinds'))}")
            params += m.get("activity_kinds")
        source = "facts_evaluation e JOIN facts_activity a ON a.id = e.activity_id"
        if m.linked:
            source += (
                " JOIN facts_activity_actions aa ON aa.activity_id = a.id AND aa.action_id = %s"
            )
            params = [kpi.action_id, *params]
        sql = (
            "SELECT SUM(CAST(e.score AS DOUBLE PRECISION) * e.responses"
            " / CAST(e.scale_max AS DOUBLE PRECISION)), SUM(e.responses)"
            f" FROM {source} WHERE {' AND '.join(where)}"
        )
        points, responses = _one(sql, params)
        points_dec = _dec(points).quantize(Decimal("0.000001")).normalize()
        return Raw(Measured(numerator=points_dec, denominator=_dec(responses)))

    # -- the whole plan ------------------------------------------------------------------
    def raw_values(self) -> tuple[list[KpiDef], dict[int, Raw], int]:
        kpis = self.kpis()
        members = self.members()
        raws = {}
        for kpi in kpis:
            m = kpi.measure
            if m is None:
                continue
            if self.as_of < self.start and not _is_level(m):
                raws[kpi.id] = Raw(Measured())
            else:
                raws[kpi.id] = self.raw(kpi)
        return kpis, raws, members

    def evaluate(self) -> list[tuple[str, KpiResult]]:
        """Raw SQL values fed through the same engine call as the ORM path."""
        kpis, raws, members = self.raw_values()
        return [(k.code, self.result(k, raws.get(k.id), members)) for k in kpis]

    def result(self, kpi: KpiDef, raw: Raw | None, members: int) -> KpiResult:
        m = kpi.measure
        if m is None or raw is None:
            return KpiResult(status="no_data", reason="No measure is defined for this KPI yet.")
        target = _target(kpi.target_text)
        periods = self.periods(kpi)
        measured = raw.measured
        if measured.recorded == 0:
            measured = Measured(recorded=0)
        baseline = None
        data_points: tuple[tuple[datetime.date, Decimal], ...] = ()
        if _is_level(m) and measured.total is not None:
            baseline = raw.at_start
            if baseline is not None and self.as_of > self.start:
                data_points = ((self.start, baseline), (self.window_end, measured.total))
        if m.aggregate == "change" and periods and measured.recorded:
            baseline = raw.at_start
        numerator = measured.numerator
        if m.source == "evaluations" and numerator is not None:
            numerator = numerator * (target.out_of or Decimal(5))
        return evaluate(
            KpiInput(
                target=target,
                plan_start=self.start,
                plan_end=self.end,
                deadline=kpi.deadline,
                as_of=self.as_of,
                year_start_month=self.plan.year_start_month,
                baseline=baseline,
                actual=None if periods else measured.total,
                series=measured.series if periods else (),
                numerator=numerator,
                denominator=measured.denominator,
                data_points=data_points,
                done_on=kpi.done_on,
                population=Decimal(members) if target.out_of is not None else None,
            )
        )


def evaluate_plan_sql(plan: Plan, as_of: datetime.date) -> list[tuple[str, KpiResult]]:
    """The baseline counterpart of stratmon.kpis.services.evaluate_plan."""
    return PlanBaseline(plan, as_of).evaluate()
