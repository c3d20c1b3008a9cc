"""The gender and evaluation dashboard in Debian's Chromium, as a viewer, a Secretariat officer
and a focal point: the charts draw, the as-of date and the filters update the results in place
(and the address), the page fits phone to laptop widths, axe-core finds nothing serious, and the
console stays clean."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser import assert_accessible, chromium_page, sign_in, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PAGE = "/plans/rocb-ap-sap-2022-2024/people/"
CHARTS = "#people-results figure.chart .chart-view svg"
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def sampled(builtin):
    from stratmon.facts import sample

    sample.load_sample(datetime.date(2026, 11, 22))


def scope(page):
    return page.locator("#people-scope").inner_text()


@pytest.mark.parametrize("username", ["viewer-rocb", "sec-officer", "fp-fiji"])
def test_each_reader_changes_the_date_and_filters_in_place(
    live_server, sampled, viewer, secretariat_officer, focal_point, username
):
    base = live_server.url
    with chromium_page(1400, 900) as page:
        sign_in(page, base, username)
        errors = watch_console(page)
        page.goto(base + PAGE + "?as_of=2024-06-30")
        page.wait_for_selector(CHARTS, timeout=15_000)
        assert page.locator(CHARTS).count() == 7
        assert "30 June 2024" in scope(page)
        participations = page.locator(".tile-participations .tile-figure").inner_text()
        assert_accessible(page)

        # A new as-of date: the results change in place, the address follows.
        page.fill("#as_of", "2023-03-31")
        page.locator("#as_of").dispatch_event("change")
        expect(page.locator("#people-scope")).to_contain_text("31 March 2023")
        assert "as_of=2023-03-31" in page.url
        assert page.locator(".tile-participations .tile-figure").inner_text() != participations
        expect(page.locator(CHARTS)).to_have_count(7, timeout=15_000)  # drawn again

        # A filter: meetings only, then one sub-region; the charts are drawn again.
        page.check("input[name=kind][value=meeting]")
        expect(page.locator("#people-scope")).to_contain_text("meeting")
        page.select_option("#subregion", "ASEAN")
        expect(page.locator("#people-scope")).to_contain_text("ASEAN")
        assert "kind=meeting" in page.url and "subregion=ASEAN" in page.url
        # Meetings are not evaluated: the three gender charts and the heads of delegation.
        expect(page.locator(CHARTS)).to_have_count(4, timeout=15_000)
        assert "No evaluation is recorded" in page.locator("#scores").inner_text()
        assert_accessible(page)

        # The address is the page: reloaded, it shows the same filters.
        page.reload()
        assert page.locator("input[name=kind][value=meeting]").is_checked()
        assert "ASEAN" in scope(page)
    assert errors == []


def test_the_filters_work_without_javascript(live_server, sampled, viewer):
    base = live_server.url
    with chromium_page() as page:
        page.context.close()
        context = page.context.browser.new_context(java_script_enabled=False)
        page = context.new_page()
        sign_in(page, base, "viewer-rocb")
        page.goto(base + PAGE + "?as_of=2024-06-30")
        page.check("input[name=kind][value=workshop]")
        page.click("form.people-filters button[type=submit]")
        page.wait_for_load_state()
        assert "kind=workshop" in page.url
        assert "kinds: workshop" in scope(page)
        # The numbers are in the tables when no chart is drawn (workshops have no heads of
        # delegation: six charts, and the page says so for the seventh).
        assert page.locator("details.chart-table table").count() == 6
        assert "No head of delegation is recorded" in page.locator("#heads").inner_text()


@pytest.mark.parametrize("width", [390, 768, 1400])
def test_the_page_fits_phone_tablet_and_laptop_widths(live_server, sampled, focal_point, width):
    base = live_server.url
    with chromium_page(width, 900) as page:
        sign_in(page, base, "fp-fiji")
        errors = watch_console(page)
        page.goto(base + PAGE + "?as_of=2024-06-30")
        page.wait_for_selector(CHARTS, timeout=15_000)
        assert page.evaluate(OVERFLOW) <= 1, f"the page is too wide at {width} px"
    assert errors == []
