"""The surveys' services: templates, versions, a response feeding the activity's evaluation."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from stratmon.facts.models import Evaluation
from stratmon.history.models import Change
from stratmon.plans.models import Organisation
from stratmon.surveys import links, services
from stratmon.surveys.definition import FormError
from stratmon.surveys.models import Form, Response

from .conftest import evaluation_survey

pytestmark = pytest.mark.django_db


def test_templates_are_loaded_once_per_organisation(rocb):
    count = Form.objects.count()
    assert count == 3 * Organisation.objects.count()
    assert services.load_templates() == 0
    assert Form.objects.count() == count


def test_responses_become_the_activitys_evaluation(rocb, workshop):
    survey = evaluation_survey(rocb, workshop)
    for rating in (5, 4, 4):
        response, checked = services.submit(
            survey, None, {"q-overall": [str(rating)], "q-relevance": ["5"]}
        )
        assert response is not None, checked.errors
    fact = Evaluation.objects.get(activity=workshop)
    assert (fact.score, fact.scale_max, fact.responses) == (Decimal("4.333"), 5, 3)
    assert Change.objects.filter(via="survey", model="evaluation").count() == 3


def test_a_refused_answer_stores_nothing(rocb, workshop):
    survey = evaluation_survey(rocb, workshop)
    response, checked = services.submit(survey, None, {"q-overall": ["7"]})
    assert response is None
    assert set(checked.errors) == {"overall", "relevance"}
    assert not Response.objects.exists() and not Evaluation.objects.exists()


def test_a_single_use_link_takes_one_response(rocb, workshop):
    survey = evaluation_survey(rocb, workshop, open_link=False)
    (invitation,) = services.invite(survey, [services.Invitee(name="A. Officer")], user=None)
    token = links.token_of(invitation.key)
    link = links.find(token)
    answers = {"q-overall": ["5"], "q-relevance": ["5"]}
    assert services.submit(link.survey, link.invitation, answers)[0] is not None
    with pytest.raises(links.LinkError) as used:
        links.find(token)
    assert used.value.status == 410
    with pytest.raises(services.Refused):
        services.submit(link.survey, link.invitation, answers)
    with pytest.raises(links.LinkError):
        links.find(links.token_of(survey.key))  # no open link for this survey


def test_forged_expired_and_early_links_are_refused(rocb, workshop):
    survey = evaluation_survey(rocb, workshop)
    token = links.token_of(survey.key)
    assert links.find(token).survey == survey
    for forged in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x" + token, survey.key):
        with pytest.raises(links.LinkError):
            links.find(forged)
    past = evaluation_survey(
        rocb,
        workshop,
        opens=timezone.now() - datetime.timedelta(days=9),
        closes=timezone.now() - datetime.timedelta(days=2),
    )
    with pytest.raises(links.LinkError, match="expired"):
        links.find(links.token_of(past.key))


def test_a_resent_response_is_stored_once(rocb, workshop):
    survey = evaluation_survey(rocb, workshop)
    answers = {"q-overall": ["3"], "q-relevance": ["3"]}
    first, _ = services.submit(survey, None, answers, client_key="abc")
    again, _ = services.submit(survey, None, answers, client_key="abc")
    assert first == again and Response.objects.count() == 1


def test_editing_a_form_with_responses_makes_a_new_version(rocb, workshop):
    survey = evaluation_survey(rocb, workshop)
    form = survey.form
    questions = [*form.questions, {"id": "extra", "type": "text", "label": "Anything else?"}]
    same = services.save_form(form, title=form.title, intro="", questions=questions, user=None)
    assert same.pk == form.pk and same.version == 1
    services.submit(survey, None, {"q-overall": ["4"], "q-relevance": ["4"]})
    changed = [*form.questions[:-1], {"id": "extra", "type": "text", "label": "Anything more?"}]
    newer = services.save_form(form, title=form.title, intro="", questions=changed, user=None)
    assert newer.version == 2 and newer.pk != form.pk
    form.refresh_from_db()
    assert form.questions[-1]["label"] == "Anything else?"
    with pytest.raises(FormError):
        services.save_form(form, title="", intro="", questions=[{"id": "overall"}], user=None)


def test_answers_on_another_scale_count_as_a_fraction_of_it(rocb, workshop):
    survey = evaluation_survey(rocb, workshop)
    services.submit(survey, None, {"q-overall": ["5"], "q-relevance": ["5"]})
    ten = [{**q, "scale": 10} if q["id"] == "overall" else q for q in survey.form.questions]
    newer = services.save_form(survey.form, title="", intro="", questions=ten, user=None)
    survey.form = newer
    survey.save(update_fields=["form"])
    services.submit(survey, None, {"q-overall": ["8"], "q-relevance": ["5"]})
    fact = Evaluation.objects.get(activity=workshop)
    # 5 of 5 and 8 of 10 (4 of 5), given on the survey's form's scale of 10: 10 and 8
    assert (fact.score, fact.scale_max, fact.responses) == (Decimal("9.000"), 10, 2)
