"""The request pages: the work list, filing, a request's page and its moves, for each role."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stratmon.accounts.models import Role
from stratmon.desk import delivery, services
from stratmon.desk.models import Case, Channel, Kind, State, Urgency
from stratmon.desk.services import Filing, file_request
from stratmon.evidence.models import EvidenceFile
from stratmon.facts.models import Activity, Evaluation, Topic
from stratmon.plans.models import Member, Organisation
from tests.conftest import make_user

from .conftest import TODAY, make_expert

DAY = datetime.timedelta(days=1)


def file(iso3: str, org: str, subject: str, user, **fields) -> Case:
    filing = Filing(
        organisation=Organisation.objects.get(code=org),
        member=Member.objects.get(iso3=iso3),
        subject=subject,
        kind=fields.pop("kind", Kind.TRAINING),
        **fields,
    )
    return file_request(filing, user=user)


@pytest.fixture
def cook_islands(builtin, other_focal_point):
    """A training the Cook Islands ask OCO for."""
    return file("COK", "oco", "Training on valuation for Rarotonga", other_focal_point)


@pytest.fixture
def oco_officer(reference):
    return make_user("sec-oco", Role.Kind.SECRETARIAT_OFFICER, org="oco")


def html_of(client, user, path):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


# The work list ---------------------------------------------------------------------------


def test_a_focal_point_lists_its_members_requests_only(client, mission, cook_islands, focal_point):
    html = html_of(client, focal_point, "/requests/")
    assert mission.subject in html and cook_islands.subject not in html
    assert Organisation.objects.get(code="rocb-ap").name in html  # the organisation asked


def test_the_secretariat_lists_its_organisations_requests(
    client, mission, cook_islands, secretariat_officer, oco_officer
):
    html = html_of(client, secretariat_officer, "/requests/")
    assert mission.subject in html and cook_islands.subject not in html
    html = html_of(client, oco_officer, "/requests/")
    assert cook_islands.subject in html and mission.subject not in html


def test_a_viewer_reads_the_list_without_a_way_to_file(client, mission, viewer, other_viewer):
    html = html_of(client, viewer, "/requests/")
    assert mission.subject in html and 'id="new-request"' not in html
    assert mission.subject not in html_of(client, other_viewer, "/requests/")


def test_the_list_shows_open_requests_first_by_age(
    client, builtin, focal_point, secretariat_officer
):
    old = file("FJI", "rocb-ap", "Old request", focal_point, received_on=TODAY - 40 * DAY)
    new = file("FJI", "rocb-ap", "New request", focal_point)
    declined = file("FJI", "rocb-ap", "Declined request", focal_point)
    services.decline(declined, "out of scope", user=secretariat_officer)
    html = html_of(client, secretariat_officer, "/requests/")
    assert html.index(old.subject) < html.index(new.subject)
    assert declined.subject not in html  # open ones by default
    assert re.search(r">40</td>", html)  # its age in days
    html = html_of(client, secretariat_officer, "/requests/?state=closed")
    assert declined.subject in html and old.subject not in html
    html = html_of(client, secretariat_officer, "/requests/?state=all")
    assert html.index(new.subject) < html.index(declined.subject)


def test_the_list_filters_by_member_kind_and_urgency(
    client, builtin, focal_point, secretariat_officer
):
    fiji = file("FJI", "rocb-ap", "Fiji urgent mission", focal_point, kind=Kind.MISSION,
                urgency=Urgency.URGENT)  # fmt: skip
    japan = file("JPN", "rocb-ap", "Japan webinar", secretariat_officer, kind=Kind.WEBINAR)
    page = "/requests/?state=all"
    html = html_of(client, secretariat_officer, page + "&member=jpn")
    assert japan.subject in html and fiji.subject not in html
    html = html_of(client, secretariat_officer, page + "&kind=mission")
    assert fiji.subject in html and japan.subject not in html
    html = html_of(client, secretariat_officer, page + "&urgency=urgent")
    assert fiji.subject in html and japan.subject not in html
    html = html_of(client, secretariat_officer, "/requests/?state=received&kind=bogus")
    assert fiji.subject in html and japan.subject in html


def test_an_account_without_a_role_may_not_read_the_desk(client, db, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    assert client.get("/requests/").status_code == 403


# the session, the user with its role, the navigation's count, the requests, the Members
LIST_QUERIES = 2 + 1 + 1 + 1


@pytest.mark.parametrize("n", [1, 6])
def test_the_list_costs_the_same_queries_whatever_the_number(
    client, builtin, focal_point, secretariat_officer, django_assert_num_queries, n
):
    for i in range(n):
        file("FJI" if i % 2 else "JPN", "rocb-ap", f"Request {i}", secretariat_officer)
    client.force_login(secretariat_officer)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get("/requests/?state=all").status_code == 200


# A request's page --------------------------------------------------------------------------


def test_another_focal_point_gets_404_on_fijis_request(client, mission, other_focal_point):
    client.force_login(other_focal_point)
    assert client.get(f"/requests/{mission.pk}/").status_code == 404
    assert client.post(f"/requests/{mission.pk}/withdraw/").status_code == 404


def test_the_oco_secretariat_does_not_see_rocb_ap_requests(client, mission, oco_officer):
    client.force_login(oco_officer)
    assert client.get(f"/requests/{mission.pk}/").status_code == 404
    assert client.post(f"/requests/{mission.pk}/accept/").status_code == 404


def test_a_focal_point_reads_its_request_and_may_only_withdraw(client, mission, focal_point):
    html = html_of(client, focal_point, f"/requests/{mission.pk}/")
    assert "Diagnostic mission on RKC accession" in html and "Revised Kyoto" in html
    assert 'id="move-withdraw"' in html and 'id="move-accept"' not in html
    assert client.post(f"/requests/{mission.pk}/accept/").status_code == 403
    assert client.post(f"/requests/{mission.pk}/decline/", {"reason": "x"}).status_code == 403
    mission.refresh_from_db()
    assert mission.state == State.RECEIVED


def test_a_viewer_reads_a_request_without_moves(client, mission, viewer, secretariat_officer):
    services.accept(mission, user=secretariat_officer)
    html = html_of(client, viewer, f"/requests/{mission.pk}/")
    assert 'id="moves-h"' not in html and '<form method="post" action="/requests' not in html
    # who moved it: the Secretariat, not its account
    assert "sec-officer" not in html and "the Secretariat" in html
    assert client.post(f"/requests/{mission.pk}/withdraw/").status_code == 403


def test_the_secretariat_sees_the_moves_of_a_received_request(client, mission, secretariat_officer):
    html = html_of(client, secretariat_officer, f"/requests/{mission.pk}/")
    for move in ("accept", "decline", "withdraw"):
        assert f'id="move-{move}"' in html
    assert 'id="move-schedule"' not in html
    assert "fp-fiji" in html  # who filed it, on the timeline


# the session, the user with its role, the navigation's count, the request, its steps,
# topics and attachments
DETAIL_QUERIES = 2 + 1 + 1 + 3
# with an activity: its evaluations and surveys
ACTIVITY_QUERIES = DETAIL_QUERIES + 2


def test_a_requests_page_costs_the_same_queries_whatever_it_holds(
    client, mission, secretariat_officer, django_assert_num_queries
):
    client.force_login(secretariat_officer)
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(f"/requests/{mission.pk}/")
    expert = make_expert("EXP-1", "Aiko Tanaka", accreditation="accredited")
    services.accept(mission, user=secretariat_officer, note="fine")
    delivery.propose(mission, expert, user=secretariat_officer)
    mission.topics.add(*Topic.objects.all()[:4])
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(f"/requests/{mission.pk}/")
    start = mission.preferred_start
    delivery.schedule(mission, start, start + DAY, user=secretariat_officer)
    with django_assert_num_queries(ACTIVITY_QUERIES):
        client.get(f"/requests/{mission.pk}/")


# Filing ------------------------------------------------------------------------------------


def test_fijis_focal_point_chooses_the_organisation(
    client, builtin, focal_point, other_focal_point
):
    html = html_of(client, focal_point, "/requests/new/")
    assert 'value="rocb-ap"' in html and 'value="oco"' in html
    assert 'name="member"' not in html and 'name="received_on"' not in html
    assert '<datalist id="list-language">' in html and "Mongolian" in html
    html = html_of(client, other_focal_point, "/requests/new/")
    assert 'type="hidden" name="organisation" value="oco"' in html


def test_a_focal_point_files_a_mission_with_a_topic_and_a_file(
    client, builtin, focal_point, evidence_dir
):
    client.force_login(focal_point)
    start = TODAY + 20 * DAY
    letter = SimpleUploadedFile("terms.pdf", b"%PDF-1.7 terms of reference")
    response = client.post(
        "/requests/new/",
        {
            "organisation": "oco",
            "subject": "Mission on risk management",
            "details": "Our new team",
            "kind": "mission",
            "topics": ["rkc"],
            "preferred_start": start.isoformat(),
            "preferred_end": (start + 3 * DAY).isoformat(),
            "language": "French",
            "urgency": "soon",
            "attachments": [letter],
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/requests/{case.pk}/"
    assert case.organisation.code == "oco" and case.member.iso3 == "FJI"
    assert case.channel == Channel.WEB and case.received_on == TODAY
    assert [t.code for t in case.topics.all()] == ["rkc"]
    (attached,) = case.attachments.all()
    assert attached.member.iso3 == "FJI" and attached.name == "terms.pdf"
    html = html_of(client, focal_point, f"/requests/{case.pk}/")
    assert f'href="/evidence/{attached.pk}/terms.pdf"' in html


def test_the_secretariat_files_a_letter_for_a_member(client, builtin, secretariat_officer):
    client.force_login(secretariat_officer)
    html = client.get("/requests/new/").content.decode()
    assert 'name="member"' in html and "Received by letter or e-mail" in html
    assert 'type="hidden" name="organisation" value="rocb-ap"' in html
    received = TODAY - 10 * DAY
    response = client.post(
        "/requests/new/",
        {
            "organisation": "rocb-ap",
            "member": "JPN",
            "subject": "Advice on AEO",
            "kind": "other",
            "urgency": "routine",
            "by_letter": "on",
            "received_on": received.isoformat(),
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.channel == Channel.LETTER and case.received_on == received
    assert case.fact.requested_on == received


def post_filing(client, user, **fields):
    client.force_login(user)
    data = {"organisation": "rocb-ap", "subject": "S", "kind": "mission", "urgency": "routine"}
    return client.post("/requests/new/", data | fields)


def field_error(html: str, name: str) -> str:
    part = html.split(f'id="field-{name}"')[1].split('<div class="field')[0]
    found = re.search(r'class="field-error" role="alert">([^<]*)<', part)
    return found.group(1) if found else ""


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"by_letter": "on", "received_on": (TODAY + DAY).isoformat()},
            "received_on",
            "after today",
        ),
        ({"by_letter": "on"}, "received_on", "give the date"),
        (
            {"preferred_start": TODAY.isoformat(), "preferred_end": (TODAY - DAY).isoformat()},
            "preferred_end",
            "ends before",
        ),
        ({"preferred_end": TODAY.isoformat()}, "preferred_start", "first preferred day"),
        ({"member": "COK"}, "member", "valid choice"),  # not a Member of WCO A/P
        ({"subject": ""}, "subject", "required"),
        ({"kind": "party"}, "kind", "valid choice"),
    ],
)
def test_a_bad_filing_says_why_beside_the_field_and_saves_nothing(
    client, builtin, secretariat_officer, fields, field, message
):
    response = post_filing(client, secretariat_officer, **({"member": "FJI"} | fields))
    assert response.status_code == 400
    assert message in field_error(response.content.decode(), field)
    assert not Case.objects.exists()


def test_a_member_of_another_organisation_is_refused_by_the_service(client, builtin, superuser):
    response = post_filing(client, superuser, member="COK")
    assert response.status_code == 400
    assert "not a Member of rocb-ap" in field_error(response.content.decode(), "member")


def test_a_refused_attachment_saves_neither_file_nor_request(
    client, builtin, focal_point, evidence_dir
):
    bad = SimpleUploadedFile("run.exe", b"MZ\x90\x00")
    response = post_filing(client, focal_point, attachments=[bad])
    assert response.status_code == 400
    assert field_error(response.content.decode(), "attachments")
    assert not Case.objects.exists() and not EvidenceFile.objects.exists()


def test_a_focal_point_cannot_file_to_an_organisation_its_member_is_not_in(
    client, builtin, other_focal_point
):
    response = post_filing(client, other_focal_point, organisation="rocb-ap")
    assert response.status_code == 400 and not Case.objects.exists()


def test_viewers_may_not_file(client, builtin, viewer):
    client.force_login(viewer)
    assert client.get("/requests/new/").status_code == 403
    assert client.post("/requests/new/", {}).status_code == 403


# Moves -------------------------------------------------------------------------------------


def move(client, case, name, **data):
    return client.post(f"/requests/{case.pk}/{name}/", data)


def test_every_move_through_the_pages(client, mission, secretariat_officer):
    expert = make_expert("EXP-1", "Aiko Tanaka", accreditation="accredited")
    client.force_login(secretariat_officer)
    yesterday = (TODAY - DAY).isoformat()
    assert move(client, mission, "accept", on=TODAY.isoformat(), note="yes").status_code == 302
    mission.refresh_from_db()
    assert mission.state == State.ACCEPTED
    html = html_of(client, secretariat_officer, f"/requests/{mission.pk}/")
    assert 'id="move-propose"' in html and "Accepted." in html
    response = move(client, mission, "propose", expert="EXP-404")
    assert response.status_code == 400
    assert "no expert has the reference" in field_error(response.content.decode(), "expert")
    assert move(client, mission, "propose", expert="EXP-1").status_code == 302
    mission.refresh_from_db()
    assert mission.state == State.PROPOSED and mission.expert == expert
    start = mission.preferred_start
    response = move(client, mission, "schedule", start=start.isoformat(),
                    end=(start - DAY).isoformat())  # fmt: skip
    assert response.status_code == 400
    assert "ends before" in field_error(response.content.decode(), "end")
    response = move(client, mission, "schedule", start=start.isoformat(),
                    end=(start + DAY).isoformat(), place="Suva")  # fmt: skip
    assert response.status_code == 302
    mission.refresh_from_db()
    activity = mission.activity
    assert mission.state == State.SCHEDULED and activity.place == "Suva"
    html = html_of(client, secretariat_officer, f"/requests/{mission.pk}/")
    assert f'href="/activities/{activity.ref}/"' in html
    response = move(client, mission, "deliver", on=TODAY.isoformat())
    assert response.status_code == 400  # the activity has not begun
    assert "before the activity began" in field_error(response.content.decode(), "on")
    Activity.objects.filter(pk=activity.pk).update(start=TODAY - 3 * DAY, end=TODAY - 2 * DAY)
    assert move(client, mission, "deliver", on=yesterday).status_code == 400  # before filed
    assert move(client, mission, "deliver", on=TODAY.isoformat()).status_code == 302
    mission.refresh_from_db()
    assert mission.state == State.DELIVERED
    html = html_of(client, secretariat_officer, f"/requests/{mission.pk}/")
    survey = f"/surveys/new/?activity={activity.ref}&amp;purpose=evaluation"
    assert f'href="{survey}"' in html
    response = move(client, mission, "evaluate")
    assert response.status_code == 400
    assert "no evaluation" in field_error(response.content.decode(), "score")
    assert move(client, mission, "evaluate", score="6", scale_max="5").status_code == 400
    assert move(client, mission, "evaluate", score="4.5", scale_max="5").status_code == 302
    mission.refresh_from_db()
    assert mission.state == State.EVALUATED
    assert Evaluation.objects.get(activity=activity).score == 4.5
    states = list(mission.steps.values_list("state", flat=True))
    assert states == ["received", "accepted", "proposed", "scheduled", "delivered", "evaluated"]
    html = html_of(client, secretariat_officer, f"/requests/{mission.pk}/")
    assert "Scored 4.5 out of 5" in html and 'id="moves-h"' not in html


def test_declining_needs_a_reason(client, mission, secretariat_officer, focal_point):
    client.force_login(secretariat_officer)
    response = move(client, mission, "decline", on=TODAY.isoformat(), reason=" ")
    assert response.status_code == 400
    assert "say why" in field_error(response.content.decode(), "reason")
    assert (
        move(client, mission, "decline", on=TODAY.isoformat(), reason="No budget").status_code
        == 302
    )
    mission.refresh_from_db()
    assert mission.state == State.DECLINED and mission.declined_reason == "No budget"
    assert "No budget" in html_of(client, focal_point, f"/requests/{mission.pk}/")


def test_a_step_cannot_be_dated_after_today(client, mission, secretariat_officer):
    client.force_login(secretariat_officer)
    response = move(client, mission, "accept", on=(TODAY + DAY).isoformat())
    assert response.status_code == 400
    assert "after today" in field_error(response.content.decode(), "on")


def test_a_focal_point_withdraws_its_request(client, mission, focal_point):
    client.force_login(focal_point)
    assert move(client, mission, "withdraw", note="Found a donor").status_code == 302
    mission.refresh_from_db()
    assert mission.state == State.WITHDRAWN
    assert 'id="move-withdraw"' not in html_of(client, focal_point, f"/requests/{mission.pk}/")


def test_a_move_the_state_does_not_allow_is_refused_with_its_reason(
    client, mission, secretariat_officer
):
    client.force_login(secretariat_officer)
    response = move(client, mission, "deliver", on=TODAY.isoformat())
    assert response.status_code == 400
    assert "only a scheduled request is delivered" in response.content.decode()


def test_moves_take_only_posts(client, mission, secretariat_officer):
    client.force_login(secretariat_officer)
    assert client.get(f"/requests/{mission.pk}/accept/").status_code == 405


# The evaluation survey, prefilled from a delivered request ----------------------------------


def test_the_new_survey_page_is_prefilled_for_the_activity(client, builtin, secretariat_officer):
    from stratmon.surveys import services as survey_services
    from stratmon.surveys.models import Form

    rocb = Organisation.objects.get(code="rocb-ap")
    survey_services.load_templates([rocb])
    activity = Activity.objects.create(
        ref="ACT-DESK-1", kind="mission", title="RKC mission", start=TODAY, end=TODAY,
        organiser=rocb,
    )  # fmt: skip
    html = html_of(
        client, secretariat_officer, "/surveys/new/?activity=ACT-DESK-1&purpose=evaluation"
    )
    evaluation = Form.objects.filter(organisation=rocb, purpose="evaluation").latest("version")
    assert f"?form={evaluation.pk}&amp;activity=ACT-DESK-1" in html
    others = Form.objects.filter(organisation=rocb).exclude(purpose="evaluation")
    assert others.exists() and not any(f'id="choose-{f.code}"' in html for f in others)
    html = html_of(
        client, secretariat_officer, f"/surveys/new/?form={evaluation.pk}&activity=ACT-DESK-1"
    )
    assert f'<option value="{activity.pk}" selected>' in html


# The Member profile and the navigation ------------------------------------------------------


def test_the_member_profile_lists_its_requests_for_those_who_read_them(
    client, mission, focal_point, secretariat_officer
):
    for user in (focal_point, secretariat_officer):
        html = html_of(client, user, "/members/FJI/")
        assert "Requests for assistance" in html and f'href="/requests/{mission.pk}/"' in html


def test_the_navigation_offers_requests_to_readers_and_experts_to_the_secretariat(
    client, builtin, focal_point, viewer, secretariat_officer
):
    html = html_of(client, viewer, "/")
    assert 'id="nav-requests"' in html and 'id="nav-experts"' not in html
    html = html_of(client, focal_point, "/")
    assert 'id="nav-requests"' in html and 'id="nav-experts"' not in html
    html = html_of(client, secretariat_officer, "/")
    assert 'id="nav-requests"' in html and 'href="/experts/"' in html


# the session, the user with its role, the navigation's count, the topics, the organisations;
# Fiji's focal point chooses among two (shown, and whether the first is blank, for the
# required mark), the Secretariat asks for its own and chooses the Member
FILING_QUERIES = {"focal_point": 2 + 1 + 1 + 1 + 2, "secretariat_officer": 2 + 1 + 1 + 1 + 1}


@pytest.mark.parametrize("user", ["focal_point", "secretariat_officer"])
def test_the_filing_form_costs_a_fixed_number_of_queries(
    client, builtin, request, django_assert_num_queries, user
):
    client.force_login(request.getfixturevalue(user))
    with django_assert_num_queries(FILING_QUERIES[user]):
        assert client.get("/requests/new/").status_code == 200
