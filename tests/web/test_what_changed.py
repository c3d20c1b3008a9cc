"""What changed in a plan between two dates: every KPI that moved, with both values."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from stratmon.facts import sample
from stratmon.kpis.live import plan_evaluations
from stratmon.plans.models import Plan
from tests.web.costs import DATA_VERSION, EVALUATION, SIGNED_IN

pytestmark = pytest.mark.django_db
ROCB = "rocb-ap-sap-2022-2024"
PAGE = f"/plans/{ROCB}/changes/"
START, END = datetime.date(2023, 6, 30), datetime.date(2024, 6, 30)


@pytest.fixture
def facts(builtin):
    sample.load_sample(datetime.date(2026, 11, 22))


def listed(page, table):
    """The KPI codes of one of the page's tables, in order."""
    return re.findall(rf'<tr id="{table}-([^"]+)"', page)


def test_every_kpi_that_moved_is_listed_once_with_both_values(client, facts, viewer):
    client.force_login(viewer)
    response = client.get(f"{PAGE}?from={START}&to={END}")
    assert response.status_code == 200
    page = response.content.decode()
    plan = Plan.objects.current().get(code=ROCB)
    before = {e.kpi.code: e.result for e in plan_evaluations(plan, START)}
    after = {e.kpi.code: e.result for e in plan_evaluations(plan, END)}
    status = [c for c in after if before[c].status != after[c].status]
    actual = [c for c in after if c not in status and before[c].actual != after[c].actual]
    expected = [
        c
        for c in after
        if c not in status and c not in actual and before[c].expected != after[c].expected
    ]
    assert status and actual  # the sample moves between the two plan-year ends
    assert listed(page, "changed-status") == status
    assert listed(page, "changed-actual") == actual
    assert listed(page, "changed-expected") == expected
    for code in status:
        cells = html.unescape(page.split(f'<tr id="changed-status-{code}">')[1].split("</tr>")[0])
        for result in (before[code], after[code]):
            assert f'status status-{result.status}"' in cells
            assert result.reason in cells
    summary = page.split('id="changes-summary">')[1].split("</p>")[0]
    assert f"<strong>{len(status)}</strong> changed status" in summary


def test_a_row_shows_the_figures_on_both_dates_and_the_change(client, facts, viewer):
    client.force_login(viewer)
    page = client.get(f"{PAGE}?from={START}&to={END}").content.decode()
    plan = Plan.objects.current().get(code=ROCB)
    old = next(e for e in plan_evaluations(plan, START) if e.kpi.code == "1.c").result
    new = next(e for e in plan_evaluations(plan, END) if e.kpi.code == "1.c").result
    assert new.actual > old.actual
    table = "changed-status" if old.status != new.status else "changed-actual"
    cells = page.split(f'<tr id="{table}-1.c">')[1].split("</tr>")[0]
    assert f"{int(old.actual)} · expected {int(old.expected)}" in cells
    assert f"{int(new.actual)} · expected {int(new.expected)}" in cells
    assert f"+{int(new.actual - old.actual)}<" in cells
    assert f'href="/plans/{ROCB}/kpis/1.c/"' in cells


def test_the_default_is_the_90_days_to_today(client, builtin, viewer):
    client.force_login(viewer)
    page = client.get(PAGE).content.decode()
    today = timezone.localdate()
    start = today - datetime.timedelta(days=90)
    assert f'name="from" id="from" value="{start:%Y-%m-%d}"' in page
    assert f'name="to" id="to" value="{today:%Y-%m-%d}"' in page
    # The plan years are a click away.
    assert "?from=2022-07-01&amp;to=2023-06-30" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from=2024-13-01&to=2024-06-30", "'2024-13-01' is not a date (YYYY-MM-DD)."),
        ("?from=yesterday", "'yesterday' is not a date (YYYY-MM-DD)."),
        ("?from=2024-06-30&to=2023-06-30", "The first date (30 Jun 2024) is after the second"),
        ("?from=2024-06-30&to=2024-06-30", "The two dates are the same"),
    ],
)
def test_bad_dates_get_one_clear_message(client, builtin, viewer, query, message):
    client.force_login(viewer)
    response = client.get(PAGE + query)
    assert response.status_code == 400
    page = response.content.decode()
    error = page.split('id="span-error">')[1].split("</p>")[0]
    assert html.escape(message) in error
    assert "changed-status" not in page


def test_a_plan_the_user_may_not_read_is_not_there(client, builtin, viewer):
    client.force_login(viewer)
    assert client.get("/plans/oco-sp-2022-2027/changes/").status_code == 404
    assert client.get("/plans/nope/changes/").status_code == 404


@pytest.mark.parametrize("with_facts", [False, True])
def test_it_costs_two_evaluations_whatever_the_data(
    client, builtin, viewer, django_assert_num_queries, with_facts
):
    if with_facts:
        sample.load_sample(datetime.date(2026, 11, 22))
    client.force_login(viewer)
    # The plan, its KPIs, and the plan evaluated on each date.
    with django_assert_num_queries(SIGNED_IN + DATA_VERSION + 1 + 1 + 2 * EVALUATION[ROCB]):
        assert client.get(f"{PAGE}?from={START}&to={END}").status_code == 200
