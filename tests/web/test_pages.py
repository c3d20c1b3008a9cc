"""The plan pages: real content, fixed query counts, drafts hidden from all but the Secretariat.

Every count includes the two queries of a signed-in request: its session, and its user with
the user's role.
"""

import datetime

import pytest

from stratmon.facts import sample
from stratmon.plans.models import Plan
from tests.web.costs import DATA_VERSION, HOME, REPORTS, SIGNED_IN, TREND, glance

ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"

pytestmark = pytest.mark.django_db


def test_the_plan_list_shows_both_plans_with_counts(
    client, builtin, focal_point, django_assert_num_queries
):
    client.force_login(focal_point)  # Fiji: a Member of both organisations
    # The home of each organisation (tests/web/test_home.py); + 1: the navigation's count of
    # submissions to act on; + 1: the focal point's own submissions by state.
    with django_assert_num_queries(SIGNED_IN + 1 + 1 + HOME + glance(ROCB) + glance(OCO)):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ROCB A/P Strategic Action Plan 2022-2024" in html
    assert "OCO Strategic Plan 2022-2027" in html
    # Each count links to the plan's KPIs.
    assert 'aria-label="54 actions">54</a></td>' in html
    assert 'aria-label="81 actions">81</a></td>' in html


def test_the_plan_page_shows_pillars_actions_and_kpis(
    client, builtin, viewer, django_assert_num_queries
):
    client.force_login(viewer)
    # session and user; plan, pillars, objectives, actions, KPIs, Members at the start and as
    # of the date, the 23 Member-status KPIs in two queries, and one query for each of the
    # 37 others; the KPIs' trends for their sparklines; the plan's published reports (its
    # report card and the revised marks, issue 12)
    with django_assert_num_queries(2 + DATA_VERSION + 7 + 2 + 37 + TREND[ROCB] + REPORTS):
        response = client.get("/plans/rocb-ap-sap-2022-2024/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pillar 1. Support the implementation of WCO conventions, instruments and tools" in html
    assert 'id="kpi-1.ff.3"' in html
    assert "At least average of 4 out of 5" in html
    assert "1.1.3 – 2nd milestone" in html
    assert "33 at the start of the plan" in html
    assert html.count('<article class="action"') == 54
    assert html.count('<tr id="kpi-') == 60


def test_the_oco_plan_page_shows_priorities_and_objectives(client, builtin, focal_point):
    client.force_login(focal_point)
    html = client.get("/plans/oco-sp-2022-2027/").content.decode()
    assert "Priority 6. Institutional Strengthening of the OCO Secretariat" in html
    assert "Overall objective:</strong> To promote the facilitation of legitimate trade" in html
    assert html.count('<section class="objective"') == 23
    assert html.count('<article class="action"') == 81
    assert "added</span>" in html


def test_an_unknown_plan_is_404(client, builtin, viewer):
    client.force_login(viewer)
    assert client.get("/plans/nope/").status_code == 404


def test_a_draft_plan_is_hidden_from_focal_points_and_viewers(
    client, builtin, focal_point, other_viewer
):
    Plan.objects.filter(code="oco-sp-2022-2027").update(status=Plan.Status.DRAFT)
    for user in (focal_point, other_viewer):
        client.force_login(user)
        assert client.get("/plans/oco-sp-2022-2027/").status_code == 404
        assert "OCO Strategic Plan" not in client.get("/").content.decode()


def test_a_draft_plan_is_visible_to_its_secretariat_only(
    client, builtin, secretariat_officer, superuser
):
    Plan.objects.filter(code="rocb-ap-sap-2022-2024").update(status=Plan.Status.DRAFT)
    Plan.objects.filter(code="oco-sp-2022-2027").update(status=Plan.Status.DRAFT)
    client.force_login(secretariat_officer)
    assert client.get("/plans/rocb-ap-sap-2022-2024/").status_code == 200
    assert client.get("/plans/oco-sp-2022-2027/").status_code == 404
    client.force_login(superuser)
    assert client.get("/plans/oco-sp-2022-2027/").status_code == 200
    assert "badge-draft" in client.get("/").content.decode()


def test_the_admin_lists_kpis_for_staff(client, builtin, superuser):
    client.force_login(superuser)
    response = client.get("/admin/plans/kpi/?q=27%2F33")
    assert response.status_code == 200
    assert "At least 27/33 Members" in response.content.decode()


def test_the_plan_page_shows_each_kpi_status_as_of_a_date(
    client, builtin, secretariat_officer, django_assert_max_num_queries
):
    sample.load_sample(datetime.date(2026, 11, 22))
    client.force_login(secretariat_officer)
    # At most two queries per KPI, whatever the data, and as many for their trends.
    with django_assert_max_num_queries(2 + 7 + 2 * 60 + 2 * 60):
        response = client.get("/plans/rocb-ap-sap-2022-2024/?as_of=2023-06-30")
    html = response.content.decode()
    assert 'value="2023-06-30"' in html
    summary = html.split('id="status-summary">')[1].split("</p>")[0]
    assert "achieved" in summary and "off track" in summary
    row = html.split('id="kpi-1.hh"')[1].split("</tr>")[0]
    # One plan year met and one still to come: on track, not yet achieved.
    assert 'class="status status-on_track">on track</span>' in row
    assert "1 of 1 plan years met; 1 plan year still to come" in row
    assert "Jul 2022: 3" in row


def test_a_wrong_date_says_so_and_shows_today(client, builtin, viewer):
    client.force_login(viewer)
    html = client.get("/plans/rocb-ap-sap-2022-2024/?as_of=2023-02-30").content.decode()
    assert "&#x27;2023-02-30&#x27; is not a date (YYYY-MM-DD); showing today." in html


def test_a_done_milestone_shows_its_evidence_beside_it(client, builtin, other_viewer):
    from stratmon.plans.models import KPI

    client.force_login(other_viewer)
    KPI.objects.filter(plan__code="oco-sp-2022-2027", code="6.5.1.m").update(
        done_on=datetime.date(2025, 3, 1), evidence="https://example.org/me-framework.pdf"
    )
    html = client.get("/plans/oco-sp-2022-2027/?as_of=2025-06-30").content.decode()
    row = html.split('id="kpi-6.5.1.m"')[1].split("</tr>")[0]
    assert "done on 2025-03-01; evidence: https://example.org/me-framework.pdf" in row
    assert '<a href="https://example.org/me-framework.pdf" rel="noopener noreferrer">' in row
