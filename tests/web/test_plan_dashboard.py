"""The plan dashboard: charts, KPI rows, filters, sorts, the htmx list, and its query counts."""

import datetime
import html
import json
import re

import pytest

from stratmon.facts import sample
from stratmon.kpis import live
from stratmon.kpis.live import plan_evaluations
from stratmon.plans.models import KPI, Plan
from stratmon.web.dashboards.rows import SEVERITY, how_far_behind
from tests.web.costs import DATA_VERSION, EVALUATION, REPORTS, SIGNED_IN, TREND

pytestmark = pytest.mark.django_db
ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"
PAGE = f"/plans/{ROCB}/"
AS_OF = datetime.date(2024, 6, 30)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def facts(builtin):
    sample.load_sample(datetime.date(2026, 11, 22))


def evaluations(code=ROCB, as_of=AS_OF):
    return plan_evaluations(Plan.objects.current().get(code=code), as_of)


def words(evaluation):
    """What the search reads: the KPI's code, words and target, and its action's words."""
    kpi = evaluation.kpi
    return " ".join((kpi.code, kpi.text, kpi.target_text, kpi.action.text)).lower()


def row_ids(page):
    """The KPI codes of the rows listed, in order."""
    return re.findall(r'<tr id="kpi-([^"]+)"', page)


def row(page, code):
    return page.split(f'<tr id="kpi-{code}">')[1].split("</tr>")[0]


def get(client, query="", **headers):
    response = client.get(f"{PAGE}?as_of={AS_OF}{query}", **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_plan_and_each_pillar_have_a_status_chart(client, facts, viewer):
    client.force_login(viewer)
    page = get(client)
    specs = [
        json.loads(html.unescape(s))
        for s in re.findall(r'<figure class="chart" data-spec="([^"]*)"', page)
    ]
    plan, pillars = specs
    assert plan["title"] == "KPI status, 30 Jun 2024"
    assert {v["group"] for v in plan["data"]["values"]} == {"All 60 KPIs"}
    assert sum(v["count"] for v in plan["data"]["values"]) == 60
    assert pillars["title"] == "KPI status by pillar, 30 Jun 2024"
    # The headline counts link to the list of those KPIs.
    counts = {s: sum(e.result.status == s for e in evaluations()) for s in SEVERITY}
    summary = page.split('id="status-summary">')[1].split("</p>")[0]
    for status, n in counts.items():
        if n:
            link = f'href="?as_of=2024-06-30&amp;status={status}#kpi-list">{n} '
            assert link in summary


def test_a_kpi_row_shows_its_target_figures_bar_trend_and_link(client, facts, viewer):
    client.force_login(viewer)
    page = get(client)
    found = {e.kpi.code: e for e in evaluations()}["1.c"]
    assert (found.result.actual, found.result.expected, found.result.status) == (
        25,
        33,
        "off_track",
    )
    cells = row(page, "1.c")
    assert f'<a href="{PAGE}kpis/1.c/">1.c</a>' in cells
    assert "33/33 Members" in cells and "by 30 Jun 2024" in cells  # the target, verbatim
    assert "<strong>25</strong>" in cells and "expected 33" in cells
    # 25 of 33 is 76 %: the bar fills 75 % (5 % steps), the expected mark at the target.
    assert 'class="bar-fill w-75 fill-off_track"' in cells and 'class="bar-mark at-100"' in cells
    assert "24% behind" in cells  # (33 − 25) ÷ 33
    assert '<span class="status status-off_track">off track</span>' in cells
    assert found.result.reason in html.unescape(cells)
    label = re.search(r'<svg [^>]*aria-label="([^"]*)"', cells).group(1)
    assert re.fullmatch(
        r"Actual from \d+ to 25 between Jul 2022 and Jun 2024; expected 33 in Jun 2024", label
    )
    assert "style=" not in page.split("<main>")[1]  # the CSP forbids inline styles


def test_a_share_reads_as_percentages(client, facts, viewer):
    client.force_login(viewer)
    cells = row(get(client), "3.b")  # at least 50 % of requested missions with experts
    assert "<strong>30%</strong>" in cells and "expected 50%" in cells
    assert "w-60" in cells and "40% behind" in cells


@pytest.mark.parametrize(
    ("query", "keep"),
    [
        ("&status=off_track", lambda e: e.result.status == "off_track"),
        ("&pillar=2", lambda e: e.kpi.code.startswith("2.")),
        ("&q=rkc", lambda e: "rkc" in words(e)),  # in the words of the actions 1.g, 1.i
        ("&q=MEMBERS&status=achieved&pillar=1", lambda e: "members" in words(e)
            and e.result.status == "achieved" and e.kpi.code.startswith("1.")),
    ],
)  # fmt: skip
def test_the_filters_keep_the_kpis_asked_for_in_plan_order(client, facts, viewer, query, keep):
    client.force_login(viewer)
    page = get(client, query)
    expected = [e.kpi.code for e in evaluations() if keep(e)]
    assert expected and row_ids(page) == expected
    count = page.split('id="kpi-count"')[1].split("</p>")[0]
    assert f"<strong>{len(expected)}</strong> of 60 KPIs" in count


def test_the_origin_filter_keeps_the_kpis_the_plans_owners_added(client, builtin, other_viewer):
    client.force_login(other_viewer)
    page = client.get(f"/plans/{OCO}/?origin=added").content.decode()
    added = list(KPI.objects.filter(plan__code=OCO, origin="added").values_list("code", flat=True))
    assert added and row_ids(page) == added


def test_no_match_says_what_was_asked(client, facts, viewer):
    client.force_login(viewer)
    page = get(client, "&status=at_risk&q=zzz")
    assert row_ids(page) == []
    assert "No KPI is at risk, matching &#x27;zzz&#x27;." in page


def test_a_wrong_filter_value_is_said_and_ignored(client, facts, viewer):
    client.force_login(viewer)
    page = get(client, "&status=great&pillar=9&sort=random")
    for message in ("'great' is not a status", "'9' is not a pillar", "'random' is not a sort"):
        assert html.escape(message) in page
    assert len(row_ids(page)) == 60


def test_sorting_by_status_puts_the_worst_first(client, facts, viewer):
    client.force_login(viewer)
    page = get(client, "&sort=status")
    found = evaluations()
    rank = {s: i for i, s in enumerate(SEVERITY)}
    expected = [e.kpi.code for e in sorted(found, key=lambda e: rank[e.result.status])]
    assert row_ids(page) == expected  # a stable sort: plan order within a status
    assert page.count('<table class="grid kpis kpi-rows" id="kpi-table">') == 1  # one flat list


def test_sorting_by_how_far_behind_puts_the_furthest_first(client, facts, viewer):
    client.force_login(viewer)
    ids = row_ids(get(client, "&sort=behind"))
    gaps = {e.kpi.code: how_far_behind(e) for e in evaluations()}
    known = [gaps[c] for c in ids if gaps[c] is not None]
    assert known == sorted(known, reverse=True) and known[0] > 0 > known[-1]
    assert all(gaps[c] is None for c in ids[len(known) :])  # without figures: last
    assert ids[0] == max((g, c) for c, g in gaps.items() if g is not None)[1]


def test_an_htmx_request_gets_the_list_alone(client, facts, viewer):
    client.force_login(viewer)
    response = client.get(f"{PAGE}?as_of={AS_OF}&status=off_track", **HTMX)
    part = response.content.decode()
    assert "<html" not in part and "<form" not in part and "data-spec" not in part
    assert len(row_ids(part)) == sum(e.result.status == "off_track" for e in evaluations())
    # The count above the list is updated beside it (out of band), as a live region.
    assert '<p id="kpi-count" hx-swap-oob="innerHTML">' in part
    assert "HX-Request" in response["Vary"]
    # htmx restoring a page from history asks for the whole page.
    whole = client.get(f"{PAGE}?as_of={AS_OF}", HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert "<html" in whole.content.decode()


def test_the_filter_form_works_without_and_with_javascript(client, builtin, viewer):
    client.force_login(viewer)
    page = client.get(f"{PAGE}?as_of=2023-06-30&status=on_track&sort=behind").content.decode()
    form = page.split('id="kpi-filters"')[1].split("</form>")[0]
    assert f'hx-get="{PAGE}" hx-target="#kpi-list"' in form and 'hx-push-url="true"' in form
    assert '<input type="hidden" name="as_of" value="2023-06-30">' in form
    assert '<option value="on_track" selected>' in form
    assert '<option value="behind" selected>' in form
    # Changing the date keeps the filters.
    asof = page.split('<form class="asof"')[1].split("</form>")[0]
    assert '<input type="hidden" name="status" value="on_track">' in asof
    assert '<input type="hidden" name="sort" value="behind">' in asof


def test_the_dashboard_links_what_changed(client, builtin, viewer):
    client.force_login(viewer)
    page = client.get(f"{PAGE}?as_of=2024-06-30").content.decode()
    assert f'href="{PAGE}changes/?to=2024-06-30" id="what-changed"' in page


@pytest.mark.parametrize("with_facts", [False, True])
def test_the_dashboard_costs_the_same_queries_whatever_the_data_and_date(
    client, builtin, viewer, django_assert_num_queries, with_facts
):
    if with_facts:
        sample.load_sample(datetime.date(2026, 11, 22))
    client.force_login(viewer)
    # The plan and its tree (pillars, objectives, actions, KPIs); one evaluation; the KPIs'
    # trends; the plan's published reports (issue 12: the report card and the marks of
    # figures revised since, one query kept per data version, so a second date costs none);
    # the whole page adds the Members at the plan's start.
    part = SIGNED_IN + DATA_VERSION + 5 + EVALUATION[ROCB] + TREND[ROCB] + REPORTS
    with django_assert_num_queries(part + 1):
        get(client)
    # Whatever the date: one series per measure (the plan, its tree and the Members at the
    # plan's start are kept until the data changes).
    with django_assert_num_queries(part + 1 - 5 - 1 - REPORTS):
        client.get(f"{PAGE}?as_of=2023-01-31")
    # Seen again: the evaluation and trends are kept too; nothing but the data version read.
    with django_assert_num_queries(SIGNED_IN + DATA_VERSION):
        get(client, "&sort=behind", **HTMX)
    live.clear()
    with django_assert_num_queries(part):
        get(client, "&sort=behind", **HTMX)
    live.clear()
    # A filter reads fewer trends, never more.
    with django_assert_num_queries(part, exact=False):
        get(client, "&status=off_track", **HTMX)
