"""The API tokens page in Debian's Chromium, as a viewer: make a read-only token from the
navigation, see it once (it fits a phone's screen), find it listed without it, revoke it; no
console error, no serious accessibility violation."""

import pytest

from stratmon.api.tokens import find_token
from tests.browser import assert_accessible, chromium_page, sign_in, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_a_viewer_makes_a_token_sees_it_once_and_revokes_it(live_server, viewer):
    base = live_server.url
    with chromium_page(1400, 900) as page:
        errors = watch_console(page)
        sign_in(page, base, "viewer-rocb")
        page.click("#nav-tokens")
        page.wait_for_url("**/account/tokens/")
        assert "No tokens yet" in page.inner_text("#tokens")
        assert_accessible(page)

        page.fill("#id_name", "quarterly export")
        page.select_option("#id_expires", "30")
        page.check("#id_read_only")
        page.click("#token-form button[type=submit]")
        page.wait_for_selector("#new-token-key")
        key = page.inner_text("#new-token-key")
        assert "Copy it now" in page.inner_text("#new-token")
        token = find_token(key)
        assert (token.user, token.name, token.read_only) == (viewer, "quarterly export", True)
        row = page.locator(f"#token-{token.pk}")
        assert "read-only" in row.inner_text() and "active" in row.inner_text()
        assert_accessible(page)
        page.set_viewport_size({"width": 390, "height": 800})
        assert page.evaluate(OVERFLOW) <= 1, "the new token is wider than a phone"
        page.set_viewport_size({"width": 1400, "height": 900})

        # Not shown again: the list has its first characters only.
        page.goto(base + "/account/tokens/")
        assert page.locator("#new-token").count() == 0
        assert key not in page.content()
        assert f"{token.prefix}…" in row.inner_text()

        row.get_by_role("button", name="Revoke").click()
        page.wait_for_selector("p.message")
        assert f"The token {token.prefix}… (quarterly export) is revoked." in page.inner_text(
            "main"
        )
        assert "revoked" in row.inner_text()
        assert row.get_by_role("button").count() == 0
        assert find_token(key) is None
        assert_accessible(page)
        assert not errors, errors
