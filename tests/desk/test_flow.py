"""A request from filing to evaluation, through the services: each move dated and in the
history, and what KPI 3.b and 3.d count written as facts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from stratmon.desk import delivery, services
from stratmon.desk.models import State
from stratmon.facts.models import Activity, ExpertAssignment, Request
from stratmon.history.models import Change
from stratmon.kpis.services import evaluate_plan
from stratmon.plans.models import Plan

from .conftest import TODAY, make_expert


def kpi(code: str, as_of: datetime.date):
    plan = Plan.objects.get(code="rocb-ap-sap-2022-2024")
    return next(k for k in evaluate_plan(plan, as_of) if k.code == code)


def test_a_request_goes_from_filed_to_evaluated_and_counts(mission, secretariat_officer):
    expert = make_expert(
        "EXP-1", "Aiko Tanaka", accreditation="accredited", languages="English; Japanese"
    )
    assert mission.state == State.RECEIVED
    assert mission.fact.kind == Request.Kind.ASSISTANCE and mission.fact.requested_by.iso3 == "FJI"
    services.accept(mission, user=secretariat_officer)
    delivery.propose(mission, expert, user=secretariat_officer)
    contribution = mission.contribution
    assert contribution.kind == Request.Kind.CONTRIBUTION
    assert contribution.addressed_to.iso3 == "JPN" and contribution.fulfilled_on is None
    start = mission.preferred_start
    delivery.schedule(mission, start, start + datetime.timedelta(days=2), user=secretariat_officer)
    activity = mission.fact.activity
    assert activity.status == Activity.Status.PLANNED and activity.requested_by.iso3 == "FJI"
    assert ExpertAssignment.objects.filter(activity=activity, expert=expert).exists()
    with pytest.raises(ValidationError):
        delivery.deliver(mission, user=secretariat_officer)  # not begun yet
    Activity.objects.filter(pk=activity.pk).update(
        start=TODAY - datetime.timedelta(days=3), end=TODAY - datetime.timedelta(days=1)
    )
    mission.fact.refresh_from_db()
    delivery.deliver(mission, user=secretariat_officer)
    mission.fact.refresh_from_db()
    assert mission.fact.fulfilled_on == TODAY
    assert Request.objects.get(pk=contribution.pk).fulfilled_on == TODAY
    with pytest.raises(ValidationError):
        delivery.evaluate(mission, user=secretariat_officer)
    delivery.evaluate(mission, user=secretariat_officer, score=Decimal("4.5"))
    assert mission.state == State.EVALUATED
    states = list(mission.steps.values_list("state", flat=True))
    assert states == ["received", "accepted", "proposed", "scheduled", "delivered", "evaluated"]
    assert Change.objects.filter(model="case", ref_rows__ref=mission.ref).count() == 6


def test_an_expert_from_the_requesting_member_cannot_be_proposed(mission, secretariat_officer):
    fijian = make_expert("EXP-2", "Sione Vake", home="FJI", accreditation="accredited")
    services.accept(mission, user=secretariat_officer)
    with pytest.raises(ValidationError, match="requesting Member"):
        delivery.propose(mission, fijian, user=secretariat_officer)
    assert mission.state == State.ACCEPTED


def test_declining_needs_a_reason_and_closes(mission, secretariat_officer):
    with pytest.raises(ValidationError):
        services.decline(mission, " ", user=secretariat_officer)
    services.decline(mission, "Outside the plan's scope", user=secretariat_officer)
    assert mission.state == State.DECLINED and mission.answered_on == TODAY
    with pytest.raises(ValidationError):
        services.accept(mission, user=secretariat_officer)
