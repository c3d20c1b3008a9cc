"""The Secretariat's survey pages in Debian's Chromium, as ROCB A/P's Secretariat officer: add
a question to the evaluation form, create an evaluation survey for a workshop, see its link and
QR code; the builder and the survey page fit a phone; no console error, no serious
accessibility violation."""

import datetime

import pytest
from django.utils import timezone

from stratmon.facts.models import Activity
from stratmon.plans.models import Organisation
from stratmon.surveys import links, services
from stratmon.surveys.models import Form, Survey
from tests.browser import assert_accessible, chromium_page, sign_in, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def fits_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    wide = page.evaluate(OVERFLOW)
    page.set_viewport_size({"width": 1400, "height": 900})
    return wide <= 1


def test_an_officer_builds_a_question_and_opens_an_evaluation_with_its_qr_code(
    live_server, builtin, secretariat_officer
):
    services.load_templates()
    rocb = Organisation.objects.get(code="rocb-ap")
    day = timezone.localdate() + datetime.timedelta(days=3)
    Activity.objects.create(
        ref="ACT-B-1", kind="workshop", title="Workshop on AEO", start=day, end=day, organiser=rocb
    )
    form = Form.objects.get(organisation=rocb, code="participant-evaluation")
    base = live_server.url
    with chromium_page(1400, 900) as page:
        errors = watch_console(page)
        sign_in(page, base, "sec-officer")
        page.click("#nav-surveys")
        page.wait_for_url("**/surveys/")
        assert "No surveys yet" in page.inner_text("#surveys")
        assert_accessible(page)

        page.click("#forms-link")
        page.wait_for_url("**/surveys/forms/")
        assert_accessible(page)
        page.click(f"a[href='/surveys/forms/{form.pk}/'] >> nth=0")
        page.wait_for_selector("#form-builder")
        assert_accessible(page)
        assert fits_a_phone(page), "the form builder is wider than a phone"

        # Add a multiple-choice question, give it its options, move it up, save.
        page.select_option("#add-type", "multi")
        page.click("#add-question")
        page.wait_for_selector("#q8-id")
        # Each row shows the fields its type uses (CSS only, no script).
        assert page.is_visible("#q8-options") and not page.is_visible("#q8-scale")
        assert page.is_visible("#q0-scale") and not page.is_visible("#q0-options")
        page.select_option("#q8-type", "number")
        assert page.is_visible("#q8-min") and not page.is_visible("#q8-options")
        page.select_option("#q8-type", "multi")
        page.fill("#q8-id", "next_topics")
        page.fill("#q8-label", "Which topics next?")
        page.fill("#q8-options", "Risk management\nValuation\nE-commerce")
        page.click("button[value='up-8']")
        page.wait_for_selector("#q7-id")
        assert page.input_value("#q7-id") == "next_topics"
        page.click("#save")
        page.wait_for_selector("p.message")
        assert "Saved (version 1)" in page.inner_text("main")
        form.refresh_from_db()
        assert form.questions[7] == {
            "id": "next_topics",
            "type": "multi",
            "label": "Which topics next?",
            "options": ["Risk management", "Valuation", "E-commerce"],
        }

        # A new evaluation survey of the workshop, with the defaults.
        page.click("#nav-surveys")
        page.click("#new-survey")
        page.click("#choose-participant-evaluation")
        page.wait_for_selector("#survey-new")
        assert_accessible(page)
        page.select_option(
            "#f-activity", label=page.locator("#f-activity option").nth(1).inner_text()
        )
        page.click("#create-survey")
        page.wait_for_selector("#open-link")
        survey = Survey.objects.get()
        assert survey.activity.ref == "ACT-B-1" and survey.form == form
        assert survey.title == "Participants' evaluation: Workshop on AEO"
        url = page.inner_text("#open-url")
        assert url == base + links.url_of(survey.key)
        page.wait_for_load_state("load")
        assert page.locator("#qr").evaluate("img => img.complete && img.naturalWidth") > 0
        assert "open" in page.inner_text("#status")
        assert_accessible(page)
        assert fits_a_phone(page), "the survey page is wider than a phone"

        qr = page.request.get(base + f"/surveys/{survey.pk}/qr.svg?size=print")
        assert qr.ok and qr.headers["content-type"] == "image/svg+xml"
        assert not errors, errors
