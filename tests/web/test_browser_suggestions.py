"""Suggested measures in Debian's Chromium: a plan document read, its suggestions reviewed
(accept all / none, one by one), the draft saved and confirmed, and the plan computing."""

import time
from pathlib import Path

import pytest

from tests.browser import assert_accessible, chromium_page, sign_in, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DOCUMENTS = Path(__file__).resolve().parents[1] / "planfiles" / "documents"
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def read_document(page, base, path, org, code):
    page.goto(base + "/plans/import/")
    page.set_input_files("input[name=document]", str(path))
    page.select_option("select[name=org]", org)
    page.fill("input[name=code]", code)
    page.click("text=Read the document")
    page.wait_for_selector("#import-counts")


def test_the_secretariat_reviews_suggested_measures_and_saves_them_accepted(
    live_server, builtin, secretariat_officer
):
    from stratmon.plans.models import KPI, Plan

    base = live_server.url
    with chromium_page() as page:
        errors = watch_console(page)
        sign_in(page, base, "sec-officer")
        read_document(page, base, DOCUMENTS / "markdown_table.md", "rocb-ap", "wrco-web")

        # the suggestions in words, good fits ticked, the weak one not
        assert "suggests a measure for 5 KPIs" in page.locator("#suggested-count").inner_text()
        officers = page.locator("#measure-1\\.a")
        assert "Participations in held activities linked to this action" in officers.inner_text()
        assert "Good fit" in officers.inner_text()
        boxes = page.locator("input[name=accept]")
        assert boxes.count() == 5
        assert page.locator("#measure-2\\.a input[name=accept]").is_checked() is False
        assert_accessible(page)

        # "Accept none" then "Accept all" (the static script), then untick one by hand
        page.click("#accept-controls >> text=Accept none")
        assert not any(boxes.nth(i).is_checked() for i in range(5))
        page.click("#accept-controls >> text=Accept all")
        assert all(boxes.nth(i).is_checked() for i in range(5))
        page.uncheck("#measure-2\\.a input[name=accept]")

        # the review reads on a phone: the wide table scrolls in its box, not the page
        page.set_viewport_size({"width": 390, "height": 900})
        assert page.evaluate(OVERFLOW) <= 1
        page.set_viewport_size({"width": 1280, "height": 900})

        page.click("text=Save as a draft plan")
        page.wait_for_url("**/plans/wrco-web/")
        page.click("text=Confirm the plan")
        page.wait_for_url("**/plans/wrco-web/")
        assert "is confirmed and now active" in page.locator("p.message").inner_text()
        page.goto(base + "/plans/wrco-web/kpis/1.a/")
        assert "No measure is defined" not in page.locator("#measure-words").inner_text()
        assert page.locator("#measure-suggested").count() == 0
        assert errors == []

    assert Plan.objects.get(code="wrco-web").status == "active"
    kpis = {k.code: k for k in KPI.objects.filter(action__pillar__plan__code="wrco-web")}
    assert kpis["1.a"].measure == {"source": "participations", "linked": True}
    assert not kpis["2.a"].measure
    assert all(k.measure_suggested == "" for k in kpis.values())


def test_the_oco_plan_goes_from_its_document_to_computed_statuses(
    live_server, builtin, secretariat_officer
):
    from stratmon.accounts.models import Role
    from tests.conftest import make_user

    make_user("oco-officer", Role.Kind.SECRETARIAT_OFFICER, org="oco")
    seed = DOCUMENTS / "seeds" / "004_86da4bd1b27ef5ba.txt"
    base = live_server.url
    with chromium_page() as page:
        errors = watch_console(page)
        started = time.monotonic()
        sign_in(page, base, "oco-officer")
        read_document(page, base, seed, "oco", "oco-web")
        assert page.locator("#import-counts").inner_text().startswith("6 priorities, 80 actions")
        # every KPI the document gives is a milestone: measured already, nothing to suggest
        assert page.locator("#suggested-count").count() == 0
        assert "Done or not done" in page.locator("#measure-1\\.1\\.1\\.m").inner_text()
        page.click("text=Save as a draft plan")
        page.wait_for_url("**/plans/oco-web/")
        page.click("text=Confirm the plan")
        page.wait_for_url("**/plans/oco-web/")
        elapsed = time.monotonic() - started
        assert "is confirmed and now active" in page.locator("p.message").inner_text()
        assert "No measure is defined" not in page.content()
        assert errors == []
    print(f"OCO from document to confirmed plan: 5 steps, {elapsed:.1f} s in the browser")
