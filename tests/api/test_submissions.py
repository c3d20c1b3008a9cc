"""Submissions through the API: a focal point's system proposes facts for its own Member, the
Secretariat reviews them; every step through the same services as the web, recorded via api."""

import json

import pytest

from stratmon.concurrency import BUSY
from stratmon.facts.models import Activity, MemberStatus, Participation
from stratmon.facts.services import load_topics
from stratmon.facts.workbook import WorkbookError
from stratmon.history.models import Change
from stratmon.plans.models import Member
from stratmon.submissions import services
from stratmon.submissions.models import Submission

from .helpers import client_of

pytestmark = pytest.mark.django_db
State = Submission.State
URL = "/api/v1/submissions/"


@pytest.fixture(autouse=True)
def topics(reference):
    load_topics()


def rkc(**values):
    row = {"topic": "rkc", "status": "achieved", "effective": "2026-03-12", "evidence": "gazette"}
    return {"member_statuses": [{**row, **values}]}


def step(user, one, name, body=None, **token):
    """POST the step `name` of the submission at `one` as `user`."""
    return client_of(user, **token).post(f"{one}{name}/", body or {}, format="json")


def sent_by(focal_point, **values):
    fiji = Member.objects.get(iso3="FJI")
    return services.submit(
        focal_point, services.save_draft(focal_point, fiji, "status", rkc(**values))
    )


def test_the_whole_path_draft_submit_return_submit_approve(focal_point, secretariat_officer):
    member, reviewer = client_of(focal_point), client_of(secretariat_officer)
    made = member.post(URL, {"kind": "status", "rows": rkc(member="COK")}, format="json")
    assert made.status_code == 201, made.json()
    draft = made.json()
    assert made["Location"] == f"{URL}{draft['id']}/"
    # Pinned to its own Member, whatever the rows said, as the web's form does.
    assert (draft["member"], draft["state"], draft["kind"]) == ("FJI", "draft", "status")
    assert draft["rows"]["member_statuses"][0]["member"] == "FJI"
    assert (draft["created_by"], draft["topic"], draft["applied"]) == ("fp-fiji", "rkc", {})
    one = f"{URL}{draft['id']}/"

    sent = member.post(f"{one}submit/", {"version": draft["version"]}, format="json")
    assert sent.status_code == 200 and sent.json()["state"] == "submitted"
    assert sent.json()["submitted_at"]
    back = reviewer.post(f"{one}return/", {"comment": "Attach the gazette"}, format="json")
    assert back.json()["state"] == "returned"
    assert back.json()["comment"] == "Attach the gazette"
    fixed = member.put(
        one,
        {"rows": rkc(evidence="gazette no. 12"), "version": back.json()["version"]},
        format="json",
    )
    assert fixed.status_code == 200 and fixed.json()["state"] == "returned"
    again = member.post(f"{one}submit/", {}, format="json")
    assert again.json()["state"] == "submitted"
    assert not MemberStatus.objects.exists()

    done = reviewer.post(f"{one}approve/", {"version": again.json()["version"]}, format="json")
    assert done.status_code == 200, done.json()
    body = done.json()
    saved = MemberStatus.objects.get()
    assert (saved.member.iso3, saved.evidence) == ("FJI", "gazette no. 12")
    assert body["state"] == "approved" and body["reviewed_by"] == "sec-officer"
    assert body["applied"] == {"member_statuses": [saved.ref]}
    # Every step and the facts written are recorded as the API's.
    steps = Change.objects.filter(model="submission").order_by("pk")
    assert [(c.verb, c.via, c.user.username) for c in steps] == [
        ("created", "api", "fp-fiji"),
        ("updated", "api", "fp-fiji"),
        ("updated", "api", "sec-officer"),
        ("updated", "api", "fp-fiji"),
        ("updated", "api", "fp-fiji"),
        ("updated", "api", "sec-officer"),
    ]
    written = Change.objects.get(model="memberstatus")
    assert (written.via, written.user) == ("api", secretariat_officer)


def test_the_web_still_records_its_own_channels(focal_point, secretariat_officer):
    services.approve(secretariat_officer, sent_by(focal_point))
    vias = set(Change.objects.filter(model="submission").values_list("via", flat=True))
    assert vias == {"submission"}
    assert Change.objects.get(model="memberstatus").via == "review"


def test_an_activity_with_participants_is_sent_at_once_and_counted(focal_point, secretariat_admin):
    rows = {
        "activities": [
            {"kind": "workshop", "title": "RKC national workshop", "start": "2026-04-01",
             "end": "2026-04-02", "place": "Suva", "host": "AUS"},
        ],
        "participations": [
            {"person": "A. Tuilagi", "gender": "female"},
            {"person": "B. Vaka", "member": "COK", "role": "participant"},
        ],
    }  # fmt: skip
    made = client_of(focal_point).post(
        URL, {"kind": "activity", "rows": rows, "submit": True}, format="json"
    )
    assert made.status_code == 201, made.json()
    assert made.json()["state"] == "submitted"
    assert made.json()["rows"]["activities"][0]["host"] == "FJI"
    pk = made.json()["id"]
    done = client_of(secretariat_admin).post(f"{URL}{pk}/approve/", {}, format="json")
    assert done.status_code == 200, done.json()
    activity = Activity.objects.get()
    assert activity.host.iso3 == "FJI"
    people = Participation.objects.filter(activity=activity).order_by("person")
    named = [(p.person, p.member.iso3) for p in people]
    assert named == [("A. Tuilagi", "FJI"), ("B. Vaka", "COK")]
    assert done.json()["applied"]["activities"] == [activity.ref]
    assert len(done.json()["applied"]["participations"]) == 2


def test_a_proposal_sent_at_once_that_fails_a_check_saves_nothing(focal_point):
    rows = rkc(effective="12 March", status="done")
    response = client_of(focal_point).post(
        URL, {"kind": "status", "rows": rows, "submit": True}, format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    places = [(e["sheet"], e["row"], e["field"]) for e in response.json()["errors"]]
    assert places == [("member_statuses", 1, "status"), ("member_statuses", 1, "effective")]
    assert not Submission.objects.exists()
    assert not Change.objects.filter(model="submission").exists()
    # The same rows as a draft are kept: a draft may be incomplete.
    draft = client_of(focal_point).post(URL, {"kind": "status", "rows": rows}, format="json")
    assert draft.status_code == 201 and draft.json()["state"] == "draft"
    refused = client_of(focal_point).post(f"{URL}{draft.json()['id']}/submit/", {}, format="json")
    assert refused.status_code == 400
    assert {e["field"] for e in refused.json()["errors"]} == {"status", "effective"}
    assert Submission.objects.get().state == State.DRAFT


def test_rows_a_kind_may_not_hold_are_refused_with_their_place(focal_point):
    for body, sheet, field in [
        ({"kind": "status", "rows": {"activities": [{}]}}, "activities", None),
        ({"kind": "status", "rows": rkc(colour="red")}, "member_statuses", "colour"),
        ({"kind": "request", "rows": {"requests": [{"subject": "x", "addressed_to": "AUS"}]}},
         "requests", "addressed_to"),
    ]:  # fmt: skip
        response = client_of(focal_point).post(URL, body, format="json")
        assert response.status_code == 400, response.json()
        (error,) = response.json()["errors"]
        assert (error["sheet"], error["field"]) == (sheet, field)
    assert not Submission.objects.exists()


def test_malformed_bodies_are_400_problems(focal_point):
    for body in [
        {"kind": "statue", "rows": {}},
        {"kind": "status", "rows": []},
        {"kind": "status", "rows": {"member_statuses": [{"topic": {"code": "rkc"}}]}},
        {"kind": "status", "rows": {"member_statuses": [{"topic": True}]}},
        {"kind": "status", "rows": {"member_statuses": [{"evidence": "a\x00b"}]}},
        {"kind": "status", "rows": {"member_statuses": [{"evidence": "\ud800"}]}},
        {"kind": "status", "rows": {"member_statuses": [{}, {}]}},
        {"kind": "status", "rows": {"member_statuses": [{"member": ["FJI", 1]}]}},
    ]:
        # json.dumps escapes the lone surrogate, as a client in another language might send it.
        text = json.dumps(body)
        response = client_of(focal_point).post(URL, text, content_type="application/json")
        assert response.status_code == 400, text
        assert response.json()["errors"] and response.json()["errors"][0]["message"]
    assert client_of(focal_point).post(URL, "{", content_type="application/json").status_code == 400
    huge = json.dumps({"kind": "status", "rows": rkc(evidence="x" * 3 * 2**20)})
    too_large = client_of(focal_point).post(URL, huge, content_type="application/json")
    assert too_large.status_code == 413
    assert too_large["Content-Type"] == "application/problem+json"
    assert not Submission.objects.exists()


def test_who_may_propose(secretariat_officer, viewer, superuser, focal_point):
    body = {"kind": "status", "rows": rkc()}
    for user in (secretariat_officer, viewer, superuser):
        assert client_of(user).post(URL, body, format="json").status_code == 403
    assert client_of(None).post(URL, body, format="json").status_code == 401
    read_only = client_of(focal_point, read_only=True).post(URL, body, format="json")
    assert read_only.status_code == 403
    assert not Submission.objects.exists()


def test_who_sees_what(focal_point, other_focal_point, secretariat_admin, viewer):
    fiji = Member.objects.get(iso3="FJI")
    draft = services.save_draft(focal_point, fiji, "status", rkc(effective="2026-01-01"))
    sent = sent_by(focal_point)
    own = client_of(focal_point).get(URL).json()
    assert [s["id"] for s in own["results"]] == [sent.pk, draft.pk]
    assert client_of(focal_point).get(URL, {"state": "draft"}).json()["count"] == 1
    # The Secretariat sees what was sent, not drafts; another Member's focal point nothing.
    assert [s["id"] for s in client_of(secretariat_admin).get(URL).json()["results"]] == [sent.pk]
    assert client_of(secretariat_admin).get(f"{URL}{draft.pk}/").status_code == 404
    assert client_of(other_focal_point).get(URL).json()["count"] == 0
    assert client_of(other_focal_point).get(f"{URL}{sent.pk}/").status_code == 404
    assert client_of(focal_point).get(f"{URL}{2**64}/").status_code == 404
    assert client_of(viewer).get(URL).status_code == 403
    assert client_of(viewer).get(f"{URL}{sent.pk}/").status_code == 403
    assert client_of(None).get(URL).status_code == 401
    assert client_of(focal_point, read_only=True).get(f"{URL}{sent.pk}/").status_code == 200


def test_list_filters(focal_point, secretariat_admin):
    sent = sent_by(focal_point)
    reader = client_of(secretariat_admin)
    assert reader.get(URL, {"member": "fji", "kind": "status"}).json()["count"] == 1
    assert reader.get(URL, {"member": "COK"}).json()["count"] == 0
    assert reader.get(URL, {"state": "approved"}).json()["count"] == 0
    assert reader.get(URL, {"state": "submitted"}).json()["results"][0]["id"] == sent.pk
    bad = reader.get(URL, {"state": "lost"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "state"
    assert reader.get(URL, {"kind": "x"}).status_code == 400
    assert reader.get(URL, {"kind": ""}).status_code == 400


def test_the_list_costs_the_same_queries_however_many(
    focal_point, secretariat_admin, django_assert_num_queries
):
    reader = client_of(secretariat_admin)
    reader.get(URL)  # the token's first use is noted (a write), then once a minute at most
    sent_by(focal_point)
    # the token with its user and role, the count and the page
    with django_assert_num_queries(3):
        assert reader.get(URL).json()["count"] == 1
    for day in range(2, 8):
        sent_by(focal_point, effective=f"2026-03-{day:02d}")
    with django_assert_num_queries(3):
        assert reader.get(URL).json()["count"] == 7


def test_review_steps_are_the_secretariats(
    focal_point, other_focal_point, secretariat_officer, viewer
):
    one = f"{URL}{sent_by(focal_point).pk}/"
    assert step(focal_point, one, "approve").status_code == 403
    assert step(other_focal_point, one, "approve").status_code == 404
    assert step(viewer, one, "reject", {"comment": "no"}).status_code == 403
    assert step(secretariat_officer, one, "approve", read_only=True).status_code == 403
    assert step(secretariat_officer, one, "withdraw").status_code == 403
    for name in ("return", "reject"):
        response = step(secretariat_officer, one, name, {"comment": " "})
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "comment"
    assert Submission.objects.get().state == State.SUBMITTED
    assert not MemberStatus.objects.exists()


def test_a_stale_or_impossible_step_is_a_409(focal_point, secretariat_officer, secretariat_admin):
    sent = sent_by(focal_point)
    one, seen = f"{URL}{sent.pk}/", sent.version
    rejected = client_of(secretariat_admin).post(
        f"{one}reject/", {"comment": "Duplicate", "version": seen}, format="json"
    )
    assert rejected.status_code == 200
    stale = step(secretariat_officer, one, "approve", {"version": seen})
    assert stale.status_code == 409 and "changed since" in stale.json()["detail"]
    late = step(secretariat_officer, one, "approve")
    assert late.status_code == 409 and "rejected" in late.json()["detail"]
    change = client_of(focal_point).put(one, {"rows": rkc(), "version": rejected.json()["version"]},
                                  format="json")  # fmt: skip
    assert change.status_code == 409
    assert client_of(focal_point).put(one, {"rows": rkc()}, format="json").status_code == 400
    assert not MemberStatus.objects.exists()


def test_withdraw_is_the_members(focal_point, other_focal_point):
    one = f"{URL}{sent_by(focal_point).pk}/"
    assert step(other_focal_point, one, "withdraw").status_code == 404
    done = step(focal_point, one, "withdraw")
    assert done.status_code == 200 and done.json()["state"] == "withdrawn"
    assert step(focal_point, one, "submit").status_code == 409


def test_approval_refused_when_the_data_changed_writes_nothing(focal_point, secretariat_officer):
    one = f"{URL}{sent_by(focal_point).pk}/"
    # The Secretariat records the same status first: the same Member, topic and date.
    services.approve(secretariat_officer, sent_by(focal_point))
    refused = step(secretariat_officer, one, "approve")
    assert refused.status_code == 400, refused.json()
    assert refused.json()["errors"][0]["sheet"] == "member_statuses"
    assert MemberStatus.objects.count() == 1
    assert Submission.objects.filter(state=State.SUBMITTED).count() == 1


def test_approval_on_a_busy_database_is_a_503(focal_point, secretariat_officer, monkeypatch):
    one = f"{URL}{sent_by(focal_point).pk}/"

    def busy(*args, **kwargs):
        raise WorkbookError([f"submission: {BUSY}"], unreadable=True)

    monkeypatch.setattr(services, "write_facts", busy)
    response = step(secretariat_officer, one, "approve")
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert Submission.objects.get().state == State.SUBMITTED
