"""The gender and evaluation dashboard: its figures and charts, filters, bad input, htmx
partial updates, who may see what, and a query count that does not grow with the data.

Every count includes the two queries of a signed-in request (session, user with role) and the
plan; the Secretariat and focal points pay one more for the navigation's counts.
"""

import datetime
import html
import json
import re

import pytest

from stratmon.facts import sample
from stratmon.facts.models import Activity, Evaluation, Participation
from stratmon.plans.models import Member
from tests.web.costs import DATA_VERSION

pytestmark = pytest.mark.django_db

ROCB = "/plans/rocb-ap-sap-2022-2024/people/"
# Every count below: the session and the user (2), the data version (the key the plan is
# kept under, access.get_visible_plan), then the page's own.
OCO = "/plans/oco-sp-2022-2027/people/"
D = datetime.date


@pytest.fixture
def sampled(builtin):
    sample.load_sample(D(2026, 11, 22))


def specs(page):
    """Every chart's spec on the page, by its title."""
    found = {}
    for raw in re.findall(r'<figure class="chart" data-spec="([^"]*)">', page):
        spec = json.loads(html.unescape(raw))
        title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
        found[title] = spec
    return found


def table_row(page, caption, label):
    """The cells of the row `label` in the table of the chart `caption`."""
    table = page[page.index(f"<summary>{caption} as a table</summary>") :]
    table = table[: table.index("</table>")]
    row = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', table)
    assert row, f"no row {label!r} in {caption!r}"
    return re.findall(r'<td class="num">([^<]*)</td>', row.group(1))


def held_in_plan(as_of):
    return Participation.objects.filter(
        activity__status="held", activity__start__range=(D(2022, 7, 1), min(as_of, D(2024, 6, 30)))
    )


def test_the_page_shows_shares_heads_and_scores_with_their_tables(
    client, sampled, viewer, django_assert_num_queries
):
    client.force_login(viewer)
    with django_assert_num_queries(2 + DATA_VERSION + 1 + 5):
        response = client.get(ROCB + "?as_of=2024-06-30")
    assert response.status_code == 200
    page = response.content.decode()
    rows = list(held_in_plan(D(2024, 6, 30)).values_list("gender", "role"))
    women = sum(g == "female" for g, _ in rows)
    assert f"women ({women} of {len(rows)})" in page
    assert set(specs(page)) == {
        "Participations by gender, by plan year",
        "Participations by gender, by activity kind",
        "Participations by gender, by sub-region",
        "Heads of delegation by gender, by plan year",
        "Mean evaluation score by activity kind",
        "Mean evaluation score by plan year",
        "Mean evaluation score by quarter",
    }
    # Unknown genders are shown, not hidden: in the table's own column, and in "all".
    second = D(2023, 7, 1)
    in_year = list(
        held_in_plan(D(2024, 6, 30))
        .filter(activity__start__gte=second)
        .values_list("gender", flat=True)
    )
    cells = table_row(page, "Participations by gender, by plan year", "2023–24")
    expected = [in_year.count(g) for g in ("female", "male", "other", "not_stated")]
    assert cells[:5] == [str(n) for n in expected] + [str(len(in_year))]
    assert expected[3] > 0  # the sample records some without a gender
    heads = [g for g, r in rows if r == "head_of_delegation"]
    assert f"women heads of delegation ({heads.count('female')} of {len(heads)})" in page
    assert 'id="by-member"' in page and '<th scope="row">Fiji</th>' in page
    # The plan's KPIs on these facts, each with a link to its own population.
    assert (
        "3.e.1" in page
        and "kind=seminar&amp;kind=training&amp;kind=webinar&amp;kind=workshop" in page
    )
    assert "Dashed line: KPI 3.e.1" in page and "Dashed line: KPI 3.h" in page
    assert 'src="/static/web/charts.js"' in page and "<script>" not in page


def test_the_kinds_and_sub_region_filters_narrow_the_figures(client, sampled, secretariat_officer):
    client.force_login(secretariat_officer)
    page = client.get(ROCB + "?as_of=2024-06-30&kind=workshop&kind=training&subregion=Far+East")
    page = page.content.decode()
    far_east = Member.objects.filter(
        memberships__organisation__code="rocb-ap", memberships__subregion="Far East"
    )
    rows = held_in_plan(D(2024, 6, 30)).filter(
        activity__kind__in=["workshop", "training"], member__in=far_east
    )
    women = rows.filter(gender="female").count()
    assert f"women ({women} of {rows.count()})" in page
    assert "kinds: <strong>workshop, training</strong>" in page
    assert "participants of Members in <strong>Far East</strong>" in page
    assert 'value="workshop" checked' in page and 'value="Far East" selected' in page
    assert 'value="seminar" checked' not in page
    assert "the sub-region filter does not apply to them" in page
    by_kind = specs(page)["Participations by gender, by activity kind"]["data"]["values"]
    assert {v["group"] for v in by_kind} == {"workshop", "training"}


def test_bad_input_says_so_and_shows_what_it_can(client, sampled, viewer):
    client.force_login(viewer)
    response = client.get(ROCB + "?as_of=2024-13-45&kind=party&subregion=Atlantis")
    assert response.status_code == 200
    page = response.content.decode()
    assert "&#x27;2024-13-45&#x27; is not a date (YYYY-MM-DD); showing today." in page
    assert "&#x27;party&#x27; is not an activity kind" in page
    assert "&#x27;Atlantis&#x27; is not a sub-region of ROCB A/P" in page
    assert page.count('role="alert"') == 3
    assert "every kind" in page


def test_before_the_plan_starts_nothing_is_counted(
    client, sampled, viewer, django_assert_num_queries
):
    client.force_login(viewer)
    with django_assert_num_queries(2 + DATA_VERSION + 1 + 2):
        page = client.get(ROCB + "?as_of=2021-01-01").content.decode()
    assert "the plan has not started" in page
    assert "<figure" not in page


def test_without_data_the_page_says_so(client, builtin, viewer, django_assert_num_queries):
    client.force_login(viewer)
    with django_assert_num_queries(2 + DATA_VERSION + 1 + 5):
        page = client.get(ROCB + "?as_of=2024-06-30").content.decode()
    assert "No participation is recorded in the activities counted here." in page
    assert "No evaluation is recorded" in page
    assert "<figure" not in page


def test_htmx_gets_the_results_only_and_history_gets_the_page(client, sampled, viewer):
    client.force_login(viewer)
    partial = client.get(ROCB + "?kind=meeting", headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "<html" not in body and 'id="people-scope"' in body and "<figure" in body
    assert "HX-Request" in partial["Vary"]
    restored = client.get(
        ROCB + "?kind=meeting", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restored.content.decode()
    page = client.get(ROCB).content.decode()
    assert 'hx-get="/plans/rocb-ap-sap-2022-2024/people/"' in page
    assert 'hx-target="#people-results"' in page and 'hx-push-url="true"' in page
    assert '<form class="filters people-filters" method="get"' in page  # works without JS


def test_a_focal_point_sees_aggregates_and_only_its_own_member_named(
    client, sampled, focal_point, django_assert_num_queries
):
    client.force_login(focal_point)
    with django_assert_num_queries(2 + DATA_VERSION + 1 + 1 + 5):
        page = client.get(ROCB + "?as_of=2024-06-30").content.decode()
    assert "Participations by gender, by sub-region" in page
    assert "By Member (1 Member: the one whose data you see)" in page
    assert '<th scope="row">Fiji</th>' in page
    assert '<th scope="row">Japan</th>' not in page
    # OCO records no sub-regions: by Member, the others together, never by name.
    page = client.get(OCO + "?as_of=2026-06-30").content.decode()
    labels = {
        v["group"] for v in specs(page)["Participations by gender, by Member"]["data"]["values"]
    }
    assert labels <= {"Fiji", "Other Members of OCO", "Not a Member of OCO", "No Member recorded"}
    assert "Other Members of OCO" in labels
    assert 'id="subregion"' not in page


def test_other_organisations_plans_do_not_exist_for_the_reader(client, sampled, viewer):
    client.force_login(viewer)
    assert client.get(OCO).status_code == 404
    assert client.get("/plans/no-such-plan/people/").status_code == 404


def test_the_query_count_does_not_grow_with_the_data(
    client, sampled, secretariat_officer, django_assert_num_queries
):
    client.force_login(secretariat_officer)
    url = ROCB + "?as_of=2024-06-30&kind=workshop&kind=meeting&subregion=ASEAN"
    with django_assert_num_queries(2 + DATA_VERSION + 1 + 1 + 5):
        client.get(url)
    activities = [
        Activity(ref=f"T-A{i}", kind=k, title="t", start=D(2023, 5, 2), end=D(2023, 5, 2))
        for i, k in enumerate(("workshop", "meeting", "webinar"))
    ]
    Activity.objects.bulk_create(activities)
    members = list(Member.objects.all())
    Participation.objects.bulk_create(
        Participation(ref=f"T-P{i}", activity=activities[i % 3], member=members[i % len(members)],
                      gender=("female", "other", "male", "not_stated")[i % 4])
        for i in range(5000)
    )  # fmt: skip
    Evaluation.objects.bulk_create(
        Evaluation(ref=f"T-E{i}", activity=activities[i % 3], score=3, responses=2)
        for i in range(500)
    )
    with django_assert_num_queries(2 + DATA_VERSION + 1 + 1 + 5):
        client.get(url)
