"""The plan dashboard's progress report card and the KPIs revised since a published report:
marked at once after a correction, filtered, counted; the buttons follow the report views'
rights; the query counts stay fixed."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from stratmon.charts import status_label
from stratmon.facts import sample
from stratmon.facts.models import MemberStatus
from stratmon.facts.records import save_records
from stratmon.kpis import live
from stratmon.kpis.services import evaluate_plan
from stratmon.plans.models import Plan
from stratmon.reports.publishing import publish
from stratmon.reports.revisions import figures as figures_of
from stratmon.web.dashboards.rows import number
from tests.web.costs import (
    DATA_VERSION,
    EVALUATION,
    REPORT_FIGURES,
    REPORTS,
    SIGNED_IN,
    TREND,
)

pytestmark = pytest.mark.django_db
ROCB = "rocb-ap-sap-2022-2024"
PAGE = f"/plans/{ROCB}/"
AS_OF = datetime.date(2024, 6, 30)


@pytest.fixture
def plan(builtin):
    sample.load_sample(datetime.date(2026, 11, 22))
    return Plan.objects.current().get(code=ROCB)


def get(client, query="", as_of=AS_OF):
    response = client.get(f"{PAGE}?as_of={as_of}{query}")
    assert response.status_code == 200
    return response.content.decode()


def row(page, code):
    return page.split(f'<tr id="kpi-{code}">')[1].split("</tr>")[0]


def row_ids(page):
    return re.findall(r'<tr id="kpi-([^"]+)"', page)


def figures(plan):
    return {e.kpi.code: e for e in evaluate_plan(plan, AS_OF)}


def revised(evaluation):
    """What a revision compares (stratmon.reports.revisions.FIGURES), as the page does."""
    return figures_of(evaluation.result.to_json())


def was(evaluation):
    """The words a mark gives a published figure: the actual in the target's terms."""
    return number(evaluation.result.actual, evaluation.target)


def correct_rkc(user):
    """A correction dated before AS_OF: a Member had not achieved the RKC after all."""
    reached = MemberStatus.objects.current(AS_OF).filter(topic__code="rkc", status="achieved")
    member = reached.exclude(effective=AS_OF).select_related("member").first().member
    rows = [{"member": member.iso3, "topic": "rkc", "status": "in_progress",
             "effective": "2024-06-29"}]  # fmt: skip
    save_records({"member_statuses": rows}, user=user, via="test", reason="correction")


def test_publishing_then_correcting_a_fact_marks_the_kpi_at_once(client, plan, secretariat_officer):
    client.force_login(secretariat_officer)
    # Given the dashboard seen (its KPI list kept as a fragment) and a report published
    assert 'id="revised-summary"' not in get(client)
    published = publish(plan, AS_OF, secretariat_officer)
    on = f"{timezone.localtime(published.published_at):%-d %b %Y}"
    page = get(client)
    assert "No figure revised since the report as of 30 Jun 2024 was published on " + on in page
    assert 'class="revised"' not in page
    # When a fact dated before its as-of date is corrected
    before = figures(plan)
    correct_rkc(secretariat_officer)
    after = figures(plan)
    changed = [c for c in after if revised(before[c]) != revised(after[c])]
    assert changed
    # Then the next view marks each changed KPI, in colour and words, and counts them
    page = get(client)
    for code in changed:
        mark = html.unescape(row(page, code))
        assert f'<div class="revised" id="revised-{code}">' in mark
        assert f"Revised</span> since published on {on}: was {was(before[code])}" in mark
        assert f"({status_label(before[code].result.status)})</div>" in mark
    assert sum(1 for _ in re.finditer(r'<div class="revised"', page)) == len(changed)
    n = len(changed)
    counted = f"{n} KPI{'s' if n > 1 else ''} revised</strong>"
    assert f"{counted} since the report as of 30 Jun 2024" in page
    # And the filter keeps them alone, in plan order
    filtered = get(client, "&revised=1")
    assert row_ids(filtered) == changed
    assert f"{n}</strong> of 60 KPIs: revised since published" in filtered


def test_another_date_links_to_the_published_one_instead_of_comparing(
    client, plan, secretariat_officer
):
    publish(plan, AS_OF, secretariat_officer)
    correct_rkc(secretariat_officer)
    client.force_login(secretariat_officer)
    page = get(client, as_of=datetime.date(2024, 3, 31))
    # Figures of another date differ because time passed: no mark, no count
    assert 'id="revised-summary"' not in page and 'class="revised"' not in page
    assert 'href="?as_of=2024-06-30#revised-summary" id="compare-published"' in page


@pytest.mark.parametrize("with_facts", [False, True])
def test_a_published_date_costs_a_fixed_number_of_queries_more(
    client, builtin, viewer, secretariat_officer, django_assert_num_queries, with_facts
):
    if with_facts:
        sample.load_sample(datetime.date(2026, 11, 22))
    plan = Plan.objects.current().get(code=ROCB)
    publish(plan, AS_OF, secretariat_officer)
    client.force_login(viewer)
    live.clear()
    # The page's own (tests/web/test_plan_dashboard.py), then the published report's
    # figures, whatever the data.
    base = SIGNED_IN + DATA_VERSION + 5 + EVALUATION[ROCB] + TREND[ROCB] + 1
    with django_assert_num_queries(base + REPORTS + REPORT_FIGURES):
        get(client)
    # Seen again: all of it kept with the data version.
    with django_assert_num_queries(SIGNED_IN + DATA_VERSION):
        get(client, "&revised=1")


READERS = ["secretariat_officer", "viewer", "focal_point"]


@pytest.mark.parametrize("role", READERS)
def test_every_reader_downloads_what_the_report_views_give_it(
    client, builtin, secretariat_officer, request, role
):
    plan = Plan.objects.current().get(code=ROCB)
    published = publish(plan, AS_OF, secretariat_officer)
    user = request.getfixturevalue(role)
    client.force_login(user)
    page = get(client)
    links = re.findall(
        r'<a [^>]*href="([^"]+)"[^>]*id="(report|published|member-report)-(\w+)"', page
    )
    found = {(kind, fmt): html.unescape(href) for href, kind, fmt in links}
    if role == "focal_point":
        # Its own Member's report, not the plan's (which names every Member's activities).
        assert set(found) == {("member-report", "pdf"), ("member-report", "xlsx")}
        for fmt in ("pdf", "xlsx"):
            assert found["member-report", fmt] == f"/members/FJI/report.{fmt}?as_of=2024-06-30"
        assert 'id="reports-page"' not in page
        assert client.get(f"/plans/{ROCB}/report.csv?as_of=2024-06-30").status_code == 403
        assert client.get(f"/reports/{published.pk}.csv").status_code == 403
    else:
        for fmt in ("pdf", "xlsx", "csv"):
            assert found["report", fmt] == f"/plans/{ROCB}/report.{fmt}?as_of=2024-06-30"
            assert found["published", fmt] == f"/reports/{published.pk}.{fmt}"
        assert f'href="/plans/{ROCB}/reports/" id="reports-page"' in page
    # Every link the page offers answers this role (the authorisation matrix's rule).
    for (_kind, fmt), href in found.items():
        if fmt != "pdf":  # PDFs are made in the browser test and tests/reports
            response = client.get(href)
            assert response.status_code == 200, href
            assert response["Content-Disposition"].startswith("attachment")
    publishes = role == "secretariat_officer"
    assert ("Publish a report, or a report for other dates" in page) is publishes


def test_a_plan_without_published_report_says_so(client, builtin, viewer):
    client.force_login(viewer)
    page = get(client)
    assert "No report of this plan has been published yet." in page
    assert 'id="f-revised"' not in page and 'id="revised-summary"' not in page


def test_a_version_page_offers_no_download(client, builtin, viewer):
    client.force_login(viewer)
    response = client.get(f"{PAGE.rstrip('/')}/v1/?as_of={AS_OF}")
    assert response.status_code == 200
    assert 'id="reports"' not in response.content.decode()


def test_a_wrong_revised_value_is_said_and_ignored(client, builtin, viewer):
    client.force_login(viewer)
    page = get(client, "&revised=yes")
    assert "&#x27;yes&#x27; is not a revised here: not applied." in page
    assert len(row_ids(page)) == 60
