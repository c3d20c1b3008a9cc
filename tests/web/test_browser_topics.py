"""The topic pages in Debian's Chromium, as a Secretariat admin: add a topic with synonyms,
find it listed, merge it into another after seeing what moves, and find the moved statuses
and the KPIs on the kept topic's page; no console error, no serious accessibility violation,
nothing wider than a phone's screen."""

import pytest

from stratmon.facts.records import save_records
from tests.browser import assert_accessible, chromium_page, sign_in, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (390, 768, 1400)
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_the_secretariat_adds_a_topic_and_merges_it(live_server, builtin, secretariat_admin):
    base = live_server.url
    with chromium_page(1400, 900) as page:
        errors = watch_console(page)
        sign_in(page, base, "sec-admin")
        page.click("#nav-topics")
        page.wait_for_url("**/topics/")
        assert_accessible(page)
        page.click("#add-topic")
        page.wait_for_url("**/topics/new/")
        assert_accessible(page)
        page.fill("#id_code", "release-time")
        page.fill("#id_name", "Release time measured")
        page.fill("#id_synonyms", "release time study\nRelease Time Study\nclearance time")
        page.click("#topic-form button[type=submit]")
        page.wait_for_url("**/topics/release-time/")
        assert "release time study; clearance time" in page.inner_text("#synonyms")
        page.click(".crumbs a")
        assert page.locator("#topic-release-time").count() == 1

        # Two Members report on the new topic (as approved submissions would record them).
        rows = [
            {"id": f"ST-RT-{iso3}", "member": iso3, "topic": "release-time",
             "status": "achieved", "effective": "2023-04-01"}
            for iso3 in ("FJI", "JPN")
        ]  # fmt: skip
        save_records({"member_statuses": rows}, user=None, via="test")
        page.goto(f"{base}/topics/release-time/?as_of=2024-06-30")
        assert page.inner_text("#count-achieved td.num") == "2"
        assert_accessible(page)
        page.select_option("#id_merge-keep", "trs")
        page.fill("#id_merge-reason", "the same study under two names")
        page.click("#merge-form button[type=submit]")
        page.wait_for_selector("#merge-confirm")
        assert "2 statuses, 0 KPIs in 0 plans" in page.inner_text("#merge-summary")
        assert_accessible(page)
        page.click("#merge-confirm button[type=submit]")
        page.wait_for_url("**/topics/trs/")
        assert "merged into" in page.inner_text("main")
        page.goto(f"{base}/topics/trs/?as_of=2024-06-30")
        assert int(page.inner_text("#count-achieved td.num")) >= 2
        assert "Japan" in page.inner_text("#members")
        # the KPI of the ROCB plan that counts the kept topic, linked to its page
        kpi_link = page.locator("#kpis a[href*='/kpis/']").first
        href = kpi_link.get_attribute("href")
        kpi_link.click()
        page.wait_for_url(f"**{href}")
        page.goto(f"{base}/topics/")
        assert page.locator("#topic-release-time").count() == 0
        assert "release-time" in page.inner_text("#topic-trs")
        assert not errors, errors


def test_the_topic_pages_fit_every_screen(live_server, builtin, secretariat_admin):
    with chromium_page(1400, 900) as page:
        sign_in(page, live_server.url, "sec-admin")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for path in ("/topics/", "/topics/new/", "/topics/rkc/?as_of=2024-06-30"):
                page.goto(live_server.url + path)
                extra = page.evaluate(OVERFLOW)
                assert extra <= 1, f"{path} at {width} px is {extra} px too wide"
