"""The API's browsable docs: Swagger UI served by StratMon itself, under the site's
Content-Security-Policy, with "Try it out" running as the signed-in user."""

import pytest

from tests.browser import chromium_page, sign_in, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_load_offline_and_try_a_call(live_server, builtin, viewer):
    with chromium_page() as page:
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        seen = watch_console(page)
        sign_in(page, live_server.url, "viewer-rocb")
        page.goto(live_server.url + "/api/docs/")
        page.wait_for_selector("text=/api/v1/plans/{code}/kpis/", timeout=20000)
        # Open the KPI list and run it: the page's session authenticates the call.
        page.click("#operations-plans-plans_kpis_list button.opblock-summary-control")
        page.click("text=Try it out")
        page.fill("input[placeholder='code']", "rocb-ap-sap-2022-2024")
        page.click("button.execute")
        page.wait_for_selector(".live-responses-table tbody .response-col_status", timeout=20000)
        status = page.inner_text(".live-responses-table tbody .response-col_status")
        assert "200" in status
        outside = [u for u in requests if not u.startswith(live_server.url)]
        assert not outside, outside  # no CDN: everything from StratMon
        assert not seen, seen  # no CSP violation, no script error
