"""Success-story candidates turned into outputs (KPI 3.j) or dismissed."""

import datetime

import pytest

from stratmon.facts.models import Output
from stratmon.history.models import Change
from stratmon.plans.models import Member
from stratmon.surveys import stories
from stratmon.surveys.models import Response, Survey

from .conftest import impact_survey
from .test_feeding import answer, held, kpis  # noqa: F401  (the fixture `held`)

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(rocb, held):  # noqa: F811
    survey = impact_survey(rocb, held)
    story = "Fiji now releases AEO goods in 2 hours. It used to take a day."
    return answer(survey, changed="A lot", result="Yes", story=story, member="FJI")


def test_the_title_is_the_storys_first_sentence():
    assert stories.first_sentence("Goods clear in 2 h. Before: a day.") == "Goods clear in 2 h"
    assert stories.first_sentence("No full stop  here") == "No full stop here"
    assert len(stories.first_sentence("x" * 400)) == 300


def test_the_suggestion_starts_from_the_activity_and_the_respondent(candidate):
    found = stories.suggestion(candidate)
    assert found.title == "Fiji now releases AEO goods in 2 hours"
    assert [m.iso3 for m in found.members] == ["FJI"]
    assert [a.code for a in found.actions] == ["1.hh"]


def test_accepting_a_story_makes_an_output_that_kpi_3j_counts(candidate, secretariat_officer):
    assert kpis()["3.j"].result.actual is None  # nothing recorded yet
    suggested = stories.suggestion(candidate)
    output = stories.accept_story(
        candidate,
        title=suggested.title,
        date=datetime.date(2023, 9, 1),
        members=suggested.members,
        actions=suggested.actions,
        user=secretariat_officer,
    )
    assert kpis()["3.j"].result.actual == 1
    assert (output.kind, output.title) == ("success_story", suggested.title)
    assert [m.iso3 for m in output.members.all()] == ["FJI"]
    stored = Response.objects.get(pk=candidate.pk)
    assert (stored.story, stored.output) == ("accepted", output)
    assert Change.objects.filter(model="output", user=secretariat_officer).exists()
    assert Change.objects.filter(model="response", details__story=["candidate", "accepted"])
    assert not stories.candidates(Survey.objects.all()).exists()


def test_a_story_is_accepted_once(candidate):
    stories.accept_story(
        candidate, title="T", date=datetime.date(2023, 9, 1), members=(), actions=(), user=None
    )
    with pytest.raises(stories.StoryError):
        stories.accept_story(
            candidate, title="T", date=datetime.date(2023, 9, 1), members=(), actions=(), user=None
        )
    assert Output.objects.count() == 1


def test_a_story_without_title_or_with_a_bad_member_saves_nothing(candidate):
    with pytest.raises(stories.StoryError):
        stories.accept_story(
            candidate, title="  ", date=datetime.date(2023, 9, 1), members=(), actions=(), user=None
        )
    ghost = Member(iso3="ZZZ", name="Nowhere")
    with pytest.raises(Exception):  # noqa: B017  (the facts' WorkbookError)
        stories.accept_story(
            candidate,
            title="T",
            date=datetime.date(2023, 9, 1),
            members=[ghost],
            actions=(),
            user=None,
        )
    assert Output.objects.count() == 0
    assert Response.objects.get(pk=candidate.pk).story == "candidate"


def test_a_dismissed_story_leaves_the_list(candidate, secretariat_officer):
    stories.dismiss_story(candidate, user=secretariat_officer)
    assert Response.objects.get(pk=candidate.pk).story == "dismissed"
    assert not stories.candidates(Survey.objects.all()).exists()
    with pytest.raises(stories.StoryError):
        stories.dismiss_story(candidate, user=secretariat_officer)
