"""The activity page, a survey's results and the success-story candidates in Debian's
Chromium, as the Secretariat: read the results, turn a candidate into a success story; no
console error, no serious accessibility violation, nothing wider than a phone."""

import pytest

from stratmon.facts.models import Output
from tests.browser import assert_accessible, chromium_page, sign_in, watch_console

from .conftest import impact_survey
from .test_feeding import answer, held  # noqa: F401  (the fixture `held`)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_the_secretariat_reads_results_and_turns_a_candidate_into_a_story(
    live_server,
    rocb,
    held,  # noqa: F811
    secretariat_officer,
):
    from .conftest import evaluation_survey

    survey = evaluation_survey(rocb, held)
    answer(survey, overall=5, relevance=4, gender="Female", member="FJI", improve="More cases")
    answer(survey, overall=3, relevance=4, gender="Male", member="JPN")
    impact = impact_survey(rocb, held)
    answer(
        impact,
        changed="A lot",
        result="Yes",
        member="FJI",
        story="Fiji cut release time to 2 hours. Traders noticed.",
    )
    base = live_server.url
    with chromium_page(1280, 900) as page:
        errors = watch_console(page)
        sign_in(page, base, "sec-officer")
        page.goto(f"{base}/activities/{held.ref}/")
        assert "Workshop on AEO" in page.inner_text("h1")
        assert "4.00" in page.inner_text("#evaluations")  # the evaluation fact: (5 + 3) / 2
        assert "More cases" in page.inner_text("main")
        assert_accessible(page)
        page.set_viewport_size({"width": 390, "height": 844})
        assert page.evaluate(OVERFLOW) <= 1, "the activity page is wider than a phone"
        page.set_viewport_size({"width": 1280, "height": 900})

        page.get_by_role("link", name="The survey's results page").first.click()
        page.wait_for_url("**/results/")
        assert "Mean: 4.00 out of 5" in page.inner_text("main")
        assert_accessible(page)

        page.goto(f"{base}/surveys/stories/")
        assert "Fiji cut release time" in page.inner_text("#stories")
        assert_accessible(page)
        page.get_by_role("link", name="Turn into a success story").click()
        page.wait_for_url("**/accept/")
        assert page.input_value("#id_title") == "Fiji cut release time to 2 hours"
        assert_accessible(page)
        with page.expect_navigation() as sent:
            page.click("#story-form button[type=submit]")
        assert "/accept/" not in page.url, (sent.value.status, page.inner_text("main")[-1500:])
        assert "Saved the success story" in page.inner_text("main")
        assert "No candidate waiting" in page.inner_text("#stories")
        assert_accessible(page)
        assert not errors, errors
    story = Output.objects.get(kind="success_story")
    assert story.title == "Fiji cut release time to 2 hours"
