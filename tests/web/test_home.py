"""The organisation home, at / for a user of one organisation, a section each for several."""

import datetime
import re

import pytest

from stratmon.facts import sample
from stratmon.facts.models import MemberStatus
from stratmon.history.recording import record_change
from stratmon.kpis.live import plan_evaluations
from stratmon.plans.models import Organisation, Plan
from stratmon.submissions import services
from tests.web.costs import HOME, SIGNED_IN, glance

pytestmark = pytest.mark.django_db
ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"
AS_OF = datetime.date(2024, 6, 30)


def send(user, topic="rkc"):
    rows = {"member_statuses": [{"topic": topic, "status": "achieved", "effective": "2024-01-05"}]}
    return services.submit(user, services.save_draft(user, user.role.member, "status", rows))


def sections(page):
    return re.findall(r'<section class="org-home" id="org-([^"]+)"', page)


def test_a_user_of_one_organisation_lands_on_its_home(client, builtin, viewer):
    client.force_login(viewer)
    page = client.get("/").content.decode()
    assert "<h1>WCO Asia/Pacific Regional Office for Capacity Building</h1>" in page
    assert sections(page) == ["rocb-ap"]
    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    same = client.get("/organisations/rocb-ap/").content.decode()
    assert csrf.sub("", page) == csrf.sub("", same)
    # Its plans, each count linking to the KPIs behind it, and the stacked bar per plan.
    assert f'<a href="/plans/{ROCB}/">ROCB A/P Strategic Action Plan 2022-2024</a>' in page
    assert "KPI status of ROCB A/P&#x27;s plans" in page
    # A viewer neither reviews nor reads the history.
    assert "card-waiting" not in page and "card-changes" not in page


def test_a_focal_point_of_a_member_of_two_organisations_sees_both(client, builtin, focal_point):
    client.force_login(focal_point)  # Fiji: WCO A/P and OCO
    page = client.get("/").content.decode()
    assert "<h1>Your organisations</h1>" in page
    assert sections(page) == ["oco", "rocb-ap"]  # by name: Oceania …, WCO Asia/Pacific …
    assert 'id="plans-oco"' in page and 'id="plans-rocb-ap"' in page
    assert 'id="own-submissions"' in page
    assert sections(client.get("/organisations/oco/").content.decode()) == ["oco"]


def test_an_organisation_the_user_does_not_read_does_not_exist(client, builtin, viewer):
    client.force_login(viewer)
    assert client.get("/organisations/oco/").status_code == 404
    assert client.get("/organisations/nope/").status_code == 404


def test_the_kpis_whose_status_moved_in_90_days_are_listed_with_their_reason(
    client, builtin, viewer
):
    sample.load_sample(datetime.date(2026, 11, 22))
    client.force_login(viewer)
    page = client.get(f"/?as_of={AS_OF}").content.decode()
    plan = Plan.objects.current().get(code=ROCB)
    start = AS_OF - datetime.timedelta(days=90)
    before = {e.kpi.code: e.result for e in plan_evaluations(plan, start)}
    now = [e for e in plan_evaluations(plan, AS_OF) if e.result.status != before[e.kpi.code].status]
    assert len(now) > 10
    moved = page.split('<ul class="moved" id="moved-rocb-ap">')[1].split("</ul>")[0]
    items = moved.split("<li>")[1:]
    assert len(items) == 10  # the first ten; the others are one click away
    for item, evaluation in zip(items, now, strict=False):
        code, old = evaluation.kpi.code, before[evaluation.kpi.code].status
        assert f'href="/plans/{ROCB}/kpis/{code}/">{code}</a>' in item
        assert f'class="status status-{old}"' in item
        assert f'class="status status-{evaluation.result.status}"' in item
    link = f'href="/plans/{ROCB}/changes/?from={start}&amp;to={AS_OF}">All {len(now)} status'
    assert link in page


def test_the_secretariat_sees_what_waits_for_review_and_recent_changes(
    client, builtin, focal_point, other_focal_point, secretariat_officer
):
    mine, theirs = send(focal_point), send(other_focal_point)
    record_change(
        user=secretariat_officer,
        via="web",
        model=MemberStatus,
        verb="created",
        refs=["MS-HOME-1"],
        details={"MS-HOME-1": {"member": "FJI", "status": "achieved"}},
    )
    client.force_login(secretariat_officer)
    page = client.get("/").content.decode()
    waiting = page.split('class="card card-waiting"')[1].split("</section>")[0]
    assert 'id="waiting-rocb-ap-count">1</a>' in waiting
    assert f'href="/submissions/{mine.pk}/"' in waiting
    assert f"/submissions/{theirs.pk}/" not in page  # the Cook Islands: OCO's to review
    changes = page.split('class="card card-changes"')[1].split("</section>")[0]
    assert 'href="/history/record/memberstatus/MS-HOME-1/">MS-HOME-1</a>' in changes
    assert 'href="/history/"' in changes


def test_a_superuser_sees_each_organisations_inbox_and_history(
    client, builtin, focal_point, other_focal_point, superuser
):
    fiji, cook = send(focal_point), send(other_focal_point)
    record_change(
        user=None,
        via="web",
        model=Plan,
        verb="updated",
        refs=["oco-only"],
        organisation=Organisation.objects.get(code="oco"),
    )
    client.force_login(superuser)
    page = client.get("/").content.decode()
    oco, rocb = page.split('id="org-rocb-ap"')
    # Fiji is a Member of both: both Secretariats review it; the Cook Islands only OCO's.
    assert f"/submissions/{fiji.pk}/" in oco and f"/submissions/{fiji.pk}/" in rocb
    assert f"/submissions/{cook.pk}/" in oco and f"/submissions/{cook.pk}/" not in rocb
    assert "oco-only" in oco and "oco-only" not in rocb


def test_each_plan_counts_its_kpis_by_status_and_links_them(client, builtin, viewer):
    sample.load_sample(datetime.date(2026, 11, 22))
    client.force_login(viewer)
    page = client.get(f"/?as_of={AS_OF}").content.decode()
    plan = Plan.objects.current().get(code=ROCB)
    found = [e.result.status for e in plan_evaluations(plan, AS_OF)]
    row = page.split(f"{ROCB} · version 1")[1].split("</tr>")[0]
    for status in set(found):
        link = f'href="/plans/{ROCB}/?as_of={AS_OF}&amp;status={status}#kpi-list">'
        assert f"{link}{found.count(status)} " in row


@pytest.mark.parametrize("with_data", [False, True])
@pytest.mark.parametrize("role", ["viewer", "secretariat_officer", "focal_point", "superuser"])
def test_the_home_costs_the_same_queries_whatever_the_data(
    client, builtin, request, django_assert_num_queries, role, with_data
):
    user = request.getfixturevalue(role)
    if with_data:
        sample.load_sample(datetime.date(2026, 11, 22))  # recorded through the history
        fiji = request.getfixturevalue("focal_point")
        send(fiji), send(fiji, topic="trs")
    client.force_login(user)
    rocb, oco = glance(ROCB), glance(OCO)
    # Per organisation, two queries for what waits for review (a count and the first few),
    # one for the recent changes; the Members and users whose entries may be named, for all
    # but a superuser; the navigation's count (those who review, focal points); a focal
    # point's own submissions by state.
    review, changes, names = 2, 1, 2
    expected = {
        "viewer": rocb,
        "secretariat_officer": rocb + review + changes + names + 1,
        "focal_point": rocb + oco + 1 + 1,
        "superuser": rocb + oco + 2 * (review + changes) + 1,
    }[role]
    with django_assert_num_queries(SIGNED_IN + HOME + expected):
        assert client.get(f"/?as_of={AS_OF}").status_code == 200
