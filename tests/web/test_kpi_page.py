"""The KPI page: a KPI of every kind in words, with its trend chart and the records that count;
what each reader sees of them; 404s, a wrong date, paging in place; pinned query counts."""

import datetime
import html
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stratmon.charts import to_svg
from stratmon.evidence.services import store_evidence
from stratmon.facts import sample
from stratmon.facts.models import (
    Activity,
    Agreement,
    MemberStatus,
    MilestoneUpdate,
    Output,
    Participation,
)
from stratmon.kpis import live
from stratmon.kpis.live import trends
from stratmon.plans.models import KPI, Member, Plan

pytestmark = pytest.mark.django_db

ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"
AS_OF = "2024-06-30"


@pytest.fixture
def sampled(builtin):
    sample.load_sample(datetime.date(2026, 11, 22))


def page(client, user, code, plan=ROCB, as_of=AS_OF, **extra):
    client.force_login(user)
    query = f"?as_of={as_of}" if as_of else ""
    response = client.get(f"/plans/{plan}/kpis/{code}/{query}", **extra)
    assert response.status_code == 200, response.content[:300]
    return response.content.decode()


def spec_of(text):
    found = re.search(r'<figure class="chart" data-spec="([^"]*)">', text)
    assert found, "no chart"
    return json.loads(html.unescape(found.group(1)))


def drill(text):
    return text[text.index('<section class="drilldown"') :]


def test_a_member_count_kpi_shows_its_target_and_measure_in_words_and_every_member(
    client, sampled, viewer
):
    text = page(client, viewer, "1.g")
    assert '<h1><span class="kpi-code">KPI 1.g</span> Number of contracting Members</h1>' in text
    assert "StratMon reads it as: all 33 Members, by 30 Jun 2024" in text
    assert (
        "Members of ROCB A/P whose status on “Revised Kyoto Convention (contracting party)” is "
        "achieved" in text
    )
    assert "Support the implementation of WCO conventions" in text  # its pillar
    assert "Baseline" in text and "at the plan start, 1 Jul 2022" in text
    organisation = Plan.objects.get(code=ROCB).organisation
    members = Member.objects.of(organisation, datetime.date(2024, 6, 30))
    listed = drill(text)
    assert listed.count('<a href="/members/') == members.count()  # every Member, in or not
    assert "In: " in listed and "Not yet: " in listed
    spec = spec_of(text)
    series = {v["series"] for v in spec["data"]["values"]}
    assert {"actual", "expected", "target"} <= series
    # monthly points from the plan start to the as-of date
    actual = [v for v in spec["data"]["values"] if v["series"] == "actual"]
    assert actual[0]["date"] == "2022-07-31" and actual[-1]["date"] == AS_OF
    assert len(actual) == 24


def test_a_frequency_kpi_draws_a_bar_per_period_and_lists_its_activities(client, sampled, viewer):
    text = page(client, viewer, "1.hh", as_of="2024-03-31")
    assert "StratMon reads it as: at least 3 times each plan year" in text
    assert "held activities linked to this action" in text.lower()
    spec = spec_of(text)
    bars = spec["data"]["values"]
    assert [b["result"] for b in bars] == ["met", "running"]
    assert spec["layer"][0]["mark"]["type"] == "bar"
    assert "so far in the current plan year" in text
    listed = drill(text)
    kpi = KPI.objects.get(plan__code=ROCB, code="1.hh")
    held = Activity.objects.filter(
        actions=kpi.action, start__range=("2022-07-01", "2024-03-31"), status="held"
    )
    assert f"<strong>{held.count()}</strong> records count" in listed
    for a in held:
        assert a.title in listed


def test_a_share_marks_the_records_in_its_part(client, sampled, viewer):
    text = page(client, viewer, "3.e.1")
    assert "at least 25 % of the participations" in text
    assert "Share of women among participations in held workshops" in text
    assert "In the share</th>" in drill(text)
    assert "✓</span> yes" in drill(text)
    assert 'aria-label="Pages of records"' in text  # more than 50 participations


def test_a_mean_score_kpi_lists_the_scores(client, sampled, viewer):
    text = page(client, viewer, "3.h")
    assert "an average score of at least 4 out of 5" in text
    assert "Mean evaluation score of held workshops" in text
    assert " of 5</td>" in drill(text)


def test_a_milestone_kpi_shows_its_progress_updates_and_evidence(client, sampled, other_viewer):
    update = MilestoneUpdate.objects.filter(reported_on__lte=AS_OF).order_by("reported_on").first()
    kpi = update.kpi
    text = page(client, other_viewer, kpi.code, plan=OCO)
    assert "a milestone: done by" in text
    assert "Done or not done" in text
    assert update.ref in drill(text) and "Reported by the working group" in drill(text)
    assert '<dd id="milestone-evidence">not done yet</dd>' in text or "Evidence" in text


def test_a_done_milestone_links_its_evidence(client, builtin, other_viewer):
    kpi = KPI.objects.get(plan__code=OCO, code="1.1.1.m")
    KPI.objects.filter(pk=kpi.pk).update(
        done_on=datetime.date(2023, 5, 1), evidence="https://example.org/report.pdf"
    )
    text = page(client, other_viewer, "1.1.1.m", plan=OCO)
    assert '<a href="https://example.org/report.pdf" rel="noopener noreferrer">' in text
    assert "achieved" in text


@pytest.mark.parametrize("code", ["1.g", "1.hh", "3.e.1", "3.e.2", "3.h"])
def test_the_pages_chart_draws_to_svg_on_the_server(client, sampled, viewer, code):
    """The spec the page sends to the browser is the one the PDF reports will draw."""
    svg = to_svg(spec_of(page(client, viewer, code, as_of="2023-12-31")))
    texts = {t.text for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")}
    assert f"KPI {code} over time" in texts
    assert any(t and (t.startswith("target") or t.startswith("needed")) for t in texts), texts


def test_a_kpi_without_a_measure_says_so(client, sampled, viewer):
    KPI.objects.filter(plan__code=ROCB, code="1.a").update(measure={})
    text = page(client, viewer, "1.a")
    assert "No measure is defined for this KPI yet" in text
    assert 'data-spec="' not in text  # no chart without anything to draw
    assert "no records count toward it" in text


def test_distinct_members_are_listed_with_their_records(client, sampled, viewer):
    text = page(client, viewer, "1.u")
    assert "Members of ROCB A/P named in experience-sharing outputs linked to this action" in text
    assert "Members counted: " in drill(text)


def test_new_adopters_say_when_each_got_there(client, sampled, viewer):
    listed = drill(page(client, viewer, "1.i.2"))
    assert "got there on " in listed and "there already at the plan start" in listed


def test_a_focal_point_sees_its_own_member_and_counts_for_the_others(client, sampled, focal_point):
    listed = drill(page(client, focal_point, "1.g"))
    assert listed.count('<a href="/members/') == 1
    assert '<a href="/members/FJI/">Fiji</a>' in listed
    assert "other Members are not shown" in listed
    # Records: Fiji's own participations only, the others counted but not listed.
    listed = drill(page(client, focal_point, "3.e.1"))
    shown = re.findall(r'<a href="/members/(\w+)/', listed)
    assert shown and set(shown) == {"FJI"}
    assert 'id="drill-hidden"' in listed


def test_evidence_files_are_linked_only_for_those_who_may_open_them(
    client, sampled, viewer, other_viewer, focal_point, evidence_dir
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fiji = Member.objects.get(iso3="FJI")
    file = store_evidence(
        SimpleUploadedFile("rkc.pdf", b"%PDF-1.7 instrument"), member=fiji, user=None
    )
    url = f"/evidence/{file.pk}/rkc.pdf"
    MemberStatus.objects.create(
        ref="ST-FJI-RKC", member=fiji, topic_id=MemberStatus.objects.filter(
            topic__code="rkc").values("topic_id")[:1], status="achieved",
        effective=datetime.date(2024, 6, 1), evidence=f"Instrument deposited {url}",
    )  # fmt: skip
    for user in (viewer, focal_point):
        assert f'<a href="{url}">rkc.pdf</a>' in drill(page(client, user, "1.g"))
    # OCO's viewer reads Fiji's file too (Fiji is an OCO Member): on OCO's RKC KPI.
    listed = drill(page(client, other_viewer, "3.1.1.n", plan=OCO))
    assert f'<a href="{url}">rkc.pdf</a>' in listed
    # A file whose name does not match is never linked.
    MemberStatus.objects.filter(ref="ST-FJI-RKC").update(evidence=f"/evidence/{file.pk}/x.pdf")
    listed = drill(page(client, viewer, "1.g"))
    assert "(a file you may not open)" in listed and "/evidence/" not in listed


def test_the_secretariat_opens_records_on_the_data_pages_and_the_history(
    client, sampled, secretariat_officer, viewer
):
    text = page(client, secretariat_officer, "1.hh")
    assert '<a href="/data/activities/SAMPLE-ACT-' in drill(text)
    assert f'href="/history/record/kpi/{ROCB}:1.hh/"' in text
    text = page(client, viewer, "1.hh")
    assert "/data/" not in text and "/history/" not in text


def test_a_plan_version_has_its_kpi_pages(client, sampled, viewer):
    client.force_login(viewer)
    response = client.get(f"/plans/{ROCB}/v1/kpis/1.g/?as_of={AS_OF}")
    assert response.status_code == 200
    assert "(version 1)" in response.content.decode()
    assert client.get(f"/plans/{ROCB}/v9/kpis/1.g/").status_code == 404


def test_unknown_kpis_and_plans_the_reader_may_not_see_are_404(
    client, builtin, viewer, other_viewer
):
    client.force_login(viewer)
    assert client.get(f"/plans/{ROCB}/kpis/9.zz/").status_code == 404
    assert client.get("/plans/no-such-plan/kpis/1.a/").status_code == 404
    assert client.get(f"/plans/{OCO}/kpis/1.1.1.m/").status_code == 404  # not its plan
    client.force_login(other_viewer)
    assert client.get(f"/plans/{ROCB}/kpis/1.g/").status_code == 404


def test_a_wrong_date_says_so_and_shows_today(client, builtin, viewer):
    text = page(client, viewer, "1.g", as_of="2023-02-30")
    assert "&#x27;2023-02-30&#x27; is not a date (YYYY-MM-DD); showing today." in text
    today = datetime.date.today().isoformat()
    assert f'value="{today}"' in text


def test_the_drill_down_pages_in_place_for_htmx_and_as_a_page_without_it(client, sampled, viewer):
    first = drill(page(client, viewer, "3.e.1"))
    partial = page(client, viewer, "3.e.1", as_of=f"{AS_OF}&page=2", HTTP_HX_REQUEST="true")
    assert partial.lstrip().startswith('<section class="drilldown" id="drilldown"')
    assert "<html" not in partial and "page 2 of" in partial
    assert 'hx-get="?as_of=2024-06-30&amp;page=1"' in partial
    assert 'hx-target="#drilldown"' in partial and 'hx-push-url="true"' in partial
    refs = set(re.findall(r"SAMPLE-PAR-\d+", partial))
    assert refs and not refs & set(re.findall(r"SAMPLE-PAR-\d+", first))
    full = page(client, viewer, "3.e.1", as_of=f"{AS_OF}&page=2")
    assert "<html" in full and set(re.findall(r"SAMPLE-PAR-\d+", drill(full))) == refs
    # htmx restoring a page from its history gets the whole page.
    restored = page(
        client,
        viewer,
        "3.e.1",
        as_of=f"{AS_OF}&page=2",
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in restored
    # Past the last page: the last page; not a number: the first.
    assert "page 1 of" in page(client, viewer, "3.e.1", as_of=f"{AS_OF}&page=x")
    response = client.get(f"/plans/{ROCB}/kpis/3.e.1/?page=9999", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Vary" in response and "HX-Request" in response["Vary"]


def count_queries(client, url, **extra):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, **extra).status_code == 200
    return len(ctx.captured_queries)


def trend_cost(code, plan=ROCB):
    """The queries `kpis.live.trends` makes for the KPI from a cold cache (its own budget,
    pinned there): the data version, and the trend's SQL."""
    found = Plan.objects.select_related("organisation").get(code=plan)
    kpi = KPI.objects.select_related("action", "plan").get(plan=found, code=code)
    with CaptureQueriesContext(connection) as ctx:
        trends(found, datetime.date(2024, 6, 30), [kpi])
    return len(ctx.captured_queries)


# The page's own queries, beside the trend's: the session and the user; the plan, the KPI;
# then per kind: the topic's name (Member statuses); the drill-down (Members, their statuses,
# the reader's Members); or the reader's Members, the count of the records it sees, the page of
# them, the count of all, and for agreements and outputs their Members, for distinct Members
# their ids, those Members and the reader's Members.
OWN = {
    "1.g": 2 + 2 + 1 + 3,
    "1.i.2": 2 + 2 + 1 + 4,
    "1.hh": 2 + 2 + 4,
    "3.e.1": 2 + 2 + 4,
    "3.h": 2 + 2 + 4,
    "1.e": 2 + 2 + 4 + 1,
    "1.u": 2 + 2 + 4 + 1 + 3,
}


def test_the_query_counts_are_pinned_and_independent_of_the_data(
    client, sampled, viewer, secretariat_officer
):
    def counts():
        found = {}
        for code in OWN:
            url = f"/plans/{ROCB}/kpis/{code}/?as_of={AS_OF}"
            client.force_login(viewer)
            live.clear()  # each count from a cold cache of evaluations
            cost = trend_cost(code)
            live.clear()
            found[code] = [
                cost,
                count_queries(client, url),
                # Seen again: the trend and the drill-down come from the cache.
                count_queries(client, url),
                # Paging in place: the drill-down alone, without the trend.
                count_queries(client, url + "&page=2", HTTP_HX_REQUEST="true"),
            ]
            client.force_login(secretariat_officer)
            live.clear()
            found[code].append(count_queries(client, url))
        return found

    before = counts()
    for code, (cost, viewer_page, again, paged, secretariat_page) in before.items():
        assert viewer_page == OWN[code] + cost, code
        topic = 1 if code in ("1.g", "1.i.2") else 0
        # Seen again, the plan and the drill-down are kept too: the session, the user, the
        # KPI, the topic's name and the data version.
        assert again == 2 + 1 + topic + 1, code
        # Only the page names the topic; another page of the drill-down (the plan kept).
        assert paged == OWN[code] - topic, code
        # The Secretariat: + 1 for the navigation's count, + 1 for the records it may open.
        assert secretariat_page == OWN[code] + cost + 2, code
    more_data()  # twice the records of every kind
    assert counts() == before


def more_data():
    """Another copy of the activities with their participations, the outputs, the
    agreements and the Member statuses (as earlier history)."""
    for model, many in ((Output, ("members", "actions")), (Agreement, ("members",))):
        for record in list(model.objects.prefetch_related(*many)):
            links = {name: list(getattr(record, name).all()) for name in many}
            record.pk, record.ref = None, record.ref + "-2"
            record.save()
            for name, values in links.items():
                getattr(record, name).set(values)
    for a in list(Activity.objects.prefetch_related("actions", "participations")):
        actions, people = list(a.actions.all()), list(a.participations.all())
        a.pk, a.ref = None, a.ref + "-2"
        a.save()
        a.actions.set(actions)
        for p in people:
            p.pk, p.ref, p.activity = None, p.ref + "-2", a
        Participation.objects.bulk_create(people)
    for s in list(MemberStatus.objects.all()):
        s.pk, s.ref, s.effective = None, s.ref + "-2", s.effective - datetime.timedelta(days=3651)
        s.save()
