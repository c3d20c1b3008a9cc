"""The match page and the desk's figures in Debian's Chromium: the officer reads the ranked
experts and why, opens the experts left out, shows them all; a viewer reads the figures and
changes the year. No console error, no serious accessibility violation, nothing wider than a
phone."""

from __future__ import annotations

import datetime

import pytest

from stratmon.desk import services
from stratmon.desk.models import Kind
from stratmon.desk.services import Filing, file_request
from stratmon.facts.models import Activity, ExpertAssignment
from stratmon.plans.models import Member, Organisation
from tests.browser import assert_accessible, chromium_page, sign_in, watch_console

from .conftest import file_mission, make_expert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def fits_a_phone(page) -> bool:
    page.set_viewport_size({"width": 390, "height": 844})
    wide = page.evaluate(OVERFLOW)
    page.set_viewport_size({"width": 1400, "height": 900})
    return wide <= 1


def test_the_officer_reads_the_ranked_experts_and_why(live_server, builtin, secretariat_officer):
    case = services.accept(file_mission(language="French"), user=None)
    for i in range(30):
        make_expert(
            f"EXP-{i:02d}",
            f"Expert {i:02d}",
            home=("JPN", "AUS", "FJI")[i % 3],
            accreditation=("accredited", "provisional", "none")[i % 3],
            languages="English; French" if i % 2 else "English",
        )
    base = live_server.url
    with chromium_page(1400, 900) as page:
        errors = watch_console(page)
        sign_in(page, base, "sec-officer")
        page.goto(f"{base}/requests/{case.pk}/match/")
        assert "The best 25 of 20 experts" not in page.inner_text("h2")
        assert page.locator("#ranked tbody tr").count() == 20
        first = page.inner_text("#ranked tbody tr >> nth=0")
        assert "accredited" in first and "speaks French" in first and "Propose" in first
        assert not page.is_visible("#left-out li >> nth=0")
        page.click("#left-out summary")
        assert "from the requesting Member (FJI)" in page.inner_text("#left-out")
        assert_accessible(page)
        assert fits_a_phone(page), "the match page is wider than a phone"
        assert not errors, errors


def test_the_officer_shows_all_experts_beyond_the_best_25(
    live_server, builtin, secretariat_officer
):
    filing = Filing(
        organisation=Organisation.objects.get(code="rocb-ap"),
        member=Member.objects.get(iso3="FJI"),
        subject="Advice on AEO",
        kind=Kind.OTHER,
    )
    case = services.accept(file_request(filing, user=None), user=None)
    for i in range(28):
        make_expert(f"EXP-{i:02d}", f"Expert {i:02d}", topics=())
    base = live_server.url
    with chromium_page(1400, 900) as page:
        errors = watch_console(page)
        sign_in(page, base, "sec-officer")
        page.goto(f"{base}/requests/{case.pk}/match/")
        assert page.locator("#ranked tbody tr").count() == 25
        page.click("#show-all")
        page.wait_for_url("**/match/?all=1")
        assert page.locator("#ranked tbody tr").count() == 28
        assert "none named" in page.inner_text("#asked-topics")
        assert not errors, errors


def test_a_viewer_reads_the_figures_and_changes_the_year(live_server, builtin, viewer):
    rocb = Organisation.objects.get(code="rocb-ap")
    expert = make_expert("EXP-A", "Aiko Tanaka")
    for n, start in enumerate([datetime.date(2025, 3, 3), datetime.date(2025, 7, 1)]):
        activity = Activity.objects.create(
            ref=f"ACT-{n}", kind="mission", title="m", start=start, end=start, organiser=rocb
        )
        ExpertAssignment.objects.create(ref=f"EA-{n}", activity=activity, expert=expert)
    filing = Filing(
        organisation=rocb, member=Member.objects.get(iso3="FJI"), subject="x", kind="other"
    )
    file_request(filing, user=None)
    base = live_server.url
    with chromium_page(1400, 900) as page:
        errors = watch_console(page)
        sign_in(page, base, "viewer-rocb")
        page.goto(f"{base}/requests/figures/")
        assert "1" in page.inner_text("#age-received")
        assert_accessible(page)
        page.fill("#year", "2025")
        page.click("#figures-choice button")
        page.wait_for_url("**/requests/figures/?year=2025")
        assert "Aiko Tanaka" in page.inner_text("#load-EXP-A")
        assert page.locator("#load meter").count() == 1
        assert_accessible(page)
        assert fits_a_phone(page), "the figures page is wider than a phone"
        assert not errors, errors
