"""The Members each Member-count KPI counts: as many as its actual, with aggregates' filters,
one query per measure (one for every status level together)."""

import datetime

import pytest

from stratmon.engine.periods import plan_years
from stratmon.facts import sample
from stratmon.facts.aggregates import Scope, measure
from stratmon.facts.member_share import counts_members, in_force, members_counted
from stratmon.facts.models import Activity, Agreement, MemberStatus, Output, Participation, Topic
from stratmon.kpis.live import plan_evaluations
from stratmon.kpis.member_counts import counted_by_kpi, member_count_kpis
from stratmon.planfiles.measures import parse_measure
from stratmon.plans.models import KPI, Action, Member, Organisation, Plan

pytestmark = pytest.mark.django_db
D = datetime.date
ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"
PLAN_START, PLAN_END = D(2022, 7, 1), D(2024, 6, 30)


@pytest.fixture
def sampled(builtin):
    sample.load_sample(D(2026, 11, 22))


def kpi_value(e):
    """The KPI's actual; before the plan starts a level has none, only the value it starts
    from (what the measure counts on the day)."""
    if e.result.actual is not None:
        return e.result.actual
    return e.measured.total if e.measured and e.measured.total is not None else 0


def check_plan(code, as_of):
    plan = Plan.objects.current().get(code=code)
    kpis = member_count_kpis(plan.kpis.select_related("action", "plan").order_by("order"))
    evaluations = plan_evaluations(plan, as_of, kpis)
    counted = counted_by_kpi(plan, evaluations)
    assert set(counted) == {k.pk for k in kpis}
    for e in evaluations:
        assert len(counted[e.kpi.pk]) == kpi_value(e), (e.kpi.code, as_of, e.result.reason)
    return evaluations, counted


DATES = (D(2022, 6, 30), D(2023, 2, 14), D(2023, 6, 30), D(2024, 6, 30), D(2026, 11, 22))


@pytest.mark.parametrize("code", [ROCB, OCO])
def test_each_kpi_counts_as_many_members_as_its_actual(sampled, code):
    for as_of in DATES:
        evaluations, counted = check_plan(code, as_of)
    evaluations, counted = check_plan(code, D(2023, 6, 30))
    sources = {(e.measure.source, e.measure.get("new_in_period")) for e in evaluations}
    if code == ROCB:
        # Every kind of Member count in the plan is there, and counts someone.
        assert sources >= {("member_statuses", None), ("member_statuses", True)}
        assert {"outputs", "agreements"} <= {s for s, _ in sources}
        assert sum(len(c) for c in counted.values()) > 400
    else:
        assert sources == {("member_statuses", True)} and sum(map(len, counted.values())) > 0


# Measures the seed plans do not use, put on ROCB KPIs: Members at activities (per year and
# over the plan), Member parties per year, Members in outputs not linked to the action.
OTHER_MEASURES = {
    "1.hh": (
        {"source": "activities", "aggregate": "distinct_members", "kinds": ["workshop"]},
        "At least 5 Members per year",
    ),
    "1.z": ({"source": "activities", "aggregate": "distinct_members"}, "At least 10/33 Members"),
    "1.x": (
        {"source": "agreements", "aggregate": "distinct_members", "kinds": ["info_exchange"]},
        "At least 3 Members per year",
    ),
    "1.u": (
        {"source": "outputs", "aggregate": "distinct_members", "linked": False},
        "At least 11/33 Members",
    ),
    "1.g": (
        {"source": "member_statuses", "topic": "rkc", "statuses": ["in_progress", "achieved"]},
        "33/33 Members",
    ),
}


def test_other_member_counts_match_their_kpis_too(sampled):
    for code, (m, target) in OTHER_MEASURES.items():
        KPI.objects.filter(plan__code=ROCB, code=code).update(measure=m, target_text=target)
    for as_of in (D(2022, 9, 30), D(2023, 6, 30), D(2024, 1, 31), D(2025, 1, 1)):
        evaluations, counted = check_plan(ROCB, as_of)
        by_code = {e.kpi.code: e for e in evaluations}
        assert by_code["1.hh"].result.periods, "a frequency target: judged per plan year"
        if as_of >= D(2023, 6, 30):
            assert all(counted[by_code[code].kpi.pk] for code in OTHER_MEASURES), as_of


def scope(as_of, action="1.hh", per_year=False):
    return Scope(
        organisation=Organisation.objects.get(code="rocb-ap"),
        action_id=Action.objects.get(plan__code=ROCB, code=action).pk,
        plan_start=PLAN_START,
        plan_end=PLAN_END,
        as_of=as_of,
        periods=tuple(p for p in plan_years(PLAN_START, PLAN_END, 7) if p.start <= as_of)
        if per_year
        else (),
    )


def member(iso3):
    return Member.objects.get(iso3=iso3)


def test_a_member_counts_from_its_first_record_in_the_window(builtin):
    # given Fiji at two workshops linked to 1.hh, Japan at one held before the plan, and the
    # Cook Islands (not a WCO A/P Member) at one in the plan
    def workshop(day, *iso3s, ref):
        a = Activity.objects.create(
            ref=ref, kind="workshop", title=ref, start=day, end=day, status="held"
        )
        a.actions.add(Action.objects.get(plan__code=ROCB, code="1.hh"))
        for i, code in enumerate(iso3s):
            Participation.objects.create(ref=f"{ref}-{i}", activity=a, member=member(code))

    workshop(D(2023, 3, 1), "FJI", "COK", ref="A1")
    workshop(D(2023, 9, 1), "FJI", ref="A2")
    workshop(D(2022, 1, 1), "JPN", ref="A0")
    m = parse_measure({"source": "activities", "aggregate": "distinct_members"})
    # when asked over the plan so far, and per plan year
    whole = members_counted([("k", m, scope(D(2024, 6, 30)))])["k"]
    yearly = members_counted([("k", m, scope(D(2024, 6, 30), per_year=True))])["k"]
    # then Fiji counts from its first workshop in the window; Japan's is before the plan,
    # the Cook Islands is not a Member; in the last plan year Fiji counts from September
    assert whole == {member("FJI").pk: D(2023, 3, 1)}
    assert yearly == {member("FJI").pk: D(2023, 9, 1)}
    assert measure(m, scope(D(2024, 6, 30))).total == len(whole)


def test_agreements_and_outputs_count_their_member_parties(builtin):
    a = Agreement.objects.create(ref="AG-1", kind="aeo_mra", signed_on=D(2019, 5, 1))
    a.members.set([member("JPN"), member("KOR"), member("COK")])
    o = Output.objects.create(ref="O-1", kind="experience_sharing", title="x", date=D(2023, 2, 1))
    o.members.set([member("FJI"), member("TON")])
    o.actions.add(Action.objects.get(plan__code=ROCB, code="1.gg"))
    parties = parse_measure({"source": "agreements", "aggregate": "distinct_members"})
    sharing = parse_measure({"source": "outputs", "aggregate": "distinct_members"})
    found = members_counted(
        [("a", parties, scope(D(2023, 6, 30))), ("o", sharing, scope(D(2023, 6, 30), "1.gg"))]
    )
    # an agreement signed before the plan still stands; the Cook Islands is not a Member
    assert found["a"] == {member("JPN").pk: D(2019, 5, 1), member("KOR").pk: D(2019, 5, 1)}
    assert set(found["o"]) == {member("FJI").pk, member("TON").pk}


def test_status_levels_share_one_query_and_the_others_cost_one_each(
    builtin, django_assert_num_queries
):
    topic = Topic.objects.get(code="rkc")
    MemberStatus.objects.create(
        ref="S1", member=member("FJI"), topic=topic, status="in_progress", effective=D(2021, 1, 1)
    )
    MemberStatus.objects.create(
        ref="S2", member=member("FJI"), topic=topic, status="achieved", effective=D(2023, 1, 1)
    )
    MemberStatus.objects.create(
        ref="S3", member=member("JPN"), topic=topic, status="achieved", effective=D(2020, 1, 1)
    )
    rkc = parse_measure({"source": "member_statuses", "topic": "rkc"})
    started = parse_measure(
        {"source": "member_statuses", "topic": "rkc", "statuses": ["in_progress"]}
    )
    tfa = parse_measure({"source": "member_statuses", "topic": "tfa"})
    new = parse_measure({"source": "member_statuses", "topic": "rkc", "new_in_period": True})
    count = parse_measure({"source": "activities"})
    items = [
        (k, m, scope(D(2023, 6, 30)))
        for k, m in [(1, rkc), (2, started), (3, tfa), (4, new), (5, count)]
    ]
    with django_assert_num_queries(2):
        found = members_counted(items)
    assert found[1] == {member("FJI").pk: D(2023, 1, 1), member("JPN").pk: D(2020, 1, 1)}
    assert found[2] == {} and found[3] == {}
    assert found[4] == {member("FJI").pk: D(2023, 1, 1)}  # Japan was there before the plan
    assert 5 not in found and not counts_members(count)
    # the statuses in force, read once, serve every level without a query
    rows = in_force({"rkc", "tfa"}, Organisation.objects.get(code="rocb-ap"), D(2023, 6, 30))
    with django_assert_num_queries(0):
        assert members_counted(items[:3], rows) == {k: found[k] for k in (1, 2, 3)}
