"""What responses feed beyond the survey: the activity's evaluation (KPI 3.h), participants'
gender (the people dashboard) and success-story candidates."""

import datetime
from decimal import Decimal

import pytest

from stratmon.facts.models import Activity, Participation
from stratmon.history.models import Change
from stratmon.kpis.services import evaluate_plan
from stratmon.plans.models import Action, Member, Plan
from stratmon.surveys import feeding, services
from stratmon.surveys.models import Form, Response

from .conftest import evaluation_survey, impact_survey

pytestmark = pytest.mark.django_db
ROCB = "rocb-ap-sap-2022-2024"
AS_OF = datetime.date(2024, 6, 30)


@pytest.fixture
def held(rocb):
    """A workshop inside the ROCB plan's period, with four participants whose gender is not
    stated (three of Fiji, one of Japan) and one woman of Fiji."""
    activity = Activity.objects.create(
        ref="ACT-2023-T1",
        kind="workshop",
        title="Workshop on AEO",
        status="held",
        start=datetime.date(2023, 3, 6),
        end=datetime.date(2023, 3, 8),
        organiser=rocb,
    )
    activity.actions.add(Action.objects.get(plan__code=ROCB, code="1.hh"))
    fiji, japan = Member.objects.get(iso3="FJI"), Member.objects.get(iso3="JPN")
    for n, (member, gender) in enumerate(
        [
            (fiji, "not_stated"),
            (fiji, "not_stated"),
            (fiji, "not_stated"),
            (japan, "not_stated"),
            (fiji, "female"),
        ]
    ):
        Participation.objects.create(
            ref=f"PAR-T-{n}", activity=activity, member=member, gender=gender
        )
    return activity


def answer(survey, invitation=None, **fields):
    posted = {f"q-{k}": [str(v)] for k, v in fields.items()}
    response, checked = services.submit(survey, invitation, posted)
    assert response is not None, checked.errors
    return response


def genders(activity):
    return sorted(activity.participations.values_list("ref", "gender"))


def kpis():
    plan = Plan.objects.get(code=ROCB, superseded_by__isnull=True)
    return {e.kpi.code: e for e in evaluate_plan(plan, AS_OF)}


@pytest.mark.parametrize(
    ("option", "gender"),
    [
        ("Woman", "female"),
        (" FEMALE ", "female"),
        ("man", "male"),
        ("Male", "male"),
        ("other", "other"),
        ("Prefer not to say", None),
        ("Non-binary", None),
    ],
)
def test_gender_options_are_read_case_insensitively(option, gender):
    question = {
        "id": "g",
        "type": "choice",
        "feeds": "gender",
        "label": "Gender",
        "options": [option, "Rather not say"],
    }
    overall = {"id": "o", "type": "rating", "feeds": "score", "label": "Overall"}
    form = Form(purpose="evaluation", questions=[overall, question])
    assert feeding.gender_of(Response(form=form, answers={"g": option})) == gender


def test_kpi_3h_follows_the_responses_as_they_arrive(rocb, held):
    assert kpis()["3.h"].result.actual is None
    survey = evaluation_survey(rocb, held)
    answer(survey, overall=5, relevance=5)
    assert kpis()["3.h"].result.actual == Decimal(5)
    answer(survey, overall=2, relevance=5)
    assert kpis()["3.h"].result.actual == Decimal("3.5")


def test_an_open_link_fills_one_not_stated_participant_of_the_members_each(rocb, held):
    survey = evaluation_survey(rocb, held)
    first = answer(survey, overall=4, relevance=4, gender="Female", member="FJI")
    second = answer(survey, overall=4, relevance=4, gender="Male", member="FJI")
    assert first.participation.ref == "PAR-T-0" and second.participation.ref == "PAR-T-1"
    answer(survey, overall=4, relevance=4, gender="Prefer not to say", member="FJI")
    answer(survey, overall=4, relevance=4, gender="Female")  # no Member: nobody to fill
    answer(survey, overall=4, relevance=4, gender="Other", member="KOR")  # nobody of Korea
    assert genders(held) == [
        ("PAR-T-0", "female"),
        ("PAR-T-1", "male"),
        ("PAR-T-2", "not_stated"),
        ("PAR-T-3", "not_stated"),
        ("PAR-T-4", "female"),
    ]
    assert held.participations.count() == 5  # never a participation added
    change = Change.objects.filter(via="survey", model="participation").first()
    assert change is not None and "gender stated in response" in change.reason


def test_a_single_use_link_fills_its_own_participant_only_when_not_stated(rocb, held):
    survey = evaluation_survey(rocb, held, open_link=False)
    japan = Participation.objects.get(ref="PAR-T-3")
    woman = Participation.objects.get(ref="PAR-T-4")
    links = services.invite(
        survey,
        [
            services.Invitee(name="A", participation=japan, member=japan.member),
            services.Invitee(name="B", participation=woman, member=woman.member),
        ],
        user=None,
    )
    assert answer(survey, links[0], overall=5, relevance=5, gender="Male").participation == japan
    assert answer(survey, links[1], overall=5, relevance=5, gender="Male").participation is None
    assert dict(genders(held))["PAR-T-3"] == "male"
    assert dict(genders(held))["PAR-T-4"] == "female"


def test_the_people_dashboard_counts_the_genders_the_forms_gave(
    client, rocb, held, secretariat_officer
):
    client.force_login(secretariat_officer)
    url = f"/plans/{ROCB}/people/?as_of={AS_OF}"
    before = client.get(url).context["figures"].total
    assert (before.female, before.male, before.not_stated) == (1, 0, 4)
    survey = evaluation_survey(rocb, held)
    answer(survey, overall=4, relevance=4, gender="Female", member="FJI")
    answer(survey, overall=4, relevance=4, gender="Male", member="JPN")
    after = client.get(url).context["figures"].total
    assert (after.female, after.male, after.not_stated, after.total) == (2, 1, 2, 5)


def test_an_impact_yes_is_a_story_candidate_and_a_no_is_not(rocb, held):
    survey = impact_survey(rocb, held)
    yes = answer(survey, changed="A lot", result="Yes", story="We cut release time.", member="FJI")
    no = answer(survey, changed="Little", result="No")
    assert Response.objects.get(pk=yes.pk).story == "candidate"
    assert Response.objects.get(pk=no.pk).story == ""
