"""The expert pool in Debian's Chromium: ROCB A/P's Secretariat officer adds an unavailable
period and sends a profile update link; the expert opens it on a phone (390×844), states a
new language and uploads a CV; the officer accepts. No console error, no serious
accessibility violation on any page."""

import pytest

from stratmon.desk.models import CV, ProfileUpdate
from tests.browser import assert_accessible, chromium_page, sign_in, watch_console
from tests.desk.conftest import make_expert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_an_officer_sends_a_link_and_accepts_the_expert_s_update(
    live_server, builtin, secretariat_officer, evidence_dir, tmp_path
):
    expert = make_expert(
        "EXP-W", "Aiko Tanaka", languages="English", email="aiko@example.org",
        accreditation="accredited",
    )  # fmt: skip
    cv = tmp_path / "aiko-cv.pdf"
    cv.write_bytes(b"%PDF-1.7 curriculum vitae of Aiko Tanaka")
    base = live_server.url
    with chromium_page(1280, 900) as page:
        errors = watch_console(page)
        sign_in(page, base, "sec-officer")
        page.goto(base + "/experts/")
        assert "Aiko Tanaka" in page.inner_text("#experts")
        assert_accessible(page)

        page.click("#expert-EXP-W a")
        page.wait_for_url("**/experts/EXP-W/")
        page.fill("#id_away-start", "2026-10-01")
        page.fill("#id_away-end", "2026-10-12")
        page.fill("#id_away-note", "annual leave")
        page.click("#add-unavailable button")
        page.wait_for_selector("p.message")
        assert "annual leave" in page.inner_text("#unavailable")
        page.click("#send-link button")
        page.wait_for_selector("#links")
        assert "Link sent to aiko@example.org" in page.inner_text("main")
        assert_accessible(page)
        url = page.input_value("#links input")

        # The expert: no account, on a phone.
        page.context.clear_cookies()
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(url)
        assert page.evaluate(OVERFLOW) <= 1, "the profile page is wider than a phone"
        assert "annual leave" in page.inner_text("#current-unavailable")
        assert_accessible(page)
        page.fill("#id_languages", "English; French")
        page.set_input_files("#id_cv", str(cv))
        page.click("#send")
        page.wait_for_selector("#done")
        assert_accessible(page)
        expert.refresh_from_db()
        assert expert.languages == "English"  # nothing changes before the review

        page.set_viewport_size({"width": 1280, "height": 900})
        sign_in(page, base, "sec-officer")
        page.goto(base + "/experts/updates/")
        update = ProfileUpdate.objects.get()
        assert "English; French" in page.inner_text(f"#update-{update.pk}")
        assert_accessible(page)
        page.click(f"#accept-{update.pk}")
        page.wait_for_selector("#no-updates")
        expert.refresh_from_db()
        assert expert.languages == "English; French"
        assert CV.objects.get(expert=expert).file.name == "aiko-cv.pdf"
        assert errors == []
