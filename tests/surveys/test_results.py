"""Per-question results of a survey's responses (stratmon.surveys.results)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from stratmon.surveys import services
from stratmon.surveys.models import Form, Response
from stratmon.surveys.results import survey_results

from .conftest import evaluation_survey

pytestmark = pytest.mark.django_db


def answer(survey, **fields):
    posted = {f"q-{k}": v if isinstance(v, list) else [str(v)] for k, v in fields.items()}
    response, checked = services.submit(survey, None, posted)
    assert response is not None, checked.errors
    return response


def by_id(results):
    return {q.id: q for q in results.questions}


def test_ratings_give_mean_count_and_distribution(rocb, workshop):
    survey = evaluation_survey(rocb, workshop)
    for overall in (5, 4, 4, 2):
        answer(survey, overall=overall, relevance=5)
    found = by_id(survey_results(survey, with_text=True))
    overall = found["overall"]
    assert (overall.mean, overall.answered, overall.asked, overall.scale) == (
        Decimal("3.75"),
        4,
        4,
        5,
    )
    assert [(b.label, b.count, b.percent) for b in overall.bars] == [
        ("1", 0, 0),
        ("2", 1, 25),
        ("3", 0, 0),
        ("4", 2, 50),
        ("5", 1, 25),
    ]
    assert found["trainers"].answered == 0 and found["trainers"].mean is None


def test_choices_members_and_texts(rocb, workshop):
    survey = evaluation_survey(rocb, workshop)
    answer(survey, overall=5, relevance=5, gender="Female", member="FJI", improve="More time")
    answer(survey, overall=4, relevance=4, gender="Female", member="FJI")
    answer(survey, overall=4, relevance=4, gender="Male", member="JPN")
    found = by_id(survey_results(survey, with_text=True))
    assert [(b.label, b.count) for b in found["gender"].bars] == [
        ("Female", 2),
        ("Male", 1),
        ("Other", 0),
        ("Prefer not to say", 0),
    ]
    assert [(b.label, b.count) for b in found["member"].bars] == [("Fiji", 2), ("Japan", 1)]
    assert found["improve"].texts == ("More time",)
    hidden = by_id(survey_results(survey, with_text=False))["improve"]
    assert hidden.texts == () and hidden.texts_hidden


def test_needs_numbers_multi_and_grid(rocb):
    form = Form.objects.get(organisation=rocb, code="training-needs")
    now = timezone.now()
    plan = services.SurveyPlan(
        form=form,
        title="TNA 2026",
        opens=now - datetime.timedelta(hours=1),
        closes=now + datetime.timedelta(days=3),
        year=2026,
    )
    survey = services.open_survey(plan, user=None)
    answer(
        survey,
        member="FJI",
        **{"needs-rkc": "5", "needs-aeo": "3"},
        officers=10,
        delivery=["Regional workshop", "E-learning"],
    )
    answer(survey, member="JPN", **{"needs-rkc": "4"}, officers=5, delivery=["E-learning"])
    found = by_id(survey_results(survey, with_text=True))
    assert found["officers"].numbers.count == 2
    assert (found["officers"].numbers.mean, found["officers"].numbers.total) == (7.5, 15)
    assert (found["officers"].numbers.minimum, found["officers"].numbers.maximum) == (5, 10)
    bars = {b.label: (b.count, b.percent) for b in found["delivery"].bars}
    assert bars["E-learning"] == (2, 100) and bars["Regional workshop"] == (1, 50)
    assert bars["Expert mission"] == (0, 0)
    grid = [(r.code, r.mean, r.count) for r in found["needs"].grid]
    assert grid == [("rkc", Decimal("4.50"), 2), ("aeo", Decimal("3.00"), 1)]


def test_each_version_is_counted_on_its_own_definition(rocb, workshop):
    survey = evaluation_survey(rocb, workshop)
    v1 = survey.form
    answer(survey, overall=4, relevance=4)
    questions = [q for q in v1.questions if q["id"] != "trainers"]
    questions.append({"id": "venue", "type": "rating", "scale": 10, "label": "Venue"})
    questions = [q | {"scale": 10} if q["id"] == "relevance" else q for q in questions]
    v2 = services.save_form(v1, title=v1.title, intro=v1.intro, questions=questions, user=None)
    assert v2.version == 2
    Response.objects.create(
        survey=survey, form=v2, answers={"overall": 5, "relevance": 9, "venue": 7}
    )
    found = survey_results(survey, with_text=True)
    assert (found.responses, found.versions) == (2, (1, 2))
    rows = {(q.id, q.scale): q for q in found.questions}
    assert rows[("overall", 5)].mean == Decimal("4.50")
    assert rows[("overall", 5)].versions == (1, 2)
    # relevance changed scale: one summary per definition, each on its own scale
    assert (rows[("relevance", 5)].mean, rows[("relevance", 5)].versions) == (4, (1,))
    assert (rows[("relevance", 10)].mean, rows[("relevance", 10)].versions) == (9, (2,))
    # asked on one version only
    assert (rows[("venue", 10)].asked, rows[("venue", 10)].answered) == (1, 1)
    assert (rows[("trainers", 5)].asked, rows[("trainers", 5)].versions) == (1, (1,))


@pytest.mark.parametrize("responses", [1, 12])
def test_the_results_cost_four_queries_whatever_the_responses(
    rocb, workshop, django_assert_num_queries, responses
):
    survey = evaluation_survey(rocb, workshop)
    for n in range(responses):
        answer(survey, overall=1 + n % 5, relevance=3, member="FJI" if n % 2 else "JPN")
    with django_assert_num_queries(3):  # responses, form versions, Member names
        survey_results(survey, with_text=True)
