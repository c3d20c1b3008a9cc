"""The plan pages in a real browser: Debian's Chromium driven by Playwright."""

import pytest

from tests.browser import chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_goes_from_the_plan_list_to_a_kpi(live_server, builtin, tmp_path):
    with chromium_page() as page:
        page.goto(live_server.url + "/")
        assert page.locator("#plans tbody tr").count() == 2
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
