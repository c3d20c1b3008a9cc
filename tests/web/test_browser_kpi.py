"""The KPI page in Chromium: as a viewer, a Secretariat officer and a focal point, change the
as-of date, page the drill-down in place (htmx), see the chart drawn; no console error, no
serious accessibility violation."""

import datetime
import os

import pytest

from stratmon.facts import sample
from stratmon.facts.models import Activity, Participation
from stratmon.plans.models import Member
from tests.browser import assert_accessible, chromium_page, sign_in, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = "rocb-ap-sap-2022-2024"
# 3.e.1 counts participations: more than a page of them on the sample data.
MEMBERS, PAGED = "1.g", "3.e.1"


@pytest.fixture
def sampled(builtin):
    sample.load_sample(datetime.date(2026, 11, 22))
    # Enough of Fiji's own participations for its focal point to page through too.
    workshop = Activity.objects.filter(kind="workshop", start__year=2023).first()
    fiji = Member.objects.get(iso3="FJI")
    Participation.objects.bulk_create(
        Participation(ref=f"PAR-FJI-{i}", activity=workshop, member=fiji, gender="female")
        for i in range(60)
    )


def open_kpi(page, base, code, as_of):
    page.goto(f"{base}/plans/{PLAN}/kpis/{code}/?as_of={as_of}")
    page.wait_for_selector("figure.chart .chart-view svg", timeout=15_000)


@pytest.mark.parametrize("username", ["viewer-rocb", "sec-officer", "fp-fiji"])
def test_each_reader_opens_a_kpi_changes_the_date_and_pages_the_records(
    live_server, sampled, viewer, secretariat_officer, focal_point, username, tmp_path
):
    with chromium_page(1400, 900) as page:
        errors = watch_console(page)
        sign_in(page, live_server.url, username)
        open_kpi(page, live_server.url, MEMBERS, "2024-06-30")
        assert "KPI 1.g" in page.locator("h1").inner_text()
        assert "Revised Kyoto Convention" in page.locator("#measure-words").inner_text()
        svg = page.locator("figure.chart .chart-view svg")
        assert "target" in svg.inner_html()
        assert_accessible(page)
        if os.environ.get("STRATMON_SHOTS"):
            page.screenshot(path=f"{os.environ['STRATMON_SHOTS']}/kpi-{username}.png")

        # Another date, through the form: the page says it, the chart is drawn again.
        page.fill("#as_of", "2023-06-30")
        page.click("#asof-form button[type=submit]")
        page.wait_for_url("**as_of=2023-06-30")
        page.wait_for_selector("figure.chart .chart-view svg", timeout=15_000)
        assert "as of 30 Jun 2023" in page.locator("#drilldown-title").inner_text()

        # A list of records over more than one page: the next page replaces the list alone.
        open_kpi(page, live_server.url, PAGED, "2024-06-30")
        first = page.locator("#drilldown table.drill tbody tr").first.inner_text()
        page.evaluate("window.__kept = 'same page'")
        page.click("#drill-next")
        page.wait_for_selector("#drilldown nav.pages >> text=page 2 of")
        assert page.evaluate("window.__kept") == "same page"  # no full reload: htmx swapped
        assert "page=2" in page.url
        assert page.locator("#drilldown table.drill tbody tr").first.inner_text() != first
        assert page.locator("figure.chart .chart-view svg").count() == 1
        assert_accessible(page)
    assert errors == []


def test_the_drill_down_pages_without_javascript(live_server, sampled, viewer):
    with chromium_page() as page:
        page.context.close()
        page = page.context.browser.new_context(java_script_enabled=False).new_page()
        sign_in(page, live_server.url, "viewer-rocb")
        page.goto(f"{live_server.url}/plans/{PLAN}/kpis/{PAGED}/?as_of=2024-06-30")
        page.click("#drill-next")
        page.wait_for_url("**page=2**")
        assert "page 2 of" in page.locator("#drilldown nav.pages").inner_text()


def test_the_kpi_page_reads_at_phone_tablet_and_laptop_widths(live_server, sampled, viewer):
    overflow = "document.documentElement.scrollWidth - window.innerWidth"
    problems = []
    with chromium_page() as page:
        errors = watch_console(page)
        sign_in(page, live_server.url, "viewer-rocb")
        for width in (390, 768, 1400):
            page.set_viewport_size({"width": width, "height": 900})
            for code in (MEMBERS, "1.hh", PAGED, "3.h"):
                open_kpi(page, live_server.url, code, "2024-03-31")
                if (extra := page.evaluate(overflow)) > 1:
                    problems.append(f"{code} at {width} px: the page is {extra} px too wide")
    assert problems == []
    assert errors == []
