"""The survey results page, the activity page and the success-story pages: what each reader
sees, and what each costs in SQL queries (a count that does not grow with the responses)."""

import pytest

from stratmon.facts.models import Output
from stratmon.plans.models import Action
from stratmon.surveys.models import Response

from .conftest import impact_survey
from .test_feeding import answer, held  # noqa: F401  (the fixture `held`)

pytestmark = pytest.mark.django_db
ROCB = "rocb-ap-sap-2022-2024"


@pytest.fixture
def evaluated(rocb, held):  # noqa: F811
    from .conftest import evaluation_survey

    survey = evaluation_survey(rocb, held)
    answer(survey, overall=5, relevance=4, gender="Female", member="FJI", improve="Longer days")
    answer(survey, overall=4, relevance=4, gender="Male", member="JPN")
    return survey


def test_the_secretariat_reads_every_answer_on_the_results_page(
    client, evaluated, secretariat_officer
):
    client.force_login(secretariat_officer)
    page = client.get(f"/surveys/{evaluated.pk}/results/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Longer days" in body and "Mean: <strong>4.50</strong> out of 5" in body
    assert 'meter min="0" max="100" value="50"' in body
    assert "style=" not in body
    assert f'href="/activities/{evaluated.activity.ref}/"' in body


@pytest.mark.parametrize("responses", [2, 12])
def test_the_results_page_costs_the_same_whatever_the_responses(
    client, evaluated, secretariat_officer, django_assert_num_queries, responses
):
    for _ in range(responses - 2):
        answer(evaluated, overall=3, relevance=3, member="KOR")
    client.force_login(secretariat_officer)
    # signed in (2), the navigation's review count (1), the survey in reach (1), the results
    # (3: responses, versions, Member names); the rights come from the role, no query
    with django_assert_num_queries(7):
        assert client.get(f"/surveys/{evaluated.pk}/results/").status_code == 200


def test_the_activity_page_shows_facts_participants_evaluation_and_results(
    client, evaluated, secretariat_officer
):
    client.force_login(secretariat_officer)
    body = client.get(f"/activities/{evaluated.activity.ref}/").content.decode()
    assert "Workshop on AEO" in body and "1.hh)" in body
    assert '<th scope="row">Female</th><td class="num">2</td>' in body  # one filled by a form
    assert '<th scope="row">Fiji</th><td class="num">4</td>' in body
    # the evaluation fact the responses made
    assert f"EV-SRV-{evaluated.pk}" in body and "4.50" in body
    assert "Longer days" in body  # the Secretariat reads the answers in full
    assert f"/surveys/{evaluated.pk}/results/" in body


def test_a_focal_point_sees_ratings_not_words_and_its_own_members_only(
    client, evaluated, focal_point
):
    client.force_login(focal_point)
    page = client.get(f"/activities/{evaluated.activity.ref}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Mean: <strong>4.50</strong>" in body
    assert "Longer days" not in body and "read by the Secretariat only" in body
    assert "Japan" not in body  # neither in the participants nor in the Member picker
    assert '<th scope="row">Fiji</th>' in body
    assert "/results/" not in body


def test_an_activity_the_user_does_not_see_is_not_found(client, evaluated, other_focal_point):
    client.force_login(other_focal_point)
    assert client.get(f"/activities/{evaluated.activity.ref}/").status_code == 404


@pytest.mark.parametrize("responses", [2, 10])
def test_the_activity_page_costs_the_same_whatever_the_responses(
    client, rocb, evaluated, secretariat_officer, django_assert_num_queries, responses
):
    impact = impact_survey(rocb, evaluated.activity)
    answer(impact, changed="A lot", result="Yes", story="Done.", member="FJI")
    for _ in range(responses - 2):
        answer(evaluated, overall=3, relevance=3, member="KOR")
    client.force_login(secretariat_officer)
    # signed in (2), the navigation's review count (1); the activity in reach (1); the
    # surveys (1); the organisations whose surveys the user manages (1); results of both
    # surveys at once (3: responses, versions, Member names); partners, actions,
    # participants by gender and role, by Member, evaluations (5)
    with django_assert_num_queries(14):
        assert client.get(f"/activities/{evaluated.activity.ref}/").status_code == 200


def test_a_candidate_is_listed_accepted_and_counted(client, rocb, held, secretariat_officer):  # noqa: F811
    survey = impact_survey(rocb, held)
    answer(
        survey,
        changed="A lot",
        result="Yes",
        member="FJI",
        story="Release time fell to 2 hours. Traders noticed.",
    )
    response = Response.objects.get(story="candidate")
    # an action of another organisation's plan is neither offered nor suggested
    oco_action = Action.objects.filter(plan__code="oco-sp-2022-2027").first()
    held.actions.add(oco_action)
    client.force_login(secretariat_officer)
    listed = client.get("/surveys/stories/").content.decode()
    assert "Release time fell to 2 hours" in listed and "Fiji" in listed
    form = client.get(f"/surveys/stories/{response.pk}/accept/")
    assert form.context["form"].initial["title"] == "Release time fell to 2 hours"
    posted = client.post(
        f"/surveys/stories/{response.pk}/accept/",
        {
            "title": "Release in 2 hours",
            "date": "2023-10-01",
            "members": form.context["form"].initial["members"],
            "actions": form.context["form"].initial["actions"],
        },
    )
    assert posted.status_code == 302
    assert oco_action.pk not in form.context["form"].initial["actions"]
    output = Output.objects.get(kind="success_story")
    assert output.title == "Release in 2 hours"
    assert [a.code for a in output.actions.all()] == ["1.hh"]
    assert "No candidate waiting" in client.get("/surveys/stories/").content.decode()


def test_a_story_form_with_a_problem_says_so_and_saves_nothing(
    client,
    rocb,
    held,  # noqa: F811
    secretariat_officer,
):
    survey = impact_survey(rocb, held)
    answer(survey, changed="A lot", result="Yes", story="Done.")
    response = Response.objects.get(story="candidate")
    client.force_login(secretariat_officer)
    posted = client.post(f"/surveys/stories/{response.pk}/accept/", {"title": "", "date": "x"})
    assert posted.status_code == 400
    assert posted.context["form"].errors.keys() == {"title", "date"}
    assert not Output.objects.exists()
    dismissed = client.post(f"/surveys/stories/{response.pk}/dismiss/")
    assert dismissed.status_code == 302
    assert Response.objects.get(pk=response.pk).story == "dismissed"
    assert client.post(f"/surveys/stories/{response.pk}/dismiss/").status_code == 404


def test_the_stories_page_costs_the_same_whatever_the_candidates(
    client,
    rocb,
    held,  # noqa: F811
    secretariat_officer,
    django_assert_num_queries,
):
    survey = impact_survey(rocb, held)
    counts = []
    for n in range(3):
        answer(survey, changed="x", result="Yes", story=f"Story {n}.", member="FJI")
        client.force_login(secretariat_officer)
        # signed in (2), the review count (1), the candidates with their surveys (1)
        with django_assert_num_queries(4) as captured:
            assert client.get("/surveys/stories/").status_code == 200
        counts.append(len(captured))
    assert len(set(counts)) == 1
