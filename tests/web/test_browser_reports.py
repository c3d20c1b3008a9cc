"""Progress reports in Debian's Chromium: a Secretariat officer downloads the PDF from the
plan dashboard, publishes the report from the reports page, and sees a later correction
marked on the dashboard; no console error, no serious accessibility violation."""

import datetime

import pytest

from stratmon.facts import sample
from stratmon.reports.models import PublishedReport
from tests.browser import assert_accessible, chromium_page, sign_in, watch_console
from tests.web.test_plan_dashboard_reports import correct_rkc
from tests.web.test_responsive import layout_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROCB = "rocb-ap-sap-2022-2024"
DASHBOARD = f"/plans/{ROCB}/?as_of=2024-06-30"


def test_the_secretariat_downloads_publishes_and_sees_revisions(
    live_server, builtin, secretariat_officer, tmp_path
):
    sample.load_sample(datetime.date(2026, 11, 22))
    base = live_server.url
    with chromium_page(1400, 900) as page:
        errors = watch_console(page)
        sign_in(page, base, "sec-officer")

        # The dashboard offers the report as of its date; the PDF downloads.
        page.goto(base + DASHBOARD)
        page.wait_for_selector(".pillar-chart figure.chart .chart-view svg", timeout=15_000)
        assert "No report of this plan has been published yet." in page.inner_text("#reports")
        assert_accessible(page)
        with page.expect_download(timeout=60_000) as info:
            page.click("#report-pdf")
        download = info.value
        assert download.suggested_filename == f"{ROCB}_2024-06-30.pdf"
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        assert saved.read_bytes().startswith(b"%PDF")

        # The reports page, from the dashboard: publish as of the dashboard's date.
        page.click("#reports-page")
        page.wait_for_url(f"**/plans/{ROCB}/reports/")
        assert_accessible(page)
        page.fill("#publish-form input[name=as_of]", "2024-06-30")
        page.click("#publish-form button[type=submit]")
        page.wait_for_selector("[role=status]:has-text('Published:')", timeout=60_000)
        assert PublishedReport.objects.filter(plan__code=ROCB, as_of="2024-06-30").count() == 1
        assert page.locator("table tbody tr").count() == 1
        assert_accessible(page)

        # Back on the dashboard: the latest published report, its figures as they stand.
        page.goto(base + DASHBOARD)
        assert "as of 30 Jun 2024" in page.inner_text("#latest-report")
        assert page.inner_text("#revised-summary").startswith("No figure revised")

        # A correction of a fact dated before it: marked at once, in words, and filtered.
        correct_rkc(secretariat_officer)
        page.reload()
        marks = page.locator("#kpi-list .revised")
        assert marks.count() >= 1
        assert "Revised since published on" in marks.first.inner_text()
        page.click("#show-revised")
        page.wait_for_url("**revised=1**")
        assert page.locator("#kpi-list tr[id^=kpi-]").count() == marks.count()
        page.wait_for_selector(".pillar-chart figure.chart .chart-view svg", timeout=15_000)
        assert_accessible(page)

        # The card and the marks fit a phone, a tablet and a laptop.
        paths = (DASHBOARD, f"/plans/{ROCB}/reports/")
        assert layout_problems(page, base, paths) == []
        for width in (390, 1400):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(base + DASHBOARD)
            page.locator("#reports").screenshot(path=str(tmp_path / f"reports-{width}.png"))
            page.locator("#kpi-list .revised").first.evaluate("e => e.scrollIntoView()")
            page.screenshot(path=str(tmp_path / f"revised-{width}.png"))
    assert errors == []
