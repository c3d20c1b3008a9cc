"""Marking a milestone KPI done from its plan page, with evidence and a progress report."""

import datetime

import pytest
from django.utils import timezone

from stratmon.accounts.models import Role
from stratmon.facts.models import MilestoneUpdate
from stratmon.history.models import Change
from stratmon.kpis import live
from stratmon.plans.models import KPI
from tests.conftest import make_user
from tests.web.costs import DATA_VERSION, REPORTS, TREND

pytestmark = pytest.mark.django_db

OCO = "oco-sp-2022-2027"
PAGE = f"/plans/{OCO}/"
DONE = f"/plans/{OCO}/kpis/6.5.1.m/done/"


@pytest.fixture
def oco_officer(builtin):
    return make_user("oco-officer", Role.Kind.SECRETARIAT_OFFICER, org="oco")


def kpi():
    return KPI.objects.get(plan__code=OCO, code="6.5.1.m")


def row_of(html, code="6.5.1.m"):
    return html.split(f'id="kpi-{code}"')[1].split("</tr>")[0]


def test_the_plan_page_links_each_milestone_for_those_who_record_facts(
    client, oco_officer, other_viewer
):
    client.force_login(oco_officer)
    html = client.get(PAGE).content.decode()
    assert f'href="{DONE}"' in row_of(html)
    assert html.count('<div class="record">') == 81  # every milestone KPI of the plan
    client.force_login(other_viewer)
    assert "/done/" not in client.get(PAGE).content.decode()
    # An earlier version is read as it was: nothing to record on it.
    client.force_login(oco_officer)
    assert "/done/" not in client.get(f"{PAGE}v1/").content.decode()


def test_marking_a_milestone_done_makes_it_achieved_with_its_evidence(client, oco_officer):
    client.force_login(oco_officer)
    form = client.get(DONE)
    assert form.status_code == 200
    assert 'name="reason"' not in form.content.decode()  # nothing recorded yet to change
    response = client.post(
        DONE, {"done_on": "2025-03-01", "evidence": "https://example.org/me-framework.pdf"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}#kpi-6.5.1.m"
    html = client.get(response["Location"]).content.decode()
    assert "6.5.1.m marked done on 2025-03-01." in html
    row = row_of(html)
    assert '<span class="status status-achieved">' in row
    assert "done on 2025-03-01; evidence: https://example.org/me-framework.pdf" in row
    entry = Change.objects.get(model="kpi")
    assert (entry.via, entry.user, entry.verb) == ("plan page", oco_officer, "updated")


def test_a_bad_date_is_refused_at_its_field_and_nothing_is_saved(client, oco_officer):
    client.force_login(oco_officer)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for value, problem in (
        (tomorrow.isoformat(), "is in the future"),
        ("2020-01-01", "more than a year before the plan starts"),
        ("1 March 2025", "expected a date as YYYY-MM-DD"),
    ):
        response = client.post(DONE, {"done_on": value, "evidence": "adopted"})
        assert response.status_code == 400
        error = response.content.decode().split('id="done_on-error">')[1].split("</span>")[0]
        assert problem in error
    assert kpi().done_on is None
    assert not Change.objects.exists()


def test_changing_or_undoing_a_done_date_needs_a_reason(client, oco_officer):
    client.force_login(oco_officer)
    client.post(DONE, {"done_on": "2025-03-01", "evidence": "adopted"})
    assert 'name="reason"' in client.get(DONE).content.decode()
    response = client.post(DONE, {"done_on": "", "evidence": ""})
    assert response.status_code == 400
    assert 'id="reason-error"' in response.content.decode()
    assert kpi().done_on == datetime.date(2025, 3, 1)

    response = client.post(DONE, {"done_on": "", "evidence": "", "reason": "not adopted after all"})
    assert response.status_code == 302
    assert (kpi().done_on, kpi().evidence) == (None, "")
    html = client.get(PAGE).content.decode()
    assert "status-achieved" not in row_of(html)


def test_a_progress_report_is_saved_beside_the_milestone(client, oco_officer):
    client.force_login(oco_officer)
    response = client.post(
        DONE,
        {"reported_on": "2025-02-01", "steps_done": "2", "steps_total": "4", "note": "drafted"},
    )
    assert response.status_code == 302
    update = MilestoneUpdate.objects.get()
    assert (update.kpi, update.steps_done, update.steps_total, update.note) == (
        kpi(),
        2,
        4,
        "drafted",
    )
    assert kpi().done_on is None


def test_a_bad_progress_report_is_refused_at_its_field(client, oco_officer):
    client.force_login(oco_officer)
    response = client.post(
        DONE,
        {
            "done_on": "2025-03-01",
            "reported_on": "2025-02-01",
            "steps_done": "5",
            "steps_total": "4",
        },
    )
    assert response.status_code == 400
    assert "steps_done (5) is more than steps_total (4)" in response.content.decode()
    assert not MilestoneUpdate.objects.exists()
    assert kpi().done_on is None


def test_a_kpi_that_is_not_a_milestone_has_no_done_page(client, oco_officer):
    client.force_login(oco_officer)
    code = KPI.objects.filter(plan__code=OCO).exclude(measure__source="milestone").first()
    assert code is not None
    assert client.get(f"/plans/{OCO}/kpis/{code.code}/done/").status_code == 404


def test_the_done_page_costs_a_fixed_number_of_queries(
    client, oco_officer, django_assert_num_queries
):
    client.force_login(oco_officer)
    # session and user; the navigation's count of submissions waiting; the data version (the
    # key the plan is kept under), the plan, the KPI
    with django_assert_num_queries(2 + 1 + 1 + 2):
        assert client.get(DONE).status_code == 200


def test_the_link_adds_no_query_to_the_plan_page(
    client, oco_officer, other_viewer, django_assert_num_queries
):
    # session and user; plan, pillars, objectives, actions, KPIs, Members at the start and as
    # of the date; the progress of all 81 milestones in one query; the plan's two other KPIs
    # (activities, Member statuses) one each. The Secretariat's page, which links every
    # milestone to its form, adds only the editors' look for a draft waiting beside the plan,
    # and the reviewers' two counts of submissions waiting (the navigation's, the plan's).
    # The KPIs' trends for their sparklines come on top, and the plan's published reports
    # (its report card and the revised marks, issue 12).
    trends = TREND[OCO] + REPORTS
    for user, editor in ((other_viewer, 0), (oco_officer, 1 + 2)):
        client.force_login(user)
        live.clear()  # each user's view from a cold cache: the evaluation is counted too
        with django_assert_num_queries(2 + DATA_VERSION + 7 + 1 + 2 + editor + trends):
            assert client.get(PAGE).status_code == 200
