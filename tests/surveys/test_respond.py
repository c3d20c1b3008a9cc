"""The public response page /s/<token>/: the form of each shipped template, answers stored or
sent back with their problems, every kind of bad link refused with its status, and nothing of
the plan or of other respondents on the page."""

import datetime
import re

import pytest
from django.utils import timezone

from stratmon.facts.models import Evaluation
from stratmon.surveys import links, services
from stratmon.surveys.models import Form, Response

from .conftest import evaluation_survey

pytestmark = pytest.mark.django_db
GOOD = {"q-overall": "4", "q-relevance": "5", "q-improve": "More exercises"}


def url(token):
    return f"/s/{token}/"


def survey_of(rocb, code, activity=None, **kw):
    now = timezone.now()
    form = Form.objects.get(organisation=rocb, code=code)
    plan = services.SurveyPlan(
        form=form,
        title=f"Survey {code}",
        activity=activity,
        opens=kw.pop("opens", now - datetime.timedelta(hours=1)),
        closes=kw.pop("closes", now + datetime.timedelta(days=7)),
        **kw,
    )
    return services.open_survey(plan, user=None)


@pytest.mark.parametrize("code", ["participant-evaluation", "training-needs", "impact-follow-up"])
def test_the_page_renders_every_question_of_each_shipped_template(client, rocb, workshop, code):
    survey = survey_of(rocb, code, workshop)
    response = client.get(url(links.token_of(survey.key)))
    assert response.status_code == 200
    page = response.content.decode()
    form = survey.form.definition()
    choices = services.choices_for(survey)
    for q in form.questions:
        assert q.label.replace("'", "&#x27;") in page, q.id
        if q.type == "rating":
            for n in range(1, q.scale + 1):
                assert f'name="{q.field}" value="{n}"' in page
        elif q.type in ("choice", "multi"):
            kind = "checkbox" if q.type == "multi" else "radio"
            for option in q.options:
                assert re.search(rf'type="{kind}"[^>]*name="{q.field}" value="{option}"', page)
        elif q.type == "topic_grid":
            for topic_code, _ in choices.grid_topics(q):
                assert f'name="{q.field}-{topic_code}" value=""' in page  # the blank option
                assert f'name="{q.field}-{topic_code}" value="{q.scale}"' in page
        elif q.type == "member":
            assert f'<select id="q-{q.id}" name="{q.field}"' in page
            assert '<option value="FJI">Fiji</option>' in page
        elif q.type == "longtext":
            assert f'<textarea id="q-{q.id}" name="{q.field}" rows="4" maxlength="5000"' in page
        elif q.type == "number":
            assert re.search(rf'name="{q.field}" value="" type="number"[^>]*min="0"', page)
        elif q.type == "date":
            assert f'name="{q.field}" value="" type="date"' in page
        if q.show_if:
            assert f'data-show-if="q-{q.show_if.question}"' in page
            assert f'id="q-{q.id}-if">Answer only if your answer to' in page
    assert workshop.title in page and "2 November 2026 – 4 November 2026" in page
    assert survey.form.intro.split()[0] in page
    assert "<script>" not in page and "style=" not in page  # the CSP allows neither
    assert "Content-Security-Policy" in response


def test_a_good_answer_is_stored_once_and_thanked(client, rocb, workshop):
    survey = evaluation_survey(rocb, workshop)
    path = url(links.token_of(survey.key))
    sent = GOOD | {"client_key": "k-1"}
    first, again = client.post(path, sent), client.post(path, sent)  # a resend: one answer
    for response in (first, again):
        assert response.status_code == 200
        assert "Your answers are recorded" in response.content.decode()
    assert Response.objects.get().answers == {
        "overall": 4,
        "relevance": 5,
        "improve": "More exercises",
    }
    assert Evaluation.objects.get(activity=workshop).score == 4
    assert client.post(path, GOOD | {"client_key": "k-2"}).status_code == 200
    assert Response.objects.count() == 2


def test_a_bad_answer_comes_back_with_its_problem_beside_the_question(client, rocb, workshop):
    survey = evaluation_survey(rocb, workshop)
    path = url(links.token_of(survey.key))
    response = client.post(path, {"q-overall": "9", "q-improve": "kept", "client_key": "k"})
    assert response.status_code == 400
    page = response.content.decode()
    assert '<p class="error" id="q-overall-error">Choose from 1 to 5.</p>' in page
    assert re.search(r'<fieldset id="q-overall" aria-describedby="[^"]*q-overall-error"', page)
    assert '<p class="error" id="q-relevance-error">This question needs an answer.</p>' in page
    assert '<a href="#q-overall">' in page and ">kept</textarea>" in page
    assert 'value="k"' in page  # the same client key, so a resend is still one answer
    assert "q-trainers-error" not in page
    assert not Response.objects.exists()


def test_a_single_use_link_takes_one_answer_and_thanks_its_own_resend(client, rocb, workshop):
    survey = evaluation_survey(rocb, workshop, open_link=False)
    (invitation,) = services.invite(survey, [services.Invitee(name="A. Officer")], user=None)
    path = url(links.token_of(invitation.key))
    assert client.post(path, GOOD | {"client_key": "mine"}).status_code == 200
    assert client.post(path, GOOD | {"client_key": "mine"}).status_code == 200  # resent
    other = client.post(path, GOOD | {"client_key": "another"})
    assert other.status_code == 410 and links.USED in other.content.decode()
    assert client.get(path).status_code == 410
    assert Response.objects.count() == 1


def test_a_link_used_meanwhile_refuses_the_answer(client, rocb, workshop, monkeypatch):
    survey = evaluation_survey(rocb, workshop, open_link=False)
    (invitation,) = services.invite(survey, [services.Invitee(name="B")], user=None)
    token = links.token_of(invitation.key)
    found = links.find(token)
    services.submit(found.survey, found.invitation, {"q-overall": ["5"], "q-relevance": ["5"]})
    monkeypatch.setattr(links, "find", lambda t: found)  # the page read the link before
    response = client.post(url(token), GOOD | {"client_key": "late"})
    assert response.status_code == 410 and links.USED in response.content.decode()


def refused_links(rocb, workshop):
    now = timezone.now()
    open_survey = evaluation_survey(rocb, workshop)
    token = links.token_of(open_survey.key)
    closed = evaluation_survey(
        rocb,
        workshop,
        opens=now - datetime.timedelta(days=9),
        closes=now - datetime.timedelta(days=1),
    )
    early = evaluation_survey(
        rocb,
        workshop,
        opens=now + datetime.timedelta(days=2),
        closes=now + datetime.timedelta(days=9),
    )
    single = evaluation_survey(rocb, workshop, open_link=False)
    (used,) = services.invite(single, [services.Invitee(name="C")], user=None)
    services.submit(single, used, {"q-overall": ["5"], "q-relevance": ["5"]})
    key, signature = token.rsplit(":", 1)
    flip = "A" if signature[0] != "A" else "B"
    return {
        "forged": (key + ":" + "x" * len(signature), 404, links.INVALID),
        "altered": (flip + token[1:], 404, links.INVALID),
        "resigned elsewhere": (key + ":" + flip + signature[1:], 404, links.INVALID),
        "bare key": (open_survey.key, 404, links.INVALID),
        "unknown": (links.token_of(links.new_key()), 404, links.INVALID),
        "expired": (links.token_of(closed.key), 410, links.EXPIRED),
        "not yet open": (links.token_of(early.key), 403, "This survey opens on"),
        "used": (links.token_of(used.key), 410, links.USED),
        "closed survey's invitation-less key": (links.token_of(single.key), 404, links.INVALID),
    }


@pytest.mark.parametrize("method", ["get", "post"])
def test_bad_links_are_refused_with_their_status_and_no_detail(client, rocb, workshop, method):
    for name, (token, status, reason) in refused_links(rocb, workshop).items():
        before = Response.objects.count()
        response = getattr(client, method)(url(token), GOOD | {"client_key": name})
        page = response.content.decode()
        assert response.status_code == status, name
        assert reason.replace("'", "&#x27;") in page, name
        assert "Evaluation" not in page and workshop.title not in page, name
        assert 'name="q-' not in page, name
        assert Response.objects.count() == before, name


def test_nothing_of_the_plan_or_other_respondents_shows(client, rocb, workshop):
    from stratmon.plans.models import Action

    workshop.actions.add(Action.objects.get(plan__code="rocb-ap-sap-2022-2024", code="3.h"))
    survey = evaluation_survey(rocb, workshop)
    path = url(links.token_of(survey.key))
    secret = "Another respondent's private remark"
    client.post(path, GOOD | {"q-improve": secret, "client_key": "other"})
    for response in (client.get(path), client.post(path, GOOD | {"client_key": "me"})):
        page = response.content.decode()
        for leak in (secret, "3.h", "Strategic Action Plan", "KPI", "response", "EV-SRV"):
            assert leak not in page, leak
        assert not re.search(r"\b[12] (answers|responses)\b", page)


def test_the_form_costs_a_pinned_number_of_queries(
    client, rocb, workshop, django_assert_num_queries
):
    survey = survey_of(rocb, "training-needs")
    path = url(links.token_of(survey.key))
    # The link: no invitation of that key, then the open link with its form and activity;
    # the pickers' Members and topics. No session, no user, no navigation count.
    with django_assert_num_queries(4):
        assert client.get(path).status_code == 200
