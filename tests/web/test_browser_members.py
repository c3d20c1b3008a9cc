"""The heat map and the Member profile in Debian's Chromium, as the Secretariat, a focal point
and a viewer: open them, change the date, sort, follow a cell to a profile; no console error
and no serious accessibility violation. Sorting also works without JavaScript."""

import datetime

import pytest
from playwright.sync_api import expect

from stratmon.facts import sample
from stratmon.plans.models import Organisation
from tests.browser import assert_accessible, chromium_page, sign_in, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HEATMAP = "/plans/rocb-ap-sap-2022-2024/heatmap/"


@pytest.fixture
def sampled(builtin):
    sample.load_sample(datetime.date(2026, 11, 22))


def member_rows(page):
    return page.locator("#heatmap-table tbody tr[id^=member-]")


def sort_and_change_the_date(page, base):
    """On the heat map: sort by name, then by topics achieved, then go back a year; every
    step swaps the heat map in place and puts its address in the history."""
    page.goto(f"{base}{HEATMAP}?as_of=2024-06-30")
    assert member_rows(page).count() == 35
    assert page.locator("tr.hm-group").count() == 4
    assert_accessible(page)
    page.click("#sort-name")
    page.wait_for_url("**sort=name**")
    page.wait_for_selector("strong#sort-name")
    assert member_rows(page).first.get_attribute("id") == "member-AFG"
    assert page.locator("tr.hm-group").count() == 0
    page.click("#sort-achieved")
    page.wait_for_url("**sort=achieved**")
    achieved = [int(t) for t in page.locator("#heatmap-table tbody td.hm-count").all_inner_texts()]
    assert achieved == sorted(achieved, reverse=True)
    page.fill("#as_of", "2023-06-30")
    page.click("#heatmap button[type=submit]")
    page.wait_for_url("**as_of=2023-06-30**")
    expect(member_rows(page)).to_have_count(34)
    assert "sort=achieved" in page.url  # the date keeps the order
    assert page.locator("strong#sort-achieved").count() == 1
    page.go_back()
    page.wait_for_url("**as_of=2024-06-30**")
    expect(member_rows(page)).to_have_count(35)
    assert_accessible(page)


def open_profile_and_change_its_date(page, base, iso3, name):
    page.wait_for_selector("h1")
    assert page.inner_text("h1").startswith(name)
    assert page.locator("#kpis table").count() >= 1
    assert_accessible(page)
    page.fill("#as_of", "2023-06-30")
    page.click("form.asof button[type=submit]")
    page.wait_for_url(f"**/members/{iso3}/**as_of=2023-06-30*")
    assert page.locator(".counted-in").count() > 0
    page.wait_for_load_state("networkidle")
    assert_accessible(page)


def test_the_secretariat_walks_the_heat_map_to_a_profile(live_server, sampled, secretariat_officer):
    with chromium_page(1400, 900) as page:
        errors = watch_console(page)
        sign_in(page, live_server.url, "sec-officer")
        sort_and_change_the_date(page, live_server.url)
        # every cell links to its Member's profile, at the topic
        page.click("#member-FJI td.hm >> nth=5")
        page.wait_for_url("**/members/FJI/**as_of=2024-06-30#topic-*")
        open_profile_and_change_its_date(page, live_server.url, "FJI", "Fiji")
        assert page.locator("#submissions").count() == 1  # the Secretariat's to see
        page.wait_for_selector("figure.chart svg")  # participants, drawn by vega-embed
        assert not errors, errors


def test_a_focal_point_opens_its_own_profile_from_the_heat_map(live_server, sampled, focal_point):
    with chromium_page(1400, 900) as page:
        errors = watch_console(page)
        sign_in(page, live_server.url, "fp-fiji")
        sort_and_change_the_date(page, live_server.url)
        # only its own Member's row links to a profile: WCO A/P does not share them
        assert (
            page.locator("#heatmap-table a[href^='/members/']:not([href^='/members/FJI/'])").count()
            == 0
        )
        page.click("#member-FJI th a")
        open_profile_and_change_its_date(page, live_server.url, "FJI", "Fiji")
        assert page.locator("#kpis-oco-sp-2022-2027").count() == 1  # both of Fiji's plans
        assert not errors, errors


def test_a_viewer_reads_shared_profiles(live_server, sampled, viewer):
    Organisation.objects.filter(code="rocb-ap").update(share_member_profiles=True)
    with chromium_page(1400, 900) as page:
        errors = watch_console(page)
        sign_in(page, live_server.url, "viewer-rocb")
        sort_and_change_the_date(page, live_server.url)
        page.click("#member-JPN th a")
        open_profile_and_change_its_date(page, live_server.url, "JPN", "Japan")
        assert page.locator("#submissions").count() == 0  # submissions stay private
        assert not errors, errors


def test_sorting_works_without_javascript(live_server, builtin, viewer):
    with chromium_page(1400, 900) as page:
        context = page.context.browser.new_context(java_script_enabled=False)
        plain = context.new_page()
        sign_in(plain, live_server.url, "viewer-rocb")
        plain.goto(f"{live_server.url}{HEATMAP}?as_of=2024-06-30")
        plain.click("#sort-name")
        plain.wait_for_url("**sort=name**")
        assert member_rows(plain).first.get_attribute("id") == "member-AFG"
        plain.fill("#as_of", "2022-12-31")
        plain.click("#heatmap button[type=submit]")
        plain.wait_for_url("**as_of=2022-12-31**")
        assert member_rows(plain).count() == 33 and "sort=name" in plain.url
        context.close()


@pytest.mark.parametrize("width", [390, 768, 1400])
def test_both_pages_fit_phone_tablet_and_laptop_widths(live_server, builtin, focal_point, width):
    with chromium_page(width, 900) as page:
        sign_in(page, live_server.url, "fp-fiji")
        for path in (f"{HEATMAP}?as_of=2024-06-30", "/members/FJI/?as_of=2024-06-30"):
            page.goto(live_server.url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{path} at {width} px is {overflow} px too wide"
        # narrower than a laptop, the heat map scrolls inside its box, Member names kept in view
        page.goto(live_server.url + HEATMAP)
        box = page.locator(".heatmap .table-scroll")
        assert box.evaluate("b => b.scrollWidth <= b.clientWidth + 1") == (width >= 1400)
        name = page.locator("#member-FJI th")
        assert name.evaluate("th => getComputedStyle(th).position") == "sticky"
