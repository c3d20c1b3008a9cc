"""KPI trends from SQL series equal evaluating the plan afresh on every trend date."""

import datetime
from decimal import Decimal

import pytest

from bench.generate import SEED, generate
from stratmon.facts import sample
from stratmon.facts.measure_rows import scores
from stratmon.facts.models import MilestoneUpdate, Request
from stratmon.kpis.services import evaluate_plan
from stratmon.kpis.trend import plan_dates, plan_trends, plan_trends_by_date
from stratmon.plans.models import KPI, Member, Membership, Organisation, Plan

D = datetime.date
pytestmark = pytest.mark.django_db
ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"
SAMPLE_DAY = D(2026, 11, 22)
# Before the plans start, mid-month, a month end, ROCB's last day, after it, OCO's last day.
AS_OF = [
    D(2022, 5, 15),
    D(2022, 7, 1),
    D(2023, 10, 15),
    D(2023, 12, 31),
    D(2024, 6, 30),
    D(2025, 3, 3),
    D(2027, 6, 30),
]

# Every source, aggregate and filter, on frequency and total targets: set on ROCB's first
# KPIs so that the plan holds each at least once.
VARIANTS = [
    ("At least 5 Members per year", {"source": "activities", "aggregate": "distinct_members"}),
    (
        "At least 3 Members per quarter",
        {"source": "activities", "aggregate": "distinct_members", "linked": False},
    ),
    ("At least once per quarter", {"source": "activities", "kinds": ["workshop", "training"]}),
    (
        "At least once every 2 years",
        {"source": "activities", "with_partners": True, "statuses": ["planned", "held"]},
    ),
    ("At least 10 success stories", {"source": "outputs", "linked": False}),
    (
        "At least 5 Members per year",
        {"source": "outputs", "aggregate": "distinct_members", "linked": False},
    ),
    ("At least 27/33 Members", {"source": "outputs", "aggregate": "distinct_members"}),
    ("At least 28 MRA", {"source": "agreements"}),
    ("At most 40 per quarter", {"source": "agreements", "kinds": ["aeo_mra", "mou"]}),
    ("At least 5 Members per year", {"source": "agreements", "aggregate": "distinct_members"}),
    ("At least 27/33 Members", {"source": "agreements", "aggregate": "distinct_members"}),
    (
        "At least 25% of the participations",
        {
            "source": "participations",
            "aggregate": "share",
            "numerator": {"genders": ["female"], "roles": ["head_of_delegation"]},
        },
    ),
    ("At least twice per year", {"source": "participations", "roles": ["head_of_delegation"]}),
    (
        "At least 20% annual growth of female Head of delegation at international forums",
        {"source": "participations", "aggregate": "change", "genders": ["female"]},
    ),
    ("At least 20% growth of participations", {"source": "participations", "aggregate": "change"}),
    (
        "Meet at least 75% of the ROCB requests",
        {"source": "requests", "kinds": ["contribution"], "numerator": {"fulfilled": True}},
    ),
    (
        "Use of accredited experts for at least one half of the requested missions",
        {"source": "requests", "numerator": {"fulfilled": True, "with_accredited_expert": True}},
    ),
    (
        "Use of accredited experts for at least one half of the requested missions",
        {"source": "requests", "numerator": {"with_accredited_expert": True}},
    ),
    ("At least twice per year", {"source": "requests", "aggregate": "count"}),
    ("At least average of 4 out of 5", {"source": "evaluations", "linked": False}),
    ("At least average of 8 out of 10", {"source": "evaluations", "activity_kinds": ["workshop"]}),
    (
        "At least 27/33 Members",
        {"source": "member_statuses", "topic": "rkc", "statuses": ["in_progress", "achieved"]},
    ),
    ("At least 5 Members per year", {"source": "member_statuses", "topic": "trs"}),
    ("At least 2 Members", {"source": "member_statuses", "topic": "integrity"}),
    (
        "At least 5 Members per year",
        {"source": "member_statuses", "topic": "aeo", "new_in_period": True},
    ),
    (
        "6 new contracting parties",
        {
            "source": "member_statuses",
            "topic": "tfa",
            "new_in_period": True,
            "statuses": ["planned", "in_progress"],
        },
    ),
    ("Develop a Gender Equality Plan for Customs", {"source": "milestone"}),
    ("Once a year", {}),
]


def plan_of(code: str) -> Plan:
    return Plan.objects.select_related("organisation").get(code=code)


def kpis_of(plan: Plan) -> list[KPI]:
    return list(plan.kpis.select_related("action", "plan").order_by("order"))


def assert_same_trends(plan: Plan, *as_of: datetime.date) -> dict:
    """plan_trends equals plan_trends_by_date, every field of every evaluation, up to each
    of `as_of`; returns the last trend. The reference is plan_trends_by_date for the first
    date, then evaluate_plan on each trend date as it does, once per distinct date."""
    kpis = kpis_of(plan)
    reference: dict[datetime.date, list] = {}
    for n, until in enumerate(as_of):
        fast = plan_trends(plan, until, kpis)
        dates = plan_dates(plan, until)
        if n == 0:
            by_date = plan_trends_by_date(plan, until, kpis)
            for i, day in enumerate(dates):
                reference[day] = [by_date[k.pk][i] for k in kpis]
        for day in dates:
            if day not in reference:
                reference[day] = evaluate_plan(plan, day, kpis)
        assert list(fast) == [k.pk for k in kpis]
        for k, kpi in enumerate(kpis):
            assert [e.as_of for e in fast[kpi.pk]] == dates
            for g, day in zip(fast[kpi.pk], dates, strict=True):
                w = reference[day][k]
                where = f"{plan.code} {kpi.code} as of {day} (trend to {until})"
                assert repr(g.measured) == repr(w.measured), where
                assert (g.members, g.evidence) == (w.members, w.evidence), where
                assert g.to_json() == w.to_json(), where
                assert g == w, where
    return fast


def set_variants(plan: Plan) -> list[KPI]:
    """Give ROCB's first KPIs the measures of VARIANTS; milestone progress for the milestone."""
    kpis = kpis_of(plan)[: len(VARIANTS)]
    for kpi, (target, measure) in zip(kpis, VARIANTS, strict=True):
        kpi.target_text, kpi.measure = target, measure
        kpi.save(update_fields=["target_text", "measure"])
    milestone = kpis[[m.get("source") for _, m in VARIANTS].index("milestone")]
    for n, (day, percent) in enumerate([(D(2022, 9, 30), 20), (D(2023, 8, 1), 60)]):
        MilestoneUpdate.objects.create(
            ref=f"MU-T-{n}", kpi=milestone, reported_on=day, percent_complete=percent
        )
    MilestoneUpdate.objects.create(
        ref="MU-T-done",
        kpi=milestone,
        reported_on=D(2024, 2, 14),
        percent_complete=100,
        evidence="https://example.org/plan.pdf",
    )
    return kpis


def change_memberships() -> None:
    """Members leave and join the organisation during the plan; one that was never in it
    joins for a while."""
    rocb = Organisation.objects.get(code="rocb-ap")
    members = Membership.objects.filter(organisation=rocb).order_by("member__iso3")
    first, second, third = members[0], members[1], members[2]
    Membership.objects.filter(pk=first.pk).update(left=D(2023, 3, 15))
    Membership.objects.filter(pk=second.pk).update(joined=D(2023, 1, 10))
    Membership.objects.filter(pk=third.pk).update(joined=D(2021, 5, 1), left=D(2024, 1, 31))
    outsider = Member.objects.exclude(memberships__organisation=rocb).order_by("iso3").first()
    Membership.objects.create(
        organisation=rocb, member=outsider, joined=D(2023, 5, 20), left=D(2024, 2, 1)
    )


def spread_requests() -> None:
    """A third of the sample's requests asked of OCO, a third naming no organisation: only
    WCO A/P's and the unnamed count in its plan."""
    oco = Organisation.objects.get(code="oco")
    pks = list(Request.objects.order_by("pk").values_list("pk", flat=True))
    Request.objects.filter(pk__in=pks[::3]).update(organisation=oco)
    Request.objects.filter(pk__in=pks[1::3]).update(organisation=None)


@pytest.mark.parametrize("code", [ROCB, OCO])
def test_trends_equal_evaluating_every_date_on_the_sample_data(builtin, code):
    sample.load_sample(SAMPLE_DAY)
    plan = plan_of(code)
    trend = assert_same_trends(plan, SAMPLE_DAY, *AS_OF, datetime.date.today(), D(2024, 6, 30))
    # Not a vacuous equality: the sample moves KPIs between statuses over time.
    assert any(len({e.result.status for e in evaluations}) > 1 for evaluations in trend.values())


def test_trends_equal_with_every_kind_of_measure_and_members_joining_and_leaving(builtin):
    sample.load_sample(SAMPLE_DAY)
    plan = plan_of(ROCB)
    set_variants(plan)
    change_memberships()
    spread_requests()
    trend = assert_same_trends(
        plan, D(2025, 3, 3), D(2022, 5, 15), D(2023, 1, 31), D(2023, 10, 15), D(2024, 6, 30)
    )
    counts = {e.members for evaluations in trend.values() for e in evaluations}
    assert len(counts) > 2  # the Member count moves with the memberships


def test_trends_equal_for_a_plan_that_starts_and_ends_mid_month(builtin):
    sample.load_sample(SAMPLE_DAY)
    plan = plan_of(ROCB)
    set_variants(plan)
    change_memberships()
    Plan.objects.filter(pk=plan.pk).update(period_start=D(2022, 7, 15), period_end=D(2024, 6, 20))
    plan = plan_of(ROCB)
    assert_same_trends(
        plan, D(2024, 6, 25), D(2022, 7, 14), D(2022, 7, 15), D(2023, 7, 14), D(2024, 6, 20)
    )


def test_trends_equal_at_a_small_bench_scale(builtin):
    generate(0.01, SEED)
    plan = plan_of(ROCB)
    trend = assert_same_trends(plan, D(2024, 12, 31), D(2023, 2, 14), D(2024, 6, 30))
    assert sum(e.result.status != "no_data" for e in (v[-1] for v in trend.values())) > 30
    set_variants(plan)
    assert_same_trends(plan, D(2025, 1, 5), D(2022, 6, 30), D(2023, 11, 30))


# The Memberships, the Member-status histories, one query per other measured KPI (35).
ROCB_TREND_QUERIES = 37
# The Memberships, the status histories, the milestones' progress, the one activity KPI.
OCO_TREND_QUERIES = 4


def test_the_query_count_depends_on_neither_the_dates_nor_the_data(
    builtin, django_assert_num_queries
):
    sample.load_sample(SAMPLE_DAY)
    plan = plan_of(ROCB)
    kpis = kpis_of(plan)
    for as_of in (D(2022, 8, 15), D(2024, 6, 30), D(2026, 11, 22)):
        with django_assert_num_queries(ROCB_TREND_QUERIES):
            plan_trends(plan, as_of, kpis)
    oco = plan_of(OCO)
    oco_kpis = kpis_of(oco)
    for as_of in (D(2022, 8, 15), D(2026, 11, 22)):
        with django_assert_num_queries(OCO_TREND_QUERIES):
            plan_trends(oco, as_of, oco_kpis)
    generate(0.002, SEED)
    with django_assert_num_queries(ROCB_TREND_QUERIES):
        plan_trends(plan, D(2024, 6, 30), kpis)
    with django_assert_num_queries(OCO_TREND_QUERIES):
        plan_trends(oco, D(2026, 11, 22), oco_kpis)
    with django_assert_num_queries(ROCB_TREND_QUERIES + 1):  # + the KPIs
        plan_trends(plan, D(2024, 6, 30))


def test_mean_scores_are_added_up_exactly_per_scale():
    # 3 responses of 4.2 out of 5 and one of 8 out of 10: 2.52 + 0.8 points of 4.
    measured = scores({5: (12_600, 3), 10: (8_000, 1)})
    assert measured.numerator == Decimal("3.32")
    assert (measured.denominator, measured.recorded) == (Decimal(4), 4)
    # A scale whose fraction does not end is kept to six decimals, like every mean.
    assert scores({7: (1_000, 1)}).numerator == Decimal("0.142857")
    assert scores({}).numerator == Decimal(0)
