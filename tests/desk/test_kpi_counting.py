"""What the desk writes is what KPI 3.b and 3.d count: no figure is typed twice."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from stratmon.desk import delivery, services
from stratmon.desk.models import Channel, Kind
from stratmon.facts.models import Topic
from stratmon.kpis.services import evaluate_plan
from stratmon.plans.models import Member, Organisation, Plan

from .conftest import TODAY, file_mission, make_expert

D = datetime.date
ROCB = "rocb-ap-sap-2022-2024"


def figures(code: str, as_of: datetime.date) -> tuple[Decimal, Decimal]:
    plan = Plan.objects.get(code=ROCB)
    found = next(k for k in evaluate_plan(plan, as_of) if k.kpi.code == code)
    return found.measured.numerator or 0, found.measured.denominator or 0


@pytest.fixture
def plan_covering_today(builtin):
    """ROCB A/P's plan moved to a period that holds today, so today's requests count."""
    Plan.objects.filter(code=ROCB).update(
        period_start=TODAY - datetime.timedelta(days=365),
        period_end=TODAY + datetime.timedelta(days=365),
    )


def deliver_with(mission, expert, user):
    services.accept(mission, user=user)
    delivery.propose(mission, expert, user=user)
    start = mission.preferred_start
    delivery.schedule(mission, start, start + datetime.timedelta(days=1), user=user)


def test_a_scheduled_mission_with_an_accredited_expert_counts_for_3b(
    plan_covering_today, mission, secretariat_officer
):
    assert figures("3.b", TODAY) == (0, 1)  # requested: in the denominator from the day filed
    expert = make_expert("EXP-A", "Aiko Tanaka", accreditation="accredited")
    deliver_with(mission, expert, secretariat_officer)
    assert figures("3.b", TODAY) == (1, 1)


def test_a_request_to_another_organisation_is_not_in_this_plans_figures(
    plan_covering_today, mission, secretariat_officer
):
    """Fiji belongs to ROCB A/P and to OCO: its mission request to OCO is OCO's to meet,
    so ROCB A/P's 3.b leaves it out; a request that names no organisation counts (the
    workbook rows from before the column)."""
    assert figures("3.b", TODAY) == (0, 1)
    to_oco = file_mission(organisation="oco")
    assert to_oco.fact.organisation.code == "oco"
    assert figures("3.b", TODAY) == (0, 1)
    to_oco.fact.organisation = None
    to_oco.fact.save(update_fields=["organisation"])
    assert figures("3.b", TODAY) == (0, 2)


def test_an_accreditation_expired_before_the_mission_does_not_count(
    plan_covering_today, mission, secretariat_officer
):
    # accredited until the day before the mission, so the ranking still proposes them when
    # the request's preferred dates are not yet known
    mission.preferred_start = None
    mission.preferred_end = None
    expert = make_expert(
        "EXP-B",
        "Ben Carter",
        accreditation="accredited",
        accredited_until=TODAY + datetime.timedelta(days=10),
    )
    services.accept(mission, user=secretariat_officer)
    delivery.propose(mission, expert, user=secretariat_officer)
    with pytest.raises(Exception, match="expired"):
        start = TODAY + datetime.timedelta(days=20)
        delivery.schedule(mission, start, start, user=secretariat_officer)
    start = TODAY + datetime.timedelta(days=5)
    delivery.schedule(mission, start, start, user=secretariat_officer)
    assert figures("3.b", TODAY) == (1, 1)
    # an accreditation that takes effect after the mission's first day does not count either
    expert.accredited_on = start + datetime.timedelta(days=1)
    expert.accredited_until = None
    expert.save()
    assert figures("3.b", TODAY) == (0, 1)


def test_the_home_member_releasing_the_expert_counts_for_3d_once_delivered(
    plan_covering_today, mission, secretariat_officer
):
    before = figures("3.d", TODAY)
    expert = make_expert("EXP-C", "Chen Wei", home="CHN", accreditation="accredited")
    deliver_with(mission, expert, secretariat_officer)
    numerator, denominator = figures("3.d", TODAY)
    assert (numerator, denominator) == (before[0], before[1] + 1)
    from stratmon.facts.models import Activity

    Activity.objects.filter(pk=mission.fact.activity_id).update(start=TODAY, end=TODAY)
    mission.fact.refresh_from_db()
    delivery.deliver(mission, user=secretariat_officer)
    assert figures("3.d", TODAY) == (before[0] + 1, before[1] + 1)


def test_proposing_another_expert_withdraws_the_unanswered_release(
    plan_covering_today, mission, secretariat_officer
):
    before = figures("3.d", TODAY)
    first = make_expert("EXP-D", "Dana Lee", home="KOR")
    second = make_expert("EXP-E", "Emma Stone", home="AUS")
    services.accept(mission, user=secretariat_officer)
    delivery.propose(mission, first, user=secretariat_officer)
    delivery.propose(mission, second, user=secretariat_officer)
    assert mission.contribution.addressed_to.iso3 == "AUS"
    assert mission.contribution.organisation.code == "rocb-ap"  # asked by ROCB A/P
    assert figures("3.d", TODAY)[1] == before[1] + 1


def test_a_letter_from_2023_keyed_today_counts_in_the_2022_2024_plan(builtin, secretariat_officer):
    filing = services.Filing(
        organisation=Organisation.objects.get(code="rocb-ap"),
        member=Member.objects.get(iso3="TON"),
        subject="Valuation mission",
        kind=Kind.MISSION,
        topics=tuple(Topic.objects.filter(code="rkc")),
        channel=Channel.LETTER,
        received_on=D(2023, 3, 1),
    )
    before = figures("3.b", D(2024, 6, 30))
    case = services.file_request(filing, user=secretariat_officer)
    expert = make_expert("EXP-F", "Farid Khan", home="PAK", accreditation="accredited")
    services.accept(case, user=secretariat_officer, on=D(2023, 3, 10))
    delivery.propose(case, expert, user=secretariat_officer, on=D(2023, 3, 20))
    delivery.schedule(
        case, D(2023, 5, 1), D(2023, 5, 3), user=secretariat_officer, on=D(2023, 4, 1)
    )
    delivery.deliver(case, user=secretariat_officer, on=D(2023, 5, 3))
    after = figures("3.b", D(2024, 6, 30))
    assert after == (before[0] + 1, before[1] + 1)
    assert list(case.steps.values_list("on", flat=True)) == [
        D(2023, 3, 1),
        D(2023, 3, 10),
        D(2023, 3, 20),
        D(2023, 4, 1),
        D(2023, 5, 3),
    ]
