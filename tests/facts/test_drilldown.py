"""The drill-down lists exactly the records the KPI's number counts, on the sample data, for
every KPI of both plans: counts, per-period counts, distinct Members, shares and means."""

import datetime
from decimal import Decimal

import pytest

from stratmon.facts import drilldown, sample
from stratmon.facts.aggregates import Scope
from stratmon.facts.models import MilestoneUpdate
from stratmon.kpis.services import evaluate_plan
from stratmon.plans.models import KPI, Plan

pytestmark = pytest.mark.django_db

D = datetime.date
DATES = (D(2022, 6, 30), D(2023, 3, 31), D(2023, 6, 30), D(2024, 6, 30), D(2026, 11, 22))
RECORD_DATE = {
    "activities": lambda r: r.start,
    "participations": lambda r: r.activity.start,
    "evaluations": lambda r: r.activity.start,
    "requests": lambda r: r.requested_on,
    "agreements": lambda r: r.signed_on,
    "outputs": lambda r: r.date,
}


@pytest.fixture
def sampled(builtin):
    sample.load_sample(D(2026, 11, 22))


def scope_of(plan, kpi, as_of):
    return Scope(
        organisation=plan.organisation,
        action_id=kpi.action_id,
        plan_start=plan.period_start,
        plan_end=plan.period_end,
        as_of=as_of,
    )


def evaluations():
    for plan in Plan.objects.select_related("organisation"):
        for as_of in DATES:
            for e in evaluate_plan(plan, as_of):
                if e.measure is not None:
                    yield plan, as_of, e


def test_every_count_lists_as_many_records_as_it_counts(sampled):
    checked = 0
    for plan, as_of, e in evaluations():
        m, measured, where = e.measure, e.measured, f"{plan.code} {e.kpi.code} as of {as_of}"
        scope = scope_of(plan, e.kpi, as_of)
        # Nothing recorded (no data), or before the plan starts (nothing measured): zero.
        total = 0 if measured is None or measured.recorded == 0 else (measured.total or 0)
        if m.source == "member_statuses":
            rows = drilldown.member_rows(m, scope)
            assert len(rows) == e.members, where
            got = sum(r.counts for r in rows)
            assert got == total, where
            if m.get("new_in_period"):
                assert all(r.reached is not None for r in rows if r.counts), where
            else:
                assert all(
                    r.status in (m.get("statuses") or ("achieved",)) for r in rows if r.counts
                ), where
        elif m.aggregate == "distinct_members":
            got = drilldown.counted_members(m, scope).count()
            assert got == total, where
        elif m.aggregate == "count":
            records = list(drilldown.counted_records(m, scope))
            assert len(records) == total, where
            assert len({r.pk for r in records}) == len(records), where
            for period, value in measured.series:
                inside = [
                    r
                    for r in records
                    if period.start <= RECORD_DATE[m.source](r) <= min(period.end, as_of)
                ]
                assert len(inside) == value, f"{where} {period}"
            if not e.result.periods and e.result.actual is not None:
                assert e.result.actual == len(records), where
        else:
            continue
        checked += 1
    # The 55 counts of the ROCB plan (all but 2 shares, a mean and a change) and the 2 of
    # the OCO plan (the others are milestones), on five dates.
    assert checked == (55 + 2) * len(DATES)


def test_a_frequency_kpi_lists_the_records_of_each_period(sampled):
    plan = Plan.objects.get(code="rocb-ap-sap-2022-2024")
    (e,) = evaluate_plan(plan, D(2024, 6, 30), [KPI.objects.get(plan=plan, code="1.hh")])
    records = list(drilldown.counted_records(e.measure, scope_of(plan, e.kpi, D(2024, 6, 30))))
    per_year = [p.actual for p in e.result.periods]
    assert per_year == [Decimal(3), Decimal(3)]
    assert len(records) == sum(per_year)
    assert [r.start for r in records] == sorted((r.start for r in records), reverse=True)


def test_a_share_marks_the_records_of_its_part(sampled):
    checked = 0
    for plan, as_of, e in evaluations():
        if e.measure.aggregate != "share" or not e.measured or not e.measured.recorded:
            continue
        records = list(drilldown.counted_records(e.measure, scope_of(plan, e.kpi, as_of)))
        where = f"{plan.code} {e.kpi.code} as of {as_of}"
        assert len(records) == e.measured.denominator, where
        assert sum(r.in_part for r in records) == e.measured.numerator, where
        checked += 1
    assert checked >= 6


def test_a_mean_lists_the_scores_it_averages(sampled):
    plan = Plan.objects.get(code="rocb-ap-sap-2022-2024")
    kpi = KPI.objects.get(plan=plan, code="3.h")
    (e,) = evaluate_plan(plan, D(2024, 6, 30), [kpi])
    records = list(drilldown.counted_records(e.measure, scope_of(plan, kpi, D(2024, 6, 30))))
    responses = sum(r.responses for r in records)
    mean = sum(r.score / r.scale_max * r.responses for r in records) / responses * 5
    assert responses == e.measured.denominator
    assert abs(mean - e.result.actual) < Decimal("0.001")


def test_a_change_lists_the_year_before_the_plan_too(sampled):
    plan = Plan.objects.get(code="rocb-ap-sap-2022-2024")
    kpi = KPI.objects.get(plan=plan, code="3.e.2")
    (e,) = evaluate_plan(plan, D(2024, 6, 30), [kpi])
    records = list(drilldown.counted_records(e.measure, scope_of(plan, kpi, D(2024, 6, 30))))
    before = [r for r in records if r.activity.start < plan.period_start]
    assert len(before) == e.measured.baseline > 0
    assert len(records) == e.measured.baseline + sum(v for _, v in e.measured.series)
    assert all(r.gender == "female" and r.role == "head_of_delegation" for r in records)


def test_new_adopters_are_in_not_yet_or_there_at_the_start(sampled):
    plan = Plan.objects.get(code="rocb-ap-sap-2022-2024")
    kpi = KPI.objects.get(plan=plan, code="1.i.2")
    (e,) = evaluate_plan(plan, D(2024, 6, 30), [kpi])
    rows = drilldown.member_rows(e.measure, scope_of(plan, kpi, D(2024, 6, 30)))
    counted = [r for r in rows if r.counts]
    assert len(counted) == e.result.actual
    assert rows[: len(counted)] == counted  # those that count come first
    assert all(plan.period_start <= r.reached <= D(2024, 6, 30) for r in counted)
    assert any(r.at_start for r in rows) and not any(r.at_start and r.counts for r in rows)


def test_a_milestone_lists_its_progress_updates_up_to_the_date(sampled):
    updates = MilestoneUpdate.objects.order_by("reported_on")
    first = updates.first()
    assert first is not None
    shown = list(drilldown.progress(first.kpi_id, first.reported_on))
    assert first in shown
    assert all(u.reported_on <= first.reported_on for u in shown)
    assert [u.reported_on for u in shown] == sorted((u.reported_on for u in shown), reverse=True)
