"""Completing a needs-assessment round: a held survey activity that the plans' KPIs count."""

import datetime

import pytest

from stratmon.facts.models import Activity
from stratmon.history.models import Change
from stratmon.kpis.services import evaluate_plan
from stratmon.plans.models import Organisation, Plan
from stratmon.surveys.rounds import CannotComplete, complete_round, counting_actions
from tests.surveys.conftest import evaluation_survey
from tests.surveys.needs import answer, needs_round

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def oco(rocb):
    return Organisation.objects.get(code="oco")


def kpi(code, plan_code, as_of):
    plan = Plan.objects.current().get(code=plan_code)
    return next(e for e in evaluate_plan(plan, as_of) if e.kpi.code == code).to_json()


def year_of(evaluation, start):
    """The plan year starting on `start` of a KPI's JSON: its count and whether it was met."""
    found = [p for p in evaluation["periods"] if p["start"] == start]
    return {"actual": found[0]["actual"], "met": found[0]["met"]} if found else None


def test_completing_an_oco_round_meets_its_annual_training_needs_analysis(oco):
    survey = needs_round(oco, 2025, ["FJI", "COK", "AUS"])
    answer(survey, "FJI", {"aeo": 5})
    answer(survey, "COK", {"rkc": 4})
    before = kpi("1.2.1.n", "oco-sp-2022-2027", D(2025, 12, 31))
    assert before["status"] != "met"
    activity = complete_round(survey, on=D(2025, 6, 30), actions=None, user=None)
    assert activity.title == "Training needs assessment 2025: 2 of 3 Members answered"
    assert (activity.kind, activity.status) == ("survey", "held")
    assert (activity.start, activity.end) == (D(2025, 3, 1), D(2025, 6, 30))
    assert activity.organiser == oco
    assert [a.code for a in activity.actions.all()] == ["1.2.1"]
    survey.refresh_from_db()
    assert survey.completed_on == D(2025, 6, 30) and survey.recorded_activity == activity
    after = kpi("1.2.1.n", "oco-sp-2022-2027", D(2025, 12, 31))
    # OCO's plan years run July to June: the round falls in 2024-07-01 – 2025-06-30.
    assert (before["status"], year_of(before, "2024-07-01")) == ("no_data", None)
    assert year_of(after, "2024-07-01") == {"actual": 1, "met": True}
    entry = Change.objects.get(ref_rows__ref=f"SRV-{survey.pk}", verb="updated")
    assert entry.details[f"SRV-{survey.pk}"]["recorded_activity"] == [None, activity.ref]
    assert Change.objects.filter(ref_rows__ref=activity.ref, via="web").exists()


def test_a_completed_rocb_round_counts_as_a_survey_conducted(rocb):
    plan = "rocb-ap-sap-2022-2024"
    survey = needs_round(rocb, 2023, ["JPN", "IND"])
    answer(survey, "JPN", {"aeo": 5})
    assert [a.code for a in counting_actions(survey, D(2023, 5, 1))] == ["1.aa", "3.f"]
    before = kpi("3.f", plan, D(2023, 6, 30))
    complete_round(survey, on=D(2023, 5, 1), actions=None, user=None)
    after = kpi("3.f", plan, D(2023, 6, 30))
    assert before["status"] == "no_data"
    assert year_of(after, "2022-07-01") == {"actual": 1, "met": True}, after


def test_a_round_is_completed_once(oco):
    survey = needs_round(oco, 2025, ["FJI"])
    complete_round(survey, on=D(2025, 6, 30), actions=[], user=None)
    with pytest.raises(CannotComplete, match="completed on 2025-06-30"):
        complete_round(survey, on=D(2025, 7, 1), actions=[], user=None)
    assert Activity.objects.filter(kind="survey", organiser=oco).count() == 1


def test_only_a_needs_round_is_completed_and_not_before_it_opened(rocb, oco, workshop):
    with pytest.raises(CannotComplete, match="training-needs"):
        complete_round(evaluation_survey(rocb, workshop), on=D(2026, 12, 1), actions=[], user=None)
    survey = needs_round(oco, 2025, ["FJI"])
    with pytest.raises(CannotComplete, match="on or after the opening"):
        complete_round(survey, on=D(2025, 2, 1), actions=[], user=None)
    survey.refresh_from_db()
    assert survey.completed_on is None and not Activity.objects.filter(kind="survey").exists()
