"""The priorities page and completing a round in Debian's Chromium, as the Secretariat of
ROCB A/P: read the ranking, switch rounds, complete the newest round; no console error, no
serious accessibility violation, nothing wider than a phone's screen."""

import pytest

from stratmon.facts.models import Activity
from stratmon.surveys import services
from tests.browser import assert_accessible, chromium_page, sign_in, watch_console
from tests.surveys.needs import answer, needs_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_the_secretariat_reads_the_priorities_and_completes_the_round(
    live_server, builtin, secretariat_admin
):
    from stratmon.plans.models import Organisation

    services.load_templates()
    rocb = Organisation.objects.get(code="rocb-ap")
    old = needs_round(rocb, 2022, ["JPN", "IND"])
    answer(old, "JPN", {"aeo": 5, "rkc": 2})
    new = needs_round(rocb, 2023, ["JPN", "IND", "FJI"])
    answer(new, "JPN", {"aeo": 2, "rkc": 5})
    answer(new, "FJI", {"rkc": 4, "tfa": 5})
    base = live_server.url
    with chromium_page(390, 844) as page:
        errors = watch_console(page)
        sign_in(page, base, "sec-admin")
        page.goto(f"{base}/surveys/priorities/")
        assert "2 of 3 Members answered" in page.inner_text("#response-rate")
        # tfa (5.00, new), rkc (4.50, second as in 2022), aeo (2.00, down from first)
        assert page.inner_text("#rank-tfa td:first-child") == "1"
        assert "new" in page.inner_text("#rank-tfa")
        assert "same place" in page.inner_text("#rank-rkc")
        assert "down 2" in page.inner_text("#rank-aeo")
        assert page.evaluate(OVERFLOW) <= 0
        assert_accessible(page)
        page.select_option("#year", "2022")
        page.click("#priorities-choice button[type=submit]")
        page.wait_for_url("**year=2022**")
        assert "Ranking 2022" in page.inner_text("main")
        assert_accessible(page)

        page.goto(f"{base}/surveys/{new.pk}/complete/")
        # 1.aa and 3.f count survey activities: preselected among the actions offered
        assert page.locator("#complete-form input[name=actions]:checked").count() == 2
        assert_accessible(page)
        page.fill("#on", "2023-05-31")
        page.click("#complete-form button[type=submit]")
        page.wait_for_selector("#completed")
        assert "31 May 2023" in page.inner_text("#completed")
        assert page.evaluate(OVERFLOW) <= 0
        assert_accessible(page)
        assert errors == []
    activity = Activity.objects.get(kind="survey")
    assert activity.title == "Training needs assessment 2023: 2 of 3 Members answered"
