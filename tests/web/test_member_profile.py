"""The Member profile: what it shows of a Member as of a date, who may read it (the share
setting included), and a query count that does not grow with the data.

Every count includes the two queries of a signed-in request: its session, and its user with
the user's role.
"""

import datetime
import re

import pytest

from stratmon.facts import sample
from stratmon.facts.models import Activity, MemberStatus, Participation, Request, Topic
from stratmon.kpis.live import plan_evaluations
from stratmon.kpis.member_counts import member_count_kpis
from stratmon.plans.models import Member, Membership, Organisation, Plan
from stratmon.submissions import services as submissions
from stratmon.submissions.models import Submission
from stratmon.web.member_profile import build_profile, evidence_parts

pytestmark = pytest.mark.django_db
D = datetime.date
ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"
AS_OF = D(2024, 6, 30)


@pytest.fixture
def sampled(builtin):
    sample.load_sample(D(2026, 11, 22))


def share(code, on=True):
    Organisation.objects.filter(code=code).update(share_member_profiles=on)


def member(iso3):
    return Member.objects.get(iso3=iso3)


def test_the_profile_shows_the_members_statuses_kpis_and_activities(
    client, sampled, secretariat_officer
):
    client.force_login(secretariat_officer)
    response = client.get(f"/members/fji/?as_of={AS_OF}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Fiji <span" in html and "Member of ROCB A/P (Australasia / Oceania)" in html
    # every topic with a status by the date, with the status in force and since when
    fiji = member("FJI")
    in_force = MemberStatus.objects.current(AS_OF).filter(member=fiji).select_related("topic")
    assert html.count('<tr id="topic-') == in_force.count() > 10
    for s in in_force:
        row = html.split(f'<tr id="topic-{s.topic.code}">')[1].split("</tr>")[0]
        assert f"mstatus-{s.status}" in row and s.effective.strftime("%-d %b %Y") in row
    # the ROCB plan's Member-count KPIs only: an officer of WCO A/P does not read OCO's plan
    assert 'id="kpis-rocb-ap-sap-2022-2024"' in html and "kpis-oco" not in html
    assert html.count('<tr id="kpi-rocb-ap-sap-2022-2024-') == 30
    # activities it hosted or attended, newest first, 20 a page
    attended = Participation.objects.filter(member=fiji).values("activity")
    held = Activity.objects.filter(start__lte=AS_OF).filter(
        pk__in=attended
    ) | Activity.objects.filter(start__lte=AS_OF, host=fiji)
    tile = f'{held.distinct().count()}</span><span class="tile-label">activities hosted or attended'
    assert tile in html
    assert "page 1 of 2" in html
    # its participants by role and gender, as a chart with its table
    assert (
        'class="chart"' in html and "Fiji&#x27;s participants by role and gender as a table" in html
    )
    people = Participation.objects.filter(
        member=fiji, activity__status="held", activity__start__lte=AS_OF
    ).count()
    assert f'{people}</span><span class="tile-label">participants at activities' in html
    # its pending submissions: the Secretariat's to see (none yet)
    assert "No submission waiting, returned or in draft." in html


def test_in_and_not_yet_add_up_to_each_kpis_actual(sampled, secretariat_officer):
    # given every WCO A/P Member's profile as of a date
    plan = Plan.objects.current().get(code=ROCB)
    for as_of in (D(2023, 6, 30), AS_OF):
        kpis = member_count_kpis(plan.kpis.select_related("action", "plan").order_by("order"))
        actual = {e.kpi.code: e.result.actual or 0 for e in plan_evaluations(plan, as_of, kpis)}
        counted = dict.fromkeys(actual, 0)
        for m in Member.objects.of(plan.organisation, as_of):
            profile = build_profile(secretariat_officer, m, as_of, 1)
            (rocb,) = profile.plans
            for row in rocb.rows:
                counted[row.evaluation.kpi.code] += row.counted
        # then the Members "in" for each KPI are as many as its actual
        assert counted == actual
        assert sum(counted.values()) > 400


def test_a_member_counts_in_the_current_plan_year_and_as_a_new_adopter(
    client, sampled, secretariat_officer
):
    client.force_login(secretariat_officer)
    plan = Plan.objects.current().get(code=ROCB)
    e = {x.kpi.code: x for x in plan_evaluations(plan, D(2023, 6, 30))}
    # 1.n (SEZ, new adopters per plan year): the profile says which plan year counts
    html = client.get("/members/FJI/?as_of=2023-06-30").content.decode()
    row = html.split('id="kpi-rocb-ap-sap-2022-2024-1.n"')[1].split("</tr>")[0]
    assert "(new in the plan)" in row and "plan period Jul 2022 – Jun 2023" in row
    assert e["1.n"].result.periods[-1].start == D(2022, 7, 1)


def test_requests_made_and_answered(client, sampled, secretariat_officer):
    client.force_login(secretariat_officer)
    asker = (
        Request.objects.filter(requested_by__isnull=False, requested_on__lte=AS_OF)
        .values_list("requested_by__iso3", flat=True)
        .first()
    )
    mine = Request.objects.filter(requested_by__iso3=asker, requested_on__lte=AS_OF)
    answered = mine.filter(fulfilled_on__lte=AS_OF).count()
    html = client.get(f"/members/{asker}/?as_of={AS_OF}").content.decode()
    name = member(asker).name
    made = f"{mine.count()} request{'s' if mine.count() != 1 else ''} made by {name}"
    assert f"{made}, {answered} answered" in html
    assert mine.count() > 0


def test_pending_submissions_show_to_the_member_and_its_secretariat_only(
    client, builtin, focal_point, other_focal_point, secretariat_officer, viewer
):
    fiji = member("FJI")
    rows = {"member_statuses": [{"topic": "rkc", "status": "achieved", "effective": "2024-01-05"}]}
    draft = submissions.save_draft(focal_point, fiji, "status", rows)
    sent = submissions.submit(
        focal_point, submissions.save_draft(focal_point, fiji, "status", rows)
    )
    Submission.objects.filter(pk=sent.pk).update(title="Sent for review")
    Submission.objects.filter(pk=draft.pk).update(title="Still a draft")
    share("rocb-ap")
    share("oco")
    seen = {}
    for user in (focal_point, secretariat_officer, viewer, other_focal_point):
        client.force_login(user)
        response = client.get("/members/FJI/")
        assert response.status_code == 200, user
        html = response.content.decode()
        seen[user.username] = ("Sent for review" in html, "Still a draft" in html)
    assert seen == {
        "fp-fiji": (True, True),  # its own, drafts included
        "sec-officer": (True, False),  # a draft is the Member's own until sent
        "viewer-rocb": (False, False),  # shared profiles keep submissions private
        "fp-cook-islands": (False, False),
    }


def test_evidence_shows_where_the_evidence_rule_allows(
    client, builtin, focal_point, other_focal_point, secretariat_officer, viewer
):
    MemberStatus.objects.create(
        ref="ST-1",
        member=member("FJI"),
        topic=Topic.objects.get(code="rkc"),
        status="achieved",
        effective=D(2023, 5, 1),
        evidence="Instrument /evidence/7/rkc.pdf and https://example.org/gazette",
    )
    share("rocb-ap")
    share("oco")
    for user, shown in [
        (focal_point, True),
        (secretariat_officer, True),
        (viewer, True),  # viewers open their Members' evidence files
        (other_focal_point, False),  # another Member: never, even where profiles are shared
    ]:
        client.force_login(user)
        html = client.get("/members/FJI/").content.decode()
        assert ('<a href="/evidence/7/rkc.pdf"' in html) is shown, user
        assert ('<a href="https://example.org/gazette"' in html) is shown, user
        assert ("Instrument" in html) is shown, user


def test_evidence_text_is_cut_into_links_and_words():
    assert evidence_parts("Seen /evidence/3/a b.pdf https://x.org/y.") == [
        ("Seen ", ""),
        ("a", "/evidence/3/a"),
        (" b.pdf ", ""),
        ("https://x.org/y.", "https://x.org/y."),
    ]
    assert evidence_parts("") == []


@pytest.mark.parametrize(
    ("user", "shared", "member_code", "status"),
    [
        ("focal_point", (), "FJI", 200),  # its own
        ("focal_point", (), "JPN", 403),
        ("focal_point", ("rocb-ap",), "JPN", 200),  # shared by an organisation of both
        ("focal_point", ("rocb-ap",), "COK", 403),  # OCO does not share
        ("focal_point", ("oco",), "COK", 200),
        ("other_focal_point", ("rocb-ap",), "FJI", 403),  # the Cook Islands is not in WCO A/P
        ("other_focal_point", ("oco",), "FJI", 200),
        ("viewer", (), "FJI", 403),
        ("viewer", ("rocb-ap",), "FJI", 200),
        ("viewer", ("oco",), "COK", 403),  # another organisation's sharing is not its own
        ("secretariat_officer", (), "JPN", 200),
        ("secretariat_officer", ("oco",), "COK", 403),
        ("superuser", (), "COK", 200),
        ("secretariat_officer", (), "XXX", 404),
    ],
)
def test_who_reads_a_profile(client, builtin, request, user, shared, member_code, status):
    for code in shared:
        share(code)
    client.force_login(request.getfixturevalue(user))
    assert client.get(f"/members/{member_code}/").status_code == status


def test_a_shared_profile_shows_the_plans_of_the_sharing_organisation_only(
    client, builtin, other_focal_point, focal_point
):
    share("oco")
    client.force_login(other_focal_point)  # the Cook Islands: reads OCO's plan only
    html = client.get("/members/FJI/").content.decode()
    assert 'id="kpis-oco-sp-2022-2027"' in html and ROCB not in html
    # Fiji's own focal point reads both of its organisations' plans; Palau, a Member of both,
    # through OCO only while WCO A/P does not share
    client.force_login(focal_point)
    assert 'id="kpis-rocb-ap-sap-2022-2024"' in client.get("/members/FJI/").content.decode()
    palau = client.get("/members/PLW/").content.decode()
    assert 'id="kpis-oco-sp-2022-2027"' in palau and "kpis-rocb" not in palau


def test_the_share_setting_is_off_by_default_and_in_the_admin(client, reference, superuser):
    assert not Organisation.objects.filter(share_member_profiles=True).exists()
    client.force_login(superuser)
    org = Organisation.objects.get(code="oco")
    html = client.get(f"/admin/plans/organisation/{org.pk}/change/").content.decode()
    assert 'name="share_member_profiles"' in html


def test_a_wrong_date_says_so_and_shows_today(client, builtin, focal_point):
    client.force_login(focal_point)
    html = client.get("/members/FJI/?as_of=2024-02-30").content.decode()
    assert "&#x27;2024-02-30&#x27; is not a date (YYYY-MM-DD); showing today." in html
    assert client.get("/members/FJI/?as_of=2024-02-30&page=x").status_code == 200


# Per plan: the Members as of the date, the status levels (two queries), each other
# Member-count KPI (one each); then the Members they count (the levels in one query, the
# others one each). ROCB: 23 levels and 7 others; OCO: one new-adopter KPI.
ROCB_KPIS = (1 + 2 + 7) + (1 + 7)
OCO_KPIS = (1 + 0 + 1) + (0 + 1)
# session and user (2), the navigation's count, the Member, its statuses, its participants,
# its pending submissions, its memberships; the plans, their KPIs and topics (3); the data
# version (the key of what is kept); activities (count and page, 2), requests (counts and
# the latest, 2), the requests for assistance it may read (1). The Secretariat also asks
# whether it reads the profile, the Member's evidence, its submissions and its report (4); a
# focal point reading its own Member needs no such query, and reads both of Fiji's plans.
# Again with the same data, the whole profile is kept for everyone with the same rights
# (stratmon.kpis.live): the session, the user, the navigation's count, the Member and the
# data version (5), and for the Secretariat whether it reads the profile (1).
BASE = 2 + 1 + 1 + 1 + 1 + 1 + 1 + 3 + 1 + 2 + 2 + 1
AGAIN = 2 + 1 + 1 + 1
PROFILE_QUERIES = {
    "secretariat_officer": (BASE + 4 + ROCB_KPIS, AGAIN + 1),
    "focal_point": (BASE + ROCB_KPIS + OCO_KPIS, AGAIN),
}


@pytest.mark.parametrize("user", sorted(PROFILE_QUERIES))
def test_the_profile_costs_the_same_queries_whatever_the_data(
    client, builtin, request, django_assert_num_queries, user
):
    client.force_login(request.getfixturevalue(user))
    sizes = []
    for day in (D(2023, 1, 31), D(2026, 11, 22)):
        sample.remove_sample()
        sample.load_sample(day)
        sizes.append(MemberStatus.objects.count() + Participation.objects.count())
        for expected in PROFILE_QUERIES[user]:  # first view, then the same again
            with django_assert_num_queries(expected):
                html = client.get(f"/members/FJI/?as_of={AS_OF}").content.decode()
            assert len(re.findall(r'class="counted counted-in"', html)) > 10
    assert sizes[1] > sizes[0] * 1.3
    assert Membership.objects.filter(member__iso3="FJI").count() == 2  # both plans, above


def test_a_write_shows_at_once(client, builtin, secretariat_officer):
    # given Fiji's profile seen once (and so kept), the RKC not counting it
    client.force_login(secretariat_officer)
    html = client.get(f"/members/FJI/?as_of={AS_OF}").content.decode()
    row = html.split(f'id="kpi-{ROCB}-1.g"')[1].split("</tr>")[0]
    assert "not yet" in row
    # when its accession is recorded
    from stratmon.facts.records import save_records

    status = {
        "id": "ST-1",
        "member": "FJI",
        "topic": "rkc",
        "status": "achieved",
        "effective": "2024-03-12",
    }
    save_records({"member_statuses": [status]}, user=None, via="test")
    # then the next view counts it, and the KPI's figure with it
    html = client.get(f"/members/FJI/?as_of={AS_OF}").content.decode()
    row = html.split(f'id="kpi-{ROCB}-1.g"')[1].split("</tr>")[0]
    assert "✓ in" in row and "since 12 Mar 2024" in row and "1 of 35" in row
