"""The response page in Debian's Chromium on a phone's screen (390×844): answer an activity's
open link and the activity's evaluation and KPI 3.h change; a single-use link takes one
answer; an expired link is refused; half an answer survives a reload and a dropped
connection. No console error, no serious accessibility violation; first paint and page
weight are measured (printed with -s; docs/surveys.md)."""

import datetime
from decimal import Decimal

import pytest

from stratmon.facts.models import Activity, Evaluation
from stratmon.kpis.services import evaluate_plan
from stratmon.plans.models import Plan
from stratmon.surveys import links, services
from stratmon.surveys.models import Response
from tests.browser import assert_accessible, chromium_page, wait_until, watch_console

from .conftest import evaluation_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = (390, 844)
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
ROCB = "rocb-ap-sap-2022-2024"
AS_OF = datetime.date(2024, 6, 30)
FIRST_PAINT = "performance.getEntriesByName('first-contentful-paint')[0].startTime"
PAINTED = "performance.getEntriesByName('first-contentful-paint').length > 0"
WEIGHT = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const files = performance.getEntriesByType('resource');
  return [nav.decodedBodySize, files.map(f => [f.name, f.decodedBodySize])];
}"""


@pytest.fixture
def held(rocb):
    """A workshop held in the plan's second year, so KPI 3.h counts its evaluation."""
    return Activity.objects.create(
        ref="ACT-2023-RM",
        kind="workshop",
        status="held",
        title="Regional workshop on risk management",
        start=datetime.date(2023, 9, 4),
        end=datetime.date(2023, 9, 6),
        organiser=rocb,
    )


def unexpected(errors, *statuses):
    """The console errors besides Chromium's note of each refusal the test asked for (it logs
    every 4xx answer, even one the page expects and shows)."""
    said = [f"the server responded with a status of {status} " for status in statuses]
    return [e for e in errors if not any(s in e[1] for s in said)]


def kpi_3h():
    plan = Plan.objects.get(code=ROCB, superseded_by__isnull=True)
    found = next(e for e in evaluate_plan(plan, AS_OF) if e.kpi.code == "3.h")
    return found.result.actual, found.result.status


def answer_first_half(page):
    page.check("#q-overall-o4")
    page.fill("#q-improve", "More time for the exercises")


def answer_second_half(page):
    page.check("#q-relevance-o5")
    page.check("#q-gender-o1")
    page.select_option("#q-member", "FJI")


def test_an_answer_through_an_activitys_link_updates_its_evaluation_and_kpi_3h(live_server, held):
    Evaluation.objects.create(ref="EV-EARLIER", activity=held, score=Decimal("3"))
    before = kpi_3h()
    assert before[0] == Decimal("3")
    survey = evaluation_survey(held.organiser, held)
    link = f"{live_server.url}/s/{links.token_of(survey.key)}/"
    with chromium_page(*PHONE) as page:
        errors = watch_console(page)
        page.goto(link)  # the server's first page (its templates are read once)
        wait_until(page, PAINTED)
        cold = page.evaluate(FIRST_PAINT)
        page.reload()
        assert page.inner_text("h1") == "Evaluation"
        assert "Regional workshop on risk management" in page.inner_text(".activity")
        assert "4 September 2023 – 6 September 2023" in page.inner_text(".activity")
        wait_until(page, PAINTED)
        first_paint = page.evaluate(FIRST_PAINT)
        html, files = page.evaluate(WEIGHT)
        weight = html + sum(size for _, size in files)
        print(f"\nresponse page: first contentful paint {cold:.0f} ms on the server's first")
        print(f"request, {first_paint:.0f} ms after; {weight} bytes (HTML, CSS and JS)")
        assert sorted(name.rsplit("/", 1)[1] for name, _ in files) == ["respond.css", "respond.js"]
        assert weight < 30_000
        assert page.evaluate(OVERFLOW) <= 1, "the form is wider than a phone"
        assert_accessible(page)

        answer_first_half(page)
        answer_second_half(page)
        page.click("#send")
        page.wait_for_selector("#done")
        assert page.inner_text("h1") == "Thank you"
        assert page.evaluate("localStorage.length") == 0
        assert_accessible(page)
        assert not errors, errors

    (response,) = Response.objects.filter(survey=survey)
    assert response.answers["overall"] == 4 and response.member.iso3 == "FJI"
    fact = Evaluation.objects.get(ref=f"EV-SRV-{survey.pk}")
    assert (fact.activity, fact.score, fact.responses) == (held, Decimal("4.000"), 1)
    after = kpi_3h()
    assert after != before and after[0] == Decimal("3.5"), after  # mean of 3 and 4


def test_a_bad_answer_is_shown_beside_its_question_on_a_phone(live_server, held):
    survey = evaluation_survey(held.organiser, held)
    with chromium_page(*PHONE) as page:
        errors = watch_console(page)
        page.goto(f"{live_server.url}/s/{links.token_of(survey.key)}/")
        # The browser asks for the required ratings itself; past it, the server's check.
        page.evaluate("document.getElementById('survey-form').noValidate = true")
        page.check("#q-overall-o4")
        page.click("#send")
        page.wait_for_selector("#problems")
        assert "This question needs an answer." in page.inner_text("#q-relevance-box")
        assert page.is_checked("#q-overall-o4")
        assert_accessible(page)
        assert not unexpected(errors, 400), errors
    assert not Response.objects.exists()


def test_a_single_use_link_takes_one_answer_and_an_expired_link_none(live_server, held):
    survey = evaluation_survey(held.organiser, held, open_link=False)
    (invitation,) = services.invite(survey, [services.Invitee(name="A. Officer")], user=None)
    link = f"{live_server.url}/s/{links.token_of(invitation.key)}/"
    with chromium_page(*PHONE) as page:
        errors = watch_console(page)
        page.goto(link)
        # The same link open on a second device (or a forwarded e-mail).
        other = page.context.browser.new_page(viewport={"width": PHONE[0], "height": PHONE[1]})
        other_errors = watch_console(other)
        other.goto(link)
        for tab in (page, other):
            answer_first_half(tab)
            answer_second_half(tab)
        page.click("#send")
        page.wait_for_selector("#done")
        other.click("#send")
        other.wait_for_selector("#reason")
        assert links.USED in other.inner_text("#reason")
        assert other.inner_text("#reason") == links.USED
        refused = page.goto(link)
        assert refused.status == 410 and page.inner_text("#reason") == links.USED
        assert_accessible(page)

        now = datetime.datetime.now(datetime.UTC)
        closed = evaluation_survey(
            held.organiser,
            held,
            opens=now - datetime.timedelta(days=10),
            closes=now - datetime.timedelta(days=1),
        )
        expired = page.goto(f"{live_server.url}/s/{links.token_of(closed.key)}/")
        assert expired.status == 410 and page.inner_text("#reason") == links.EXPIRED
        assert page.locator("form").count() == 0
        assert not unexpected(errors + other_errors, 410), errors + other_errors
    assert Response.objects.filter(survey=survey).count() == 1


def test_half_an_answer_survives_a_reload_and_a_dropped_connection(live_server, held):
    survey = evaluation_survey(held.organiser, held)
    link = f"{live_server.url}/s/{links.token_of(survey.key)}/"
    with chromium_page(*PHONE) as page:
        errors = watch_console(page)
        page.goto(link)
        answer_first_half(page)
        page.reload()
        assert page.is_checked("#q-overall-o4")
        assert page.input_value("#q-improve") == "More time for the exercises"

        answer_second_half(page)
        page.context.set_offline(True)
        page.click("#send")
        wait_until(page, "document.getElementById('status').textContent.length > 0")
        assert page.inner_text("#status") == (
            "You are offline: your answers are kept and will be sent when the connection is back."
        )
        assert not Response.objects.exists()
        page.context.set_offline(False)  # the `online` event sends them
        page.wait_for_selector("#done")
        assert not errors, errors
    (response,) = Response.objects.filter(survey=survey)
    assert response.answers["improve"] == "More time for the exercises"
    assert response.answers["relevance"] == 5


def test_the_needs_grid_and_the_follow_ups_conditions_fit_a_phone(live_server, held):
    from .test_respond import survey_of

    needs = survey_of(held.organiser, "training-needs", year=2026)
    follow_up = survey_of(held.organiser, "impact-follow-up", held)
    with chromium_page(*PHONE) as page:
        errors = watch_console(page)
        page.goto(f"{live_server.url}/s/{links.token_of(needs.key)}/")
        assert page.locator(".topic-grid tbody tr").count() > 5
        assert page.evaluate(OVERFLOW) <= 1, "the topic grid is wider than a phone"
        page.check("#q-needs-r1-o6")  # the first topic rated 5 (after the blank option)
        assert_accessible(page)

        page.goto(f"{live_server.url}/s/{links.token_of(follow_up.key)}/")
        story = page.locator("#q-story-box")
        assert story.is_hidden() and page.locator("#q-since-box").is_hidden()
        page.check("#q-result-o1")  # "Yes": the story and its date are asked
        assert story.is_visible() and page.locator("#q-story-if").is_hidden()
        page.check("#q-result-o2")  # "No": hidden again, and not sent
        assert story.is_hidden() and page.is_disabled("#q-story")
        assert page.evaluate(OVERFLOW) <= 1
        assert_accessible(page)
        assert not errors, errors
