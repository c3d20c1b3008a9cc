"""The gender and evaluation figures of a plan, checked against counts made row by row in
Python, against the plan's own KPIs, and for a query count that does not grow with the data."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest

from stratmon.accounts import access
from stratmon.engine.periods import periods_for
from stratmon.facts import sample
from stratmon.facts.models import Activity, Evaluation, Participation
from stratmon.facts.people import (
    NO_MEMBER,
    GenderCounts,
    Scores,
    not_a_member,
    people_figures,
)
from stratmon.kpis.live import plan_evaluations
from stratmon.plans.models import Member, Membership, Plan

pytestmark = pytest.mark.django_db

D = datetime.date
ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"
AS_OF = D(2024, 6, 30)
WORKSHOPS = ("seminar", "training", "webinar", "workshop")  # KPIs 3.e.1 and 3.h


@pytest.fixture
def sampled(builtin):
    sample.load_sample(D(2026, 11, 22))


def plan(code=ROCB):
    return Plan.objects.current().select_related("organisation").get(code=code)


def everyone():
    return Member.objects.all()


def counted(as_of, kinds=(), rocb=None):
    """The participations that count, read row by row: held, started in the plan's window."""
    p = rocb or plan()
    end = min(as_of, p.period_end)
    rows = Participation.objects.select_related("activity").order_by()
    return [
        r
        for r in rows
        if r.activity.status == "held"
        and p.period_start <= r.activity.start <= end
        and (not kinds or r.activity.kind in kinds)
    ]


def genders(rows):
    n = Counter(r.gender for r in rows)
    return GenderCounts(n["female"], n["male"], n["other"], n["not_stated"])


def test_the_totals_years_and_kinds_match_a_count_of_the_rows(sampled):
    rows = counted(AS_OF)
    figures = people_figures(plan(), AS_OF, everyone())
    assert figures.total == genders(rows)
    assert figures.total.total > 500  # the sample is not empty: the test can fail
    years = periods_for(D(2022, 7, 1), D(2024, 6, 30), 12, 7)
    assert [p for p, _ in figures.years] == years
    for p, counts in figures.years:
        assert counts == genders([r for r in rows if r.activity.start in p])
    kinds = {r.activity.kind for r in rows}
    assert [k for k, _ in figures.by_kind] == [k for k in Activity.Kind.values if k in kinds]
    for kind, counts in figures.by_kind:
        assert counts == genders([r for r in rows if r.activity.kind == kind])


def test_heads_of_delegation_are_counted_by_gender_per_plan_year(sampled):
    rows = [r for r in counted(AS_OF) if r.role == "head_of_delegation"]
    figures = people_figures(plan(), AS_OF, everyone())
    assert figures.heads_total == genders(rows)
    assert figures.heads_total.female > 0
    for p, counts in figures.heads:
        assert counts == genders([r for r in rows if r.activity.start in p])


def test_sub_regions_add_up_to_the_total_and_name_no_one_outside(sampled):
    rocb = plan()
    region = dict(
        Membership.objects.filter(organisation=rocb.organisation).values_list(
            "member_id", "subregion"
        )
    )
    rows = counted(AS_OF)
    figures = people_figures(rocb, AS_OF, everyone())
    assert figures.by_subregion
    assert figures.subregions == ["ASEAN", "Australasia / Oceania", "Far East", "Sub-Continent"]
    by_label = {g.label: g.counts for g in figures.groups}
    for name in figures.subregions:
        assert by_label[name] == genders([r for r in rows if region.get(r.member_id) == name])
    assert sum((g.counts for g in figures.groups), GenderCounts()) == figures.total


def test_participants_of_other_administrations_and_of_none_have_rows_of_their_own(sampled):
    rocb = plan()
    workshop = Activity.objects.filter(kind="workshop", start__range=(D(2023, 1, 1), AS_OF)).first()
    cook = Member.objects.get(iso3="COK")  # of OCO only
    Participation.objects.bulk_create(
        [
            Participation(ref="T-1", activity=workshop, member=cook, gender="female"),
            Participation(ref="T-2", activity=workshop, member=None, gender="other"),
            Participation(ref="T-3", activity=workshop, member=None, gender="male"),
        ]
    )
    figures = people_figures(rocb, AS_OF, everyone())
    by_label = {g.label: g.counts for g in figures.groups}
    assert by_label[not_a_member(rocb)] == GenderCounts(female=1)
    assert by_label[NO_MEMBER] == GenderCounts(male=1, other=1)
    assert sum((g.counts for g in figures.groups), GenderCounts()) == figures.total


def test_the_kpis_population_gives_the_kpis_own_figures(sampled):
    """Filtered to KPI 3.e.1's and 3.h's kinds, the page's figures are the KPIs' actuals."""
    rocb = plan()
    figures = people_figures(rocb, AS_OF, everyone(), kinds=WORKSHOPS)
    kpis = {e.kpi.code: e for e in plan_evaluations(rocb, AS_OF)}
    assert figures.total.women_share.quantize(Decimal("0.0001")) == kpis["3.e.1"].result.actual
    assert figures.scores_total.mean == kpis["3.h"].result.actual.quantize(Decimal("0.01"))
    assert [k.code for k in figures.kpis] == ["3.e.1", "3.e.2", "3.h"]


def test_scores_are_weighed_by_responses_and_brought_to_a_scale_of_5(sampled):
    # One evaluation on a scale of 10: 8 of 10 is 4 of 5.
    workshop = Activity.objects.filter(kind="workshop", start__range=(D(2023, 1, 1), AS_OF)).first()
    Evaluation.objects.create(
        ref="T-EVA", activity=workshop, score=Decimal(8), scale_max=10, responses=40
    )
    rows = [
        e
        for e in Evaluation.objects.select_related("activity")
        if e.activity.status == "held" and D(2022, 7, 1) <= e.activity.start <= AS_OF
    ]
    points = sum(e.score / e.scale_max * e.responses for e in rows)
    responses = sum(e.responses for e in rows)
    figures = people_figures(plan(), AS_OF, everyone())
    assert figures.scores_total.responses == responses
    assert figures.scores_total.mean == (points / responses * 5).quantize(Decimal("0.01"))
    for kind, scores in figures.scores_by_kind:
        mine = [e for e in rows if e.activity.kind == kind]
        assert scores.responses == sum(e.responses for e in mine)
    quarters = figures.scores_by_quarter
    assert len(quarters) == 8
    for p, scores in quarters:
        assert scores.responses == sum(e.responses for e in rows if e.activity.start in p)
    assert sum((s for _, s in quarters), Scores()).responses == responses


def test_filters_by_kind_and_sub_region(sampled):
    rocb = plan()
    region = set(
        Membership.objects.filter(organisation=rocb.organisation, subregion="Far East").values_list(
            "member_id", flat=True
        )
    )
    rows = [r for r in counted(AS_OF, ("workshop",)) if r.member_id in region]
    figures = people_figures(rocb, AS_OF, everyone(), kinds=["workshop"], subregion="Far East")
    assert (figures.kinds, figures.subregion) == (("workshop",), "Far East")
    assert figures.total == genders(rows)
    assert [k for k, _ in figures.by_kind] == ["workshop"]
    # Evaluations are not per Member: the sub-region leaves them as the kind gives them.
    assert (
        figures.scores_total
        == people_figures(rocb, AS_OF, everyone(), kinds=["workshop"]).scores_total
    )


def test_unknown_filters_are_dropped(sampled):
    figures = people_figures(plan(), AS_OF, everyone(), kinds=["party"], subregion="Atlantis")
    assert (figures.kinds, figures.subregion) == ((), "")
    assert figures.total == genders(counted(AS_OF))


def test_an_earlier_date_counts_only_what_happened_by_then(sampled):
    day = D(2023, 2, 14)
    figures = people_figures(plan(), day, everyone())
    assert figures.total == genders(counted(day))
    assert [p.end for p, _ in figures.years] == [D(2023, 2, 14)]  # the first year, so far
    assert figures.scores_by_quarter[-1][0].end == day


def test_before_the_plan_starts_nothing_is_counted(sampled):
    figures = people_figures(plan(), D(2022, 6, 30), everyone())
    assert figures.window is None
    assert figures.total.total == 0 and figures.years == [] and figures.kpis


def test_by_member_only_the_members_one_may_see_are_named(sampled, focal_point):
    """OCO records no sub-regions: by Member, with the others summed for Fiji's focal point."""
    oco = plan(OCO)
    figures = people_figures(oco, D(2026, 6, 30), access.member_scope(focal_point))
    assert not figures.by_subregion and figures.subregions == []
    assert [g.label for g in figures.members] == ["Fiji"]
    labels = [g.label for g in figures.groups]
    assert labels[:2] == ["Fiji", "Other Members of OCO"]
    assert sum((g.counts for g in figures.groups), GenderCounts()) == figures.total
    fiji = Member.objects.get(iso3="FJI")
    rows = [r for r in counted(D(2026, 6, 30), rocb=oco) if r.member_id == fiji.pk]
    assert figures.groups[0].counts == genders(rows)


def test_the_query_count_does_not_grow_with_the_data(
    sampled, django_assert_num_queries, secretariat_officer
):
    scope = access.member_scope(secretariat_officer)
    rocb = plan()
    with django_assert_num_queries(5):
        people_figures(rocb, AS_OF, scope, kinds=["workshop"], subregion="ASEAN")
    # Ten times the participations, new kinds and an evaluation on another scale.
    members = list(Member.objects.all()[:20])
    activities = [
        Activity(ref=f"T-A{i}", kind=kind, title="t", start=D(2023, 3, 1), end=D(2023, 3, 1))
        for i, kind in enumerate(("webinar", "seminar", "operation"))
    ]
    Activity.objects.bulk_create(activities)
    Participation.objects.bulk_create(
        Participation(ref=f"T-P{i}", activity=activities[i % 3], member=members[i % 20],
                      gender=("female", "male", "other")[i % 3], role="head_of_delegation")
        for i in range(10 * Participation.objects.count())
    )  # fmt: skip
    Evaluation.objects.create(ref="T-E", activity=activities[0], score=7, scale_max=10)
    with django_assert_num_queries(5):
        people_figures(rocb, AS_OF, scope, kinds=["workshop"], subregion="ASEAN")
    oco = plan(OCO)
    with django_assert_num_queries(5):
        people_figures(oco, D(2026, 6, 30), scope)
