"""The plan pages in a real browser: Debian's Chromium driven by Playwright."""

import pytest

from tests.browser import chromium_page
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username):
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_a_focal_point_signs_in_and_goes_from_the_plan_list_to_a_kpi(
    live_server, builtin, focal_point, tmp_path
):
    with chromium_page() as page:
        page.goto(live_server.url + "/")
        page.wait_for_url("**/sign-in/?next=/")
        sign_in(page, "fp-fiji")
        page.wait_for_url(live_server.url + "/")
        # The home of each of Fiji's organisations, each with its plan.
        assert page.locator("table.plans tbody tr").count() == 2
        page.get_by_role("link", name="ROCB A/P Strategic Action Plan 2022-2024").click()
        page.wait_for_url("**/plans/rocb-ap-sap-2022-2024/")
        assert page.locator("h1").inner_text() == "ROCB A/P Strategic Action Plan 2022-2024"
        page.get_by_role("link", name="Pillar 3").click()
        row = page.locator("#kpi-3\\.h")
        assert row.is_visible()
        assert "At least average of 4 out of 5" in row.inner_text()
        # The stylesheet is served (WhiteNoise) and applied.
        assert (
            page.evaluate("getComputedStyle(document.querySelector('header.site')).display")
            == "flex"
        )
        page.screenshot(path=str(tmp_path / "plan.png"), full_page=False)
        assert (tmp_path / "plan.png").stat().st_size > 10_000


def test_the_secretariat_imports_a_plan_reviews_it_and_confirms_it(
    live_server, builtin, secretariat_officer, tmp_path
):
    from stratmon.plans.models import Plan

    doc = tmp_path / "regional.txt"
    doc.write_text(
        "# Regional Action Plan 2024-2026\n\nThis plan applies from July 2024 to June 2026.\n\n"
        "## 1. Trade facilitation\n\n\tAction\tKPI\tTarget\tDeadline\n"
        "a)\tRun a time release workshop\tWorkshops held\tAt least once a year\t30 June 2026\n"
        "\tHelp Members join the RKC\tNumber of Members\tAt least 20/33 Members\t30 June 2026\n",
        encoding="utf-8",
    )
    with chromium_page() as page:
        page.goto(live_server.url + "/plans/import/")
        sign_in(page, "sec-officer")
        page.wait_for_url("**/plans/import/")
        page.set_input_files("input[name=document]", str(doc))
        page.select_option("select[name=org]", "rocb-ap")
        page.fill("input[name=code]", "regional-2024")
        page.click("text=Read the document")
        assert page.locator("#import-counts").inner_text().startswith("1 pillar, 2 actions")
        assert "unlabelled row read as action 'b)'" in page.locator("#import-warnings").inner_text()
        page.click("text=Save as a draft plan")
        page.wait_for_url("**/plans/regional-2024/")
        assert "draft" in page.locator("form.confirm").inner_text()
        page.click("text=Confirm the plan")
        page.wait_for_url("**/plans/regional-2024/")
        assert "is confirmed and now active" in page.locator("p.message").inner_text()
    assert Plan.objects.get(code="regional-2024").status == "active"
