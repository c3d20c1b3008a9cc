"""The request desk through the API: a Member's system files a request, the Secretariat's
moves it to evaluated and reads the experts ranked for it; the same checks and services as
the web pages, recorded via "api"; refusals are problems naming the field."""

import datetime

import pytest

from stratmon.desk.models import Case, Channel, State
from stratmon.facts.models import Activity, Evaluation, ExpertAssignment, Request
from stratmon.history.models import Change
from tests.conftest import make_user
from tests.desk.conftest import TODAY, file_mission, make_expert

from .helpers import client_of

pytestmark = pytest.mark.django_db
URL = "/api/v1/requests/"
START = TODAY + datetime.timedelta(days=30)
MISSION = {
    "subject": "Diagnostic mission on AEO",
    "kind": "mission",
    "topics": ["aeo", "rkc"],
    "preferred_start": START.isoformat(),
    "preferred_end": (START + datetime.timedelta(days=3)).isoformat(),
    "language": "English",
}


def move(user, case_id, name, body=None):
    return client_of(user).post(f"{URL}{case_id}/{name}/", body or {}, format="json")


def test_a_focal_point_files_for_its_own_member_and_follows_it(builtin, focal_point):
    client = client_of(focal_point)
    # Fiji belongs to WCO A/P and OCO: the organisation asked must be named.
    unnamed = client.post(URL, MISSION, format="json")
    assert unnamed.status_code == 400 and unnamed.json()["errors"][0]["field"] == "organisation"
    response = client.post(URL, MISSION | {"organisation": "rocb-ap"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == f"{URL}{body['id']}/"
    assert (body["member"], body["organisation"], body["state"]) == ("FJI", "rocb-ap", "received")
    assert body["topics"] == ["aeo", "rkc"] and body["channel"] == Channel.API
    assert body["moves"] == ["withdraw"]
    assert body["steps"] == [
        {
            "state": "received",
            "on": TODAY.isoformat(),
            "note": "sent by another system through the API",
            "by": "fp-fiji",
        }
    ]
    fact = Request.objects.get(ref=body["ref"])
    assert (fact.kind, fact.requested_by.iso3, fact.organisation.code) == (
        "assistance",
        "FJI",
        "rocb-ap",
    )
    assert any(body["ref"] in c.refs for c in Change.objects.filter(via="api"))
    listed = client.get(URL).json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]


def test_the_secretariat_moves_a_request_to_evaluated(builtin, focal_point, secretariat_officer):
    case = file_mission(user=focal_point)
    make_expert("EXP-A", "Aiko Tanaka", accreditation="accredited", languages="English")
    make_expert("EXP-F", "Sione Vake", home="FJI", accreditation="accredited")
    assert move(secretariat_officer, case.pk, "accept", {"note": "In the plan"}).status_code == 200
    ranked = client_of(secretariat_officer).get(f"{URL}{case.pk}/candidates/").json()
    assert [r["expert"] for r in ranked["ranked"]] == ["EXP-A"]
    assert any("accredited" in reason for reason in ranked["ranked"][0]["reasons"])
    assert [e["expert"] for e in ranked["excluded"]] == ["EXP-F"]

    assert move(secretariat_officer, case.pk, "propose", {"expert": "EXP-A"}).status_code == 200
    # Keyed after the mission: it began ten days ago (a delivery is dated by then).
    start, end = TODAY - datetime.timedelta(days=10), TODAY - datetime.timedelta(days=8)
    dates = {"start": start.isoformat(), "end": end.isoformat(), "place": "Suva"}
    scheduled = move(secretariat_officer, case.pk, "schedule", dates)
    assert scheduled.status_code == 200, scheduled.content
    activity = Activity.objects.get(ref=scheduled.json()["activity"])
    assert ExpertAssignment.objects.filter(activity=activity, expert__ref="EXP-A").exists()
    assert move(secretariat_officer, case.pk, "deliver", {}).status_code == 200
    done = move(secretariat_officer, case.pk, "evaluate", {"score": "4.5"})
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["state"] == State.EVALUATED and body["moves"] == []
    assert [s["state"] for s in body["steps"]] == [
        "received",
        "accepted",
        "proposed",
        "scheduled",
        "delivered",
        "evaluated",
    ]
    assert Evaluation.objects.get(activity=activity).score == 4.5
    assert Request.objects.get(ref=case.ref).fulfilled_on == TODAY


def test_refusals_say_why_and_change_nothing(
    builtin, focal_point, other_focal_point, viewer, secretariat_officer
):
    case = file_mission(user=focal_point)
    assert move(focal_point, case.pk, "accept").status_code == 403  # the desk's move
    assert client_of(other_focal_point).get(f"{URL}{case.pk}/").status_code == 404
    assert client_of(viewer).post(URL, MISSION, format="json").status_code == 403
    no_reason = move(secretariat_officer, case.pk, "decline", {"reason": " "})
    assert no_reason.status_code == 400
    assert no_reason.json()["errors"][0]["field"] == "reason"
    assert move(secretariat_officer, case.pk, "deliver").status_code == 409  # not scheduled
    unknown = move(secretariat_officer, case.pk, "accept", {"on": "2026-02-30"})
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "on"
    case.refresh_from_db()
    assert case.state == State.RECEIVED and case.steps.count() == 1
    assert client_of(secretariat_officer).get(f"{URL}{case.pk}/candidates/").status_code == 409
    assert client_of(secretariat_officer).get(f"{URL}{2**63}/").status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"topics": ["no-such-topic"]}, "topics"),
        ({"kind": "holiday"}, "kind"),
        ({"member": "FRA"}, "member"),  # not a Member of WCO A/P
        ({"subject": ""}, "subject"),
        ({"preferred_start": "2026-13-01"}, "preferred_start"),
        ({"received_on": (TODAY + datetime.timedelta(days=2)).isoformat()}, "received_on"),
    ],
)
def test_a_bad_filing_is_refused_naming_its_field(builtin, secretariat_officer, change, field):
    letter = MISSION | {"member": "JPN", "received_on": TODAY.isoformat()} | change
    response = client_of(secretariat_officer).post(URL, letter, format="json")
    assert response.status_code == 400, response.content
    assert field in {e["field"] for e in response.json()["errors"]}, response.json()
    assert not Case.objects.exists() and not Request.objects.exists()


def test_a_letter_keyed_by_the_secretariat_keeps_its_date(builtin, secretariat_officer):
    day = TODAY - datetime.timedelta(days=9)
    letter = MISSION | {"member": "JPN", "received_on": day.isoformat()}
    response = client_of(secretariat_officer).post(URL, letter, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["channel"], body["received_on"], body["organisation"]) == (
        "letter",
        day.isoformat(),
        "rocb-ap",
    )


def test_the_list_filters_and_reads_in_a_fixed_number_of_queries(
    builtin, focal_point, secretariat_officer, django_assert_num_queries
):
    for _ in range(3):
        file_mission(user=focal_point)
    declined = file_mission(user=focal_point)
    move(secretariat_officer, declined.pk, "decline", {"reason": "Outside the plan"})
    client = client_of(make_user("oco-officer", "secretariat_officer", org="oco"))
    assert client.get(URL).json()["count"] == 0  # WCO A/P's requests are not OCO's
    client = client_of(secretariat_officer)
    assert client.get(URL, {"state": "open"}).json()["count"] == 3
    assert client.get(URL, {"state": "declined"}).json()["count"] == 1
    assert client.get(URL, {"member": "fji"}).json()["count"] == 4
    assert client.get(URL, {"state": "nonsense"}).status_code == 400
    with django_assert_num_queries(5):
        assert client.get(URL).json()["count"] == 4
    for _ in range(3):
        file_mission(user=focal_point)
    with django_assert_num_queries(5):  # as many with more requests
        assert client.get(URL).json()["count"] == 7
