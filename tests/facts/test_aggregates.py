"""Measures turned into SQL: the right numbers from a small set of facts, one query each."""

import datetime
from decimal import Decimal

import pytest

from stratmon.engine.periods import plan_years
from stratmon.facts.aggregates import Scope, measure
from stratmon.facts.models import (
    Activity,
    Agreement,
    Evaluation,
    Expert,
    ExpertAssignment,
    MemberStatus,
    Output,
    Participation,
    Partner,
    Request,
    Topic,
)
from stratmon.planfiles.measures import parse_measure
from stratmon.plans.models import Action, Member, Organisation

D = datetime.date
pytestmark = pytest.mark.django_db
PLAN_START, PLAN_END = D(2022, 7, 1), D(2024, 6, 30)


def scope(as_of, action="1.hh", per_year=False):
    return Scope(
        organisation=Organisation.objects.get(code="rocb-ap"),
        action_id=Action.objects.get(plan__code="rocb-ap-sap-2022-2024", code=action).pk,
        plan_start=PLAN_START,
        plan_end=PLAN_END,
        as_of=as_of,
        periods=tuple(p for p in plan_years(PLAN_START, PLAN_END, 7) if p.start <= as_of)
        if per_year
        else (),
    )


def member(iso3):
    return Member.objects.get(iso3=iso3)


counter = iter(range(1, 1_000_000))


def ref(prefix):
    return f"{prefix}-{next(counter)}"


def status(iso3, topic, value, day):
    return MemberStatus.objects.create(
        ref=ref("ST"),
        member=member(iso3),
        topic=Topic.objects.get(code=topic),
        status=value,
        effective=day,
    )


def activity(day, kind="workshop", action="1.hh", status="held", **kw):
    a = Activity.objects.create(
        ref=ref("ACT"), kind=kind, title=f"{kind} {day}", start=day, end=day, status=status, **kw
    )
    if action:
        a.actions.add(Action.objects.get(plan__code="rocb-ap-sap-2022-2024", code=action))
    return a


def test_member_statuses_count_the_status_in_force_on_the_date(builtin, django_assert_num_queries):
    status("FJI", "rkc", "in_progress", D(2021, 1, 1))
    status("FJI", "rkc", "achieved", D(2023, 3, 1))
    status("JPN", "rkc", "achieved", D(2010, 1, 1))
    status("AUS", "rkc", "achieved", D(2022, 9, 1))
    status("AUS", "rkc", "in_progress", D(2023, 9, 1))  # withdrawn: history, not overwritten
    status("SLB", "rkc", "achieved", D(2022, 8, 1))  # joined the WCO A/P region 2023-01-26
    m = parse_measure({"source": "member_statuses", "topic": "rkc"})
    end_2022 = scope(D(2022, 12, 31))
    # A level: statuses in force on the date, and on the plan's first day for the baseline.
    with django_assert_num_queries(2):
        got = measure(m, end_2022)
    assert (got.total, got.baseline) == (
        2,
        1,
    )  # JPN, AUS (SLB not yet a Member); JPN at start  # JPN, AUS (SLB not yet a Member)
    assert measure(m, scope(D(2023, 6, 30))).total == 4  # + FJI, SLB
    assert measure(m, scope(D(2024, 6, 30))).total == 3  # AUS went back to in progress


def test_new_adopters_are_counted_in_the_period_they_got_there(builtin, django_assert_num_queries):
    status("JPN", "sez", "achieved", D(2015, 1, 1))  # before the plan: not new
    status("FJI", "sez", "achieved", D(2022, 8, 1))
    status("FJI", "sez", "achieved", D(2023, 8, 1))  # re-recorded: still one adopter, in year 1
    status("TON", "sez", "achieved", D(2023, 7, 1))
    status("WSM", "sez", "planned", D(2023, 7, 1))
    m = parse_measure({"source": "member_statuses", "topic": "sez", "new_in_period": True})
    whole_plan = scope(D(2024, 6, 30), per_year=True)
    with django_assert_num_queries(1):
        got = measure(m, whole_plan)
    assert got.total == 2
    assert [v for _, v in got.series] == [1, 1]


def test_no_new_adopters_yet_is_a_zero_not_no_data(builtin):
    status("JPN", "sez", "achieved", D(2015, 1, 1))  # the topic has data, but no new adopter
    status("FJI", "sez", "planned", D(2022, 8, 1))
    m = parse_measure({"source": "member_statuses", "topic": "sez", "new_in_period": True})
    got = measure(m, scope(D(2023, 12, 31), per_year=True))
    assert got.total == 0
    assert got.recorded
    nothing = parse_measure({"source": "member_statuses", "topic": "trs", "new_in_period": True})
    assert measure(nothing, scope(D(2023, 12, 31))).recorded == 0


def test_activities_linked_to_the_action_are_counted_per_plan_year(builtin):
    activity(D(2022, 8, 1))
    activity(D(2022, 9, 1), kind="training")
    activity(D(2023, 2, 1), status="cancelled")
    activity(D(2023, 8, 1))
    activity(D(2023, 9, 1), action="1.ii")  # another action
    activity(D(2022, 5, 1))  # before the plan
    m = parse_measure({"source": "activities"})
    got = measure(m, scope(D(2023, 12, 31), per_year=True))
    assert got.total == 3
    assert [(p.start, v) for p, v in got.series] == [(D(2022, 7, 1), 2), (D(2023, 7, 1), 1)]
    kinds = parse_measure({"source": "activities", "kinds": ["training"]})
    assert measure(kinds, scope(D(2023, 12, 31))).total == 1


def test_joint_activities_need_a_partner(builtin):
    a = activity(D(2022, 8, 1), action="2.b")
    activity(D(2022, 9, 1), action="2.b")
    a.partners.add(Partner.objects.create(name="Development partner"))
    a.partners.add(Partner.objects.create(name="Another partner"))
    m = parse_measure({"source": "activities", "with_partners": True})
    assert measure(m, scope(D(2023, 1, 1), action="2.b")).total == 1


def test_share_of_participations_by_women(builtin, django_assert_num_queries):
    ws = activity(D(2022, 10, 1), action=None)
    meeting = activity(D(2022, 10, 2), kind="meeting", action=None)
    for gender in ["female", "female", "male", "male", "not_stated"]:
        Participation.objects.create(ref=ref("P"), activity=ws, member=member("FJI"), gender=gender)
    Participation.objects.create(ref=ref("P"), activity=meeting, gender="female")
    m = parse_measure(
        {
            "source": "participations",
            "aggregate": "share",
            "activity_kinds": ["workshop"],
            "numerator": {"genders": ["female"]},
        }
    )
    first_year = scope(D(2023, 6, 30))
    with django_assert_num_queries(1):
        got = measure(m, first_year)
    assert (got.numerator, got.denominator) == (2, 5)


def test_share_of_requested_missions_with_an_accredited_expert(builtin):
    accredited = Expert.objects.create(ref="EX-1", name="A", accreditation="accredited")
    other = Expert.objects.create(ref="EX-2", name="B", accreditation="none")
    for i, expert in enumerate([accredited, other, None]):
        mission = activity(D(2022, 10, 1 + i), kind="mission", action=None)
        if expert:
            ExpertAssignment.objects.create(ref=ref("EA"), activity=mission, expert=expert)
        Request.objects.create(
            ref=ref("RQ"),
            kind="assistance",
            activity_kind="mission",
            subject="m",
            requested_on=D(2022, 9, 1),
            requested_by=member("FJI"),
            activity=mission,
        )
    m = parse_measure(
        {
            "source": "requests",
            "kinds": ["assistance"],
            "activity_kinds": ["mission"],
            "numerator": {"with_accredited_expert": True},
        }
    )
    got = measure(m, scope(D(2023, 6, 30)))
    assert (got.numerator, got.denominator) == (1, 3)


def test_contribution_requests_fulfilled_by_the_date(builtin):
    for fulfilled in [D(2022, 11, 1), D(2023, 5, 1), None]:
        Request.objects.create(
            ref=ref("RQ"),
            kind="contribution",
            subject="c",
            requested_on=D(2022, 9, 1),
            addressed_to=member("JPN"),
            fulfilled_on=fulfilled,
        )
    m = parse_measure(
        {"source": "requests", "kinds": ["contribution"], "numerator": {"fulfilled": True}}
    )
    assert (
        measure(m, scope(D(2023, 1, 1))).numerator,
        measure(m, scope(D(2023, 1, 1))).denominator,
    ) == (1, 3)
    assert measure(m, scope(D(2023, 6, 30))).numerator == 2


def test_mean_score_weighs_aggregates_and_rescales(builtin):
    ws = activity(D(2022, 10, 1), action=None)
    Evaluation.objects.create(ref=ref("EV"), activity=ws, score=Decimal(5), scale_max=5)
    Evaluation.objects.create(ref=ref("EV"), activity=ws, score=Decimal(3), scale_max=5)
    # 10 respondents whose mean was 8 on a 1-10 scale: 0.8 of the scale each
    Evaluation.objects.create(
        ref=ref("EV"), activity=ws, score=Decimal(8), scale_max=10, responses=10
    )
    m = parse_measure({"source": "evaluations", "activity_kinds": ["workshop"]})
    got = measure(m, scope(D(2023, 6, 30)))
    assert got.denominator == 12
    assert got.numerator == Decimal("9.6")  # 1.0 + 0.6 + 10 × 0.8


def test_agreements_count_all_in_force_and_their_member_parties(builtin):
    for day, parties in [(D(2019, 1, 1), ["JPN", "KOR"]), (D(2023, 1, 1), ["JPN", "AUS"])]:
        a = Agreement.objects.create(ref=ref("AG"), kind="aeo_mra", signed_on=day)
        a.members.set([member(p) for p in parties])
    Agreement.objects.create(ref=ref("AG"), kind="mou", signed_on=D(2023, 1, 1))
    count = parse_measure({"source": "agreements", "kinds": ["aeo_mra"]})
    parties = parse_measure(
        {"source": "agreements", "kinds": ["aeo_mra"], "aggregate": "distinct_members"}
    )
    assert measure(count, scope(D(2022, 12, 31))).total == 1
    assert measure(count, scope(D(2023, 6, 30))).total == 2
    assert measure(parties, scope(D(2023, 6, 30))).total == 3


def test_outputs_of_a_kind_and_the_members_involved(builtin):
    story = Output.objects.create(ref=ref("O"), kind="success_story", title="s", date=D(2023, 1, 1))
    shared = Output.objects.create(
        ref=ref("O"), kind="experience_sharing", title="x", date=D(2023, 2, 1)
    )
    shared.members.set([member("FJI"), member("TON")])
    shared.actions.add(Action.objects.get(plan__code="rocb-ap-sap-2022-2024", code="1.gg"))
    story.members.set([member("FJI")])
    stories = parse_measure({"source": "outputs", "kinds": ["success_story"], "linked": False})
    sharing = parse_measure(
        {"source": "outputs", "kinds": ["experience_sharing"], "aggregate": "distinct_members"}
    )
    assert measure(stories, scope(D(2023, 6, 30))).total == 1
    assert measure(sharing, scope(D(2023, 6, 30), action="1.gg")).total == 2
    assert measure(sharing, scope(D(2023, 6, 30), action="1.hh")).total == 0
