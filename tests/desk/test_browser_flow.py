"""The issue's whole walk in Debian's Chromium: Fiji's focal point files a mission request;
ROCB A/P's Secretariat accepts it, proposes the top-ranked expert, schedules and delivers the
mission and closes it as evaluated; KPI 3.b (accredited experts for the requested missions)
and 3.d (requests to Members met) move with it, read by `evaluate_plan` as any page reads
them. No console error, no serious accessibility violation."""

import datetime

import pytest
from django.utils import timezone

from stratmon.desk.models import Case, State
from stratmon.facts.models import Activity
from stratmon.kpis.services import evaluate_plan
from stratmon.plans.models import Plan
from tests.browser import assert_accessible, chromium_page, sign_in, watch_console

from .conftest import make_expert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROCB = "rocb-ap-sap-2022-2024"


def figures(code):
    plan = Plan.objects.get(code=ROCB)
    found = next(k for k in evaluate_plan(plan, timezone.localdate()) if k.kpi.code == code)
    return (found.measured.numerator or 0, found.measured.denominator or 0)


def test_a_mission_request_goes_from_the_members_form_to_an_evaluated_mission_in_the_kpis(
    live_server, builtin, focal_point, secretariat_officer
):
    today = timezone.localdate()
    # The seed plan ended in 2024: moved to a period that holds today, so today's counts.
    Plan.objects.filter(code=ROCB).update(
        period_start=today - datetime.timedelta(days=300),
        period_end=today + datetime.timedelta(days=300),
    )
    make_expert("EXP-TOP", "Aiko Tanaka", home="JPN", accreditation="accredited",
                languages="English; Japanese", gender="female")  # fmt: skip
    make_expert("EXP-PRV", "Min-jun Park", home="KOR", accreditation="provisional",
                languages="English")  # fmt: skip
    make_expert("EXP-FJI", "Sione Vake", home="FJI", accreditation="accredited",
                languages="English")  # fmt: skip
    assert figures("3.b") == (0, 0)
    before_3d = figures("3.d")
    base = live_server.url
    with chromium_page(1400, 900) as page:
        errors = watch_console(page)
        sign_in(page, base, "fp-fiji")
        page.goto(f"{base}/requests/new/")
        page.select_option("#id_organisation", "rocb-ap")
        page.fill("#id_subject", "Mission on RKC accession")
        page.select_option("#id_kind", "mission")
        page.select_option("#id_topics", ["rkc"])
        page.fill("#id_preferred_start", today.isoformat())
        page.fill("#id_preferred_end", (today + datetime.timedelta(days=2)).isoformat())
        page.fill("#id_language", "English")
        page.click("#file-request")
        page.wait_for_selector("#steps")
        case = Case.objects.get(subject="Mission on RKC accession")
        assert figures("3.b") == (0, 1)  # requested: counted from the day it is filed

        sign_in(page, base, "sec-officer")
        page.goto(f"{base}/requests/{case.pk}/")
        page.click("#do-accept")
        page.wait_for_selector("#match-link")
        page.click("#match-link")
        page.wait_for_selector("#ranked")
        assert_accessible(page)
        first = page.locator("#ranked tbody tr").first
        assert first.get_attribute("id") == "expert-EXP-TOP"
        why = first.locator(".why").inner_text()
        assert "accredited" in why and "speaks English" in why and "free on the dates" in why
        page.click("#left-out summary")
        assert "from the requesting Member (FJI)" in page.inner_text("#out-EXP-FJI")
        first.locator("button").click()
        page.wait_for_selector("#move-schedule")
        assert page.inner_text("#state").lower() == "expert proposed"

        page.fill("#schedule-start", today.isoformat())
        page.fill("#schedule-end", (today + datetime.timedelta(days=1)).isoformat())
        page.fill("#schedule-place", "Suva")
        page.click("#do-schedule")
        page.wait_for_selector("#move-deliver")
        assert figures("3.b") == (1, 1)  # its mission has an accredited expert
        assert figures("3.d") == (before_3d[0], before_3d[1] + 1)  # Japan asked to release her

        page.click("#do-deliver")
        page.wait_for_selector("#move-evaluate")
        case.refresh_from_db()
        assert case.state == State.DELIVERED
        assert case.fact.fulfilled_on == today
        assert Activity.objects.get(pk=case.fact.activity_id).status == "held"
        assert figures("3.d") == (before_3d[0] + 1, before_3d[1] + 1)  # and Japan did
        assert page.locator("#evaluation-survey").count() == 1  # the survey is offered

        page.fill("#evaluate-score", "4.5")
        page.click("#do-evaluate")
        page.wait_for_selector(".step-evaluated")
        assert page.inner_text("#state").lower() == "evaluated"
        assert "Scored 4.5 out of 5" in page.inner_text("#evaluation")
        assert_accessible(page)
        assert errors == []
    states = list(case.steps.values_list("state", flat=True))
    assert states == ["received", "accepted", "proposed", "scheduled", "delivered", "evaluated"]
