"""The topic pages: the list, adding, editing and merging, what each role sees of Members, and
query counts that do not grow with the data.

Every count includes the two queries of a signed-in request (costs.SIGNED_IN).
"""

import datetime

import pytest
from django.utils import timezone

from stratmon.facts import sample
from stratmon.facts.models import MemberStatus, Topic, TopicAlias
from stratmon.facts.records import save_records
from stratmon.history.models import Change
from stratmon.plans.models import KPI
from tests.web.costs import SIGNED_IN, TOPIC_LIST, TOPIC_PAGE

pytestmark = pytest.mark.django_db
ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"
D = datetime.date


def statuses(topic, *rows):
    items = [
        {"id": f"ST-{topic}-{iso3}", "member": iso3, "topic": topic, "status": s,
         "effective": day}
        for iso3, s, day in rows
    ]  # fmt: skip
    save_records({"member_statuses": items}, user=None, via="test")


def row_of(html, element_id):
    return html.split(f'id="{element_id}"')[1].split("</tr>")[0]


def test_the_list_shows_every_topic_with_members_by_status_and_kpis(
    client, builtin, secretariat_officer
):
    statuses("rkc", ("FJI", "achieved", "2023-01-01"), ("JPN", "in_progress", "2023-01-01"))
    statuses("trs", ("COK", "achieved", "2023-01-01"))  # of OCO only: not WCO A/P's to see
    client.force_login(secretariat_officer)
    html = client.get("/topics/").content.decode()
    assert html.count('<tr id="topic-') == Topic.objects.count()
    rkc = row_of(html, "topic-rkc")
    assert "Revised Kyoto Convention; RKC; Kyoto Convention" in rkc
    # achieved, in progress, planned, not started; then the KPIs of the ROCB plan only
    cells = [c.split("<")[0] for c in rkc.split('<td class="num">')[1:]]
    assert cells == ["1", "1", "0", "0", "1"]
    trs = [c.split("<")[0] for c in row_of(html, "topic-trs").split('<td class="num">')[1:]]
    assert trs == ["0", "0", "0", "0", "1"]
    assert 'id="add-topic"' in html and 'id="nav-topics"' in html


def test_a_viewer_reads_topics_but_adds_none(client, builtin, viewer):
    client.force_login(viewer)
    html = client.get("/topics/").content.decode()
    assert 'id="topic-rkc"' in html and 'id="add-topic"' not in html
    assert client.get("/topics/new/").status_code == 403
    page = client.get("/topics/rkc/").content.decode()
    assert 'id="edit-form"' not in page and 'id="merge-form"' not in page


def test_the_topic_page_lists_the_kpis_and_members_the_user_may_see(
    client, builtin, focal_point, superuser
):
    statuses(
        "rkc",
        ("FJI", "achieved", "2023-01-01"),
        ("JPN", "planned", "2023-01-01"),
        ("COK", "in_progress", "2023-01-01"),
    )
    client.force_login(superuser)
    html = client.get("/topics/rkc/?as_of=2024-06-30").content.decode()
    assert f'href="/plans/{ROCB}/kpis/1.g/"' in html
    assert (
        html.count('<tr id="kpi-')
        == KPI.objects.filter(plan__superseded_by__isnull=True, measure__topic="rkc").count()
        == 2
    )
    assert ">1<" in row_of(html, "count-achieved") and ">1<" in row_of(html, "count-planned")
    assert "Japan" in html and "Cook Islands" in html
    assert 'id="edit-form"' in html and 'id="merge-form"' in html
    # Fiji's focal point: both plans (Fiji is a Member of both), Fiji's own status only
    client.force_login(focal_point)
    html = client.get("/topics/rkc/?as_of=2024-06-30").content.decode()
    assert html.count('<tr id="kpi-') == 2
    assert "Fiji" in html and "Japan" not in html and "Cook Islands" not in html
    assert ">1<" in row_of(html, "count-achieved") and ">0<" in row_of(html, "count-planned")
    assert 'id="edit-form"' not in html
    # before any status: none counted
    html = client.get("/topics/rkc/?as_of=2022-01-01").content.decode()
    assert ">0<" in row_of(html, "count-achieved") and ">1<" in row_of(html, "count-none")


def test_adding_a_topic_with_synonyms_and_a_clear_error(client, builtin, secretariat_officer):
    client.force_login(secretariat_officer)
    data = {"code": "green", "name": "Green Customs", "synonyms": "TRS\neco", "description": ""}
    response = client.post("/topics/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "&#x27;TRS&#x27; is already a name or synonym of the topic &#x27;trs&#x27;" in html
    assert 'class="field field-synonyms invalid"' in html
    assert not Topic.objects.filter(code="green").exists()
    response = client.post("/topics/new/", data | {"synonyms": "Eco customs\n eco  Customs"})
    assert response.status_code == 302 and response["Location"] == "/topics/green/"
    assert Topic.objects.get(code="green").synonyms == ["Eco customs"]
    assert Change.objects.filter(model="topic", verb="created", user=secretariat_officer).exists()


def test_editing_a_topic_from_its_page(client, builtin, secretariat_officer):
    client.force_login(secretariat_officer)
    data = {"edit-name": "Time Release Study", "edit-synonyms": "TRS\nrelease time",
            "edit-description": "How long goods wait"}  # fmt: skip
    response = client.post("/topics/trs/", data)
    assert response.status_code == 302
    trs = Topic.objects.get(code="trs")
    assert trs.synonyms == ["TRS", "release time"] and trs.name == "Time Release Study"
    response = client.post("/topics/trs/", data | {"edit-name": "RKC"})
    assert response.status_code == 400
    assert "already a name or synonym of" in response.content.decode()


def test_merging_shows_what_moves_then_moves_it(client, builtin, secretariat_admin):
    statuses("rkc", ("FJI", "achieved", "2023-01-01"), ("JPN", "achieved", "2023-03-01"))
    client.force_login(secretariat_admin)
    client.post("/topics/new/", {"code": "kyoto", "name": "Kyoto accession"})
    data = {"merge-keep": "kyoto", "merge-reason": "one convention", "step": "preview"}
    response = client.post("/topics/rkc/merge/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This would move 2 statuses, 2 KPIs in 2 plans." in html
    assert Topic.objects.filter(code="rkc").exists()  # nothing moved yet
    response = client.post("/topics/rkc/merge/", data | {"step": "confirm"})
    assert response.status_code == 302 and response["Location"] == "/topics/kyoto/"
    assert TopicAlias.objects.get(code="rkc").topic.code == "kyoto"
    html = client.get("/topics/kyoto/?as_of=2024-06-30").content.decode()
    assert "merged into" in html and "2 statuses, 2 KPIs in 2 plans" in html
    assert f'href="/plans/{ROCB}/kpis/1.g/"' in html
    assert ">2<" in row_of(html, "count-achieved")
    assert client.get("/topics/rkc/").status_code == 404


def test_a_merge_needs_a_topic_to_keep_and_a_reason(client, builtin, secretariat_admin):
    client.force_login(secretariat_admin)
    response = client.post("/topics/rkc/merge/", {"merge-keep": "rkc", "merge-reason": "x"})
    assert response.status_code == 400
    # the topic itself is not among the choices
    assert 'id="field-keep"' in response.content.decode().split("Select a valid choice")[0]
    response = client.post("/topics/rkc/merge/", {"merge-keep": "trs", "merge-reason": ""})
    assert response.status_code == 400
    assert 'class="field field-reason invalid"' in response.content.decode()
    assert Topic.objects.filter(code="rkc").exists()


def test_an_officer_edits_but_does_not_merge(client, builtin, secretariat_officer):
    client.force_login(secretariat_officer)
    assert 'id="merge-form"' not in client.get("/topics/rkc/").content.decode()
    data = {"merge-keep": "trs", "merge-reason": "x", "step": "confirm"}
    assert client.post("/topics/rkc/merge/", data).status_code == 403
    assert Topic.objects.filter(code="rkc").exists()


@pytest.mark.parametrize("more_data", [False, True])
def test_the_pages_cost_the_same_whatever_the_data(
    client, builtin, secretariat_admin, viewer, django_assert_num_queries, more_data
):
    if more_data:
        sample.load_sample(D(2026, 11, 22))
        assert MemberStatus.objects.count() > 100
    # the Secretariat's navigation counts its review inbox
    for user, nav in ((secretariat_admin, 1), (viewer, 0)):
        client.force_login(user)
        with django_assert_num_queries(SIGNED_IN + nav + TOPIC_LIST):
            assert client.get("/topics/").status_code == 200
        # an admin's page has the merge form's list of the other topics
        forms = 1 if user == secretariat_admin else 0
        with django_assert_num_queries(SIGNED_IN + nav + TOPIC_PAGE + forms):
            assert client.get("/topics/rkc/?as_of=2024-06-30").status_code == 200


def test_the_nav_links_topics_for_every_role(client, builtin, focal_point):
    client.force_login(focal_point)
    assert 'id="nav-topics"' in client.get("/").content.decode()
    assert timezone.localdate()  # the list's date is today's


def test_a_merge_shows_at_once_on_the_plan_and_kpi_pages(client, builtin, secretariat_admin):
    """The pages are cached with the data version: the merge's writes must change it."""
    from stratmon.facts.topics import create_topic, merge_topics

    kyoto = create_topic("kyoto", "Kyoto accession")
    statuses("kyoto", ("FJI", "achieved", "2023-01-01"), ("JPN", "achieved", "2023-03-01"))
    client.force_login(secretariat_admin)
    plan_page = f"/plans/{ROCB}/?as_of=2024-06-30"
    kpi_page = f"/plans/{ROCB}/kpis/1.g/?as_of=2024-06-30"
    before = row_of(client.get(plan_page).content.decode(), "kpi-1.g")
    kpi_before = client.get(kpi_page).content.decode()
    assert "2 of 35 Members" not in before
    merge_topics(kyoto, Topic.objects.get(code="rkc"), user=secretariat_admin, reason="same")
    after = row_of(client.get(plan_page).content.decode(), "kpi-1.g")
    kpi_after = client.get(kpi_page).content.decode()
    assert "2 of 35 Members" in after
    assert "Kyoto accession" not in kpi_before and "Kyoto accession" in kpi_after


def test_the_merge_preview_names_only_the_plans_the_admin_reads(client, builtin, secretariat_admin):
    client.force_login(secretariat_admin)
    data = {"merge-keep": "trs", "merge-reason": "test", "step": "preview"}
    html = client.post("/topics/rkc/merge/", data).content.decode()
    kpis = html.split('id="merge-kpis">')[1].split("</li>")[0]
    # OCO's plan counts the topic too: the ROCB admin is told, without its name
    assert ROCB in kpis and OCO not in kpis
    assert "1 plan of organisations whose plans you do not read" in kpis
