"""The request pages in Debian's Chromium: Fiji's focal point files a mission on a phone,
choosing the organisation and a topic; ROCB A/P's Secretariat accepts it, then declines
another with a reason the focal point reads. No console error, no serious accessibility
violation, nothing wider than a phone."""

import datetime

import pytest
from django.utils import timezone

from stratmon.desk.models import Case, Kind, State
from stratmon.desk.services import Filing, file_request
from stratmon.plans.models import Member, Organisation
from tests.browser import assert_accessible, chromium_page, sign_in, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}


def fits_a_phone(page):
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    wide = page.evaluate(OVERFLOW)
    page.set_viewport_size(size)
    return wide <= 1


def test_a_focal_point_files_and_the_secretariat_accepts_and_declines(
    live_server, builtin, focal_point, secretariat_officer
):
    other = file_request(
        Filing(
            organisation=Organisation.objects.get(code="rocb-ap"),
            member=Member.objects.get(iso3="FJI"),
            subject="Webinar on e-commerce",
            kind=Kind.WEBINAR,
        ),
        user=focal_point,
    )
    start = timezone.localdate() + datetime.timedelta(days=40)
    base = live_server.url
    with chromium_page(**PHONE) as page:
        errors = watch_console(page)
        sign_in(page, base, "fp-fiji")
        page.goto(base + "/requests/")
        assert "Webinar on e-commerce" in page.inner_text("#requests")
        assert_accessible(page)
        assert fits_a_phone(page), "the work list is wider than a phone"

        page.click("#new-request")
        page.wait_for_selector("#request-form")
        assert_accessible(page)
        assert fits_a_phone(page), "the filing form is wider than a phone"
        page.select_option("#id_organisation", "rocb-ap")
        page.fill("#id_subject", "Diagnostic mission on RKC accession")
        page.fill("#id_details", "Our legal team asks for a gap analysis.")
        page.select_option("#id_kind", "mission")
        page.select_option("#id_topics", ["rkc"])
        page.fill("#id_preferred_start", start.isoformat())
        page.fill("#id_preferred_end", (start + datetime.timedelta(days=4)).isoformat())
        page.fill("#id_language", "English")
        page.select_option("#id_urgency", "soon")
        page.click("#file-request")
        page.wait_for_selector("#steps")
        mission = Case.objects.get(subject="Diagnostic mission on RKC accession")
        assert [t.code for t in mission.topics.all()] == ["rkc"]
        assert mission.state == State.RECEIVED and mission.organisation.code == "rocb-ap"
        assert "Revised Kyoto" in page.inner_text("#topics")
        assert page.locator("#move-accept").count() == 0
        assert_accessible(page)
        assert fits_a_phone(page), "the request's page is wider than a phone"

        page.set_viewport_size(DESKTOP)
        sign_in(page, base, "sec-officer")
        page.click("#nav-requests")
        page.wait_for_url("**/requests/")
        assert_accessible(page)
        page.click(f"#request-{mission.pk} a")
        page.wait_for_selector("#move-accept")
        assert_accessible(page)
        page.fill("#accept-note", "We will find an expert.")
        page.click("#do-accept")
        page.wait_for_selector("p.message")
        assert page.inner_text("#state").lower() == "accepted"
        assert "We will find an expert." in page.inner_text("#steps")
        assert_accessible(page)

        page.goto(f"{base}/requests/{other.pk}/")
        page.click("#do-decline")  # without a reason: refused beside the field
        page.wait_for_selector("#decline-reason ~ .field-error, #field-reason .field-error")
        assert "say why" in page.inner_text("#move-decline")
        assert_accessible(page)
        page.fill("#decline-reason", "Webinars are booked until June.")
        page.click("#do-decline")
        page.wait_for_selector("#declined-reason")
        assert page.inner_text("#state").lower() == "declined"

        page.set_viewport_size(PHONE)
        sign_in(page, base, "fp-fiji")
        page.goto(f"{base}/requests/{other.pk}/")
        assert "Webinars are booked until June." in page.inner_text("#declined-reason")
        assert fits_a_phone(page)
        # The refused decline answered 400, as a failed form does: Chromium logs that.
        refused = "the server responded with a status of 400"
        assert [e for e in errors if refused not in e[1]] == [], errors
        assert len(errors) == 1
