"""axe-core finds no serious or critical violation on the pages people read most."""

import pytest

from tests.browser import assert_accessible, chromium_page, sign_in, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/plans/rocb-ap-sap-2022-2024/",
    "/plans/rocb-ap-sap-2022-2024/?as_of=2023-06-30",
    "/requests/figures/",
    "/requests/",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_serious_accessibility_violations(live_server, builtin, viewer, path):
    with chromium_page(1400, 900) as page:
        errors = watch_console(page)
        sign_in(page, live_server.url, "viewer-rocb")
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert_accessible(page)
        assert not errors, errors
