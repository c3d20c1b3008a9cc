"""The dashboards in Debian's Chromium, as each role: the home, the plan dashboard with its
as-of date and its filters (updated in place by htmx, the URL following), what changed; no
console error, and no serious accessibility violation on any of them."""

import datetime

import pytest

from stratmon.facts import sample
from tests.browser import assert_accessible, chromium_page, sign_in, wait_until, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PLAN = "/plans/rocb-ap-sap-2022-2024/"
# (fixture, user name, the organisations on its home)
ROLES = [
    ("viewer", "viewer-rocb", ["rocb-ap"]),
    ("secretariat_officer", "sec-officer", ["rocb-ap"]),
    ("focal_point", "fp-fiji", ["oco", "rocb-ap"]),
]


def rows(page):
    return page.locator("#kpi-list tr[id^=kpi-]")


@pytest.mark.parametrize(("role", "username", "organisations"), ROLES)
def test_each_role_walks_the_dashboards(
    live_server, builtin, request, role, username, organisations, tmp_path
):
    request.getfixturevalue(role)
    sample.load_sample(datetime.date(2026, 11, 22))
    base = live_server.url
    with chromium_page(1400, 900) as page:
        errors = watch_console(page)
        sign_in(page, base, username)

        # The home: a section per organisation the role reads.
        page.goto(base + "/?as_of=2024-06-30")
        page.wait_for_selector("figure.chart .chart-view svg", timeout=15_000)
        found = page.locator("section.org-home").evaluate_all("s => s.map(e => e.id)")
        assert found == [f"org-{o}" for o in organisations]
        assert page.locator("#moved-rocb-ap li").count() > 0
        page.screenshot(path=str(tmp_path / "home.png"))
        assert_accessible(page)

        # The plan dashboard, from the home.
        page.locator("#plans-rocb-ap a", has_text="ROCB A/P Strategic Action Plan").click()
        page.wait_for_url(f"**{PLAN}?as_of=2024-06-30")  # the home's date, kept
        page.wait_for_selector(".pillar-chart figure.chart .chart-view svg", timeout=15_000)
        assert rows(page).count() == 60
        assert (
            page.locator("#kpi-1\\.c svg.sparkline")
            .get_attribute("aria-label")
            .startswith("Actual from")
        )
        page.screenshot(path=str(tmp_path / "plan.png"))
        assert_accessible(page)

        # Another as-of date: the page follows it.
        page.fill("#as_of", "2023-06-30")
        page.locator("form.asof button").click()
        page.wait_for_url("**as_of=2023-06-30")
        assert "30 June 2023" in page.locator("dl.plan-facts").inner_text()

        # The filters: htmx replaces the list in place and the URL follows.
        page.evaluate("window.__same_page = true")
        with page.expect_response(lambda r: "status=on_track" in r.url):
            page.select_option("#f-status", "on_track")
        page.wait_for_url("**status=on_track**")
        assert page.evaluate("window.__same_page") is True  # no reload
        on_track = rows(page).count()
        assert 0 < on_track < 60
        assert rows(page).locator(".status-on_track").count() == on_track
        assert f"{on_track}</strong> of 60 KPIs" in page.locator("#kpi-count").inner_html()
        with page.expect_response(lambda r: "q=MRA" in r.url):
            page.fill("#f-q", "MRA")
        page.wait_for_url("**q=MRA**")
        page.select_option("#f-status", "")
        page.wait_for_url("**status=&**")
        assert [r.get_attribute("id") for r in rows(page).all()] == ["kpi-1.e"]
        with page.expect_response(lambda r: "sort=behind" in r.url):
            page.fill("#f-q", "")
            page.select_option("#f-sort", "behind")
        page.wait_for_url("**sort=behind**")
        wait_until(page, "document.querySelectorAll('#kpi-list tr[id^=kpi-]').length == 60")
        assert page.locator("#kpi-table").count() == 1  # one list, furthest behind first
        assert page.evaluate("window.__same_page") is True
        # The URL is shareable: opened afresh, it shows the same list.
        page.goto(page.url)
        assert page.locator("#f-sort").input_value() == "behind"
        assert_accessible(page)

        # What changed, from the dashboard.
        page.click("#what-changed")
        page.wait_for_url(f"**{PLAN}changes/?to=2023-06-30")
        assert page.locator("h1").inner_text().startswith("What changed between")
        assert page.locator("#changed-status tbody tr").count() > 0
        assert_accessible(page)
    assert not errors, errors
    for name in ("home.png", "plan.png"):  # what bench/screenshots.py keeps for the README
        assert (tmp_path / name).stat().st_size > 20_000
