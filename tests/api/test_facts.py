"""The recorded-facts endpoints: one resource per sheet of the data workbook, listed, read,
created, replaced, changed and deleted through `stratmon.facts.records`, with the data pages'
access rule, filters, pages of a fixed query count, and problems (never a 500) on bad input."""

from __future__ import annotations

import contextlib
import copy
import io
from typing import Any

import jsonschema
import pytest
from django.contrib.auth.models import User
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from stratmon.api.tokens import create_token
from stratmon.facts.models import Activity, MemberStatus, Participation
from stratmon.facts.records import PREFIX, save_records
from stratmon.facts.workbook.sheets import BY_NAME
from stratmon.history.models import Change

pytestmark = pytest.mark.django_db

ROCB_HH = "rocb-ap-sap-2022-2024:1.hh"
ROCB_KPI = "rocb-ap-sap-2022-2024:1.ff.3"
OCO_KPI = "oco-sp-2022-2027:6.1.1.m"

# A small valid record of each type, as a client posts it.
ROWS: dict[str, dict[str, Any]] = {
    "member_statuses": {
        "member": "FJI",
        "topic": "rkc",
        "status": "achieved",
        "effective": "2026-03-12",
        "evidence": "gazette",
    },
    "activities": {
        "kind": "workshop",
        "title": "National AEO workshop",
        "start": "2026-05-04",
        "end": "2026-05-06",
        "host": "FJI",
        "organiser": "rocb-ap",
        "partners": ["JICA", "World Bank"],
        "actions": [ROCB_HH],
        "status": "held",
    },
    "participations": {"activity": "ACT-T", "person": "Ana Tui", "member": "FJI"},
    "evaluations": {"activity": "ACT-T", "score": 4.5, "scale_max": 5, "responses": 12},
    "experts": {"name": "Sione Vea", "home": "FJI", "expertise": ["rkc"], "gender": "male"},
    "expert_assignments": {"activity": "ACT-T", "expert": "X-2"},
    "requests": {
        "kind": "assistance",
        "subject": "TRS support",
        "requested_on": "2026-01-05",
        "requested_by": "FJI",
    },
    "agreements": {"kind": "aeo_mra", "signed_on": "2026-02-01", "members": ["AUS", "FJI"]},
    "outputs": {
        "kind": "success_story",
        "title": "RKC story",
        "date": "2026-02-01",
        "members": ["FJI"],
        "actions": [ROCB_HH],
    },
    "milestone_progress": {"kpi": ROCB_KPI, "reported_on": "2026-02-01", "percent_complete": 40},
}
# A change to each record type.
CHANGES = {
    "member_statuses": ("status", "in_progress"),
    "activities": ("title", "Regional AEO workshop"),
    "participations": ("person", "Ana Tui-Vea"),
    "evaluations": ("score", 3.5),
    "experts": ("name", "Sione Vea Jr"),
    "expert_assignments": ("expert", "X-T"),
    "requests": ("subject", "TRS mission"),
    "agreements": ("title", "AEO MRA Fiji Australia"),
    "outputs": ("title", "RKC success"),
    "milestone_progress": ("percent_complete", 60),
}
SHEETS = sorted(ROWS)


def url(sheet: str, key: str = "") -> str:
    segment = sheet.replace("_", "-")
    return f"/api/v1/facts/{segment}/" + (f"{key}/" if key else "")


def client_of(user: Any, *, read_only: bool = False) -> APIClient:
    _, key = create_token(user, via="test", read_only=read_only)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def given_(builtin, secretariat_officer):
    """An activity and two experts to refer to, recorded by a superuser."""
    admin = User.objects.create_superuser("given")
    save_records(
        {
            "activities": [ROWS["activities"] | {"id": "ACT-T"}],
            "experts": [
                {"id": "X-T", "name": "Ana Expert", "home": "FJI"},
                {"id": "X-2", "name": "Ben Expert"},
            ],
        },
        user=admin,
        via="test",
    )
    return secretariat_officer


@pytest.fixture
def officer(given_):
    return client_of(given_)


# --- the schema, to validate responses against ------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    with contextlib.redirect_stderr(io.StringIO()):  # the skeleton's own warnings
        return SchemaGenerator().get_schema(request=None, public=True)


def _plain(node: Any, components: dict[str, Any]) -> Any:
    """An OpenAPI 3.0 schema as JSON Schema: references resolved, `nullable` as a null type."""
    if isinstance(node, list):
        return [_plain(n, components) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _plain(components[node["$ref"].rsplit("/", 1)[1]], components)
    out = {k: _plain(v, components) for k, v in node.items() if k not in ("nullable", "readOnly")}
    if node.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


def check_against(schema: dict[str, Any], path: str, method: str, code: int, body: Any) -> None:
    operation = schema["paths"][path][method]
    found = operation["responses"][str(code)]["content"]
    media = found.get("application/json") or found["application/problem+json"]
    plain = _plain(copy.deepcopy(media["schema"]), schema["components"]["schemas"])
    jsonschema.validate(body, plain)


def changes(key: str, verb: str) -> list[Change]:
    """The history entries of the API that name `key`."""
    return [c for c in Change.objects.filter(via="api", verb=verb) if key in c.refs]


# --- round trips --------------------------------------------------------------------------


@pytest.mark.parametrize("sheet", SHEETS)
def test_each_record_type_is_created_changed_and_deleted(officer, given_, schema, sheet):
    path = url(sheet)
    created = officer.post(url(sheet), ROWS[sheet], format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    check_against(schema, path, "post", 201, body)
    key = body["id"]
    assert key.startswith(f"{PREFIX[sheet]}-")  # a new id, as the web gives
    for column, value in ROWS[sheet].items():
        assert body[column] == value, column
    record = BY_NAME[sheet].model.objects.get(ref=key)
    assert record.created_by == given_
    assert changes(key, "created")

    one = officer.get(url(sheet, key))
    assert one.status_code == 200
    assert one.json() == body
    check_against(schema, path + "{key}/", "get", 200, one.json())

    column, new = CHANGES[sheet]
    refused = officer.patch(url(sheet, key), {column: new}, format="json")
    assert refused.status_code == 400
    assert [e["field"] for e in refused.json()["errors"]] == ["reason"]
    changed = officer.patch(url(sheet, key), {column: new, "reason": "typo"}, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()[column] == new
    check_against(schema, path + "{key}/", "patch", 200, changed.json())
    (update,) = changes(key, "updated")
    assert update.reason == "typo"

    assert officer.delete(url(sheet, key)).status_code == 400  # no reason
    gone = officer.delete(url(sheet, key) + "?reason=entered+twice")
    assert gone.status_code == 204
    assert not BY_NAME[sheet].model.objects.filter(ref=key).exists()
    assert changes(key, "deleted")
    assert officer.get(url(sheet, key)).status_code == 404


def test_an_activity_and_its_participants_in_two_calls(officer, given_):
    activity = officer.post(url("activities"), ROWS["activities"], format="json").json()
    people = [
        {"activity": activity["id"], "person": name, "member": "FJI", "gender": "female"}
        for name in ("Ana", "Mele")
    ]
    for person in people:
        assert officer.post(url("participations"), person, format="json").status_code == 201
    listed = officer.get(url("participations") + f"?activity={activity['id']}").json()
    assert sorted(p["person"] for p in listed["results"]) == ["Ana", "Mele"]
    assert Participation.objects.filter(activity__ref=activity["id"]).count() == 2


def test_put_replaces_the_record_and_blanks_what_it_leaves_out(officer, given_):
    key = officer.post(url("requests"), ROWS["requests"], format="json").json()["id"]
    whole = ROWS["requests"] | {"subject": "TRS mission", "reason": "clearer"}
    whole.pop("requested_by")
    replaced = officer.put(url("requests", key), whole, format="json")
    assert replaced.status_code == 200, replaced.json()
    assert replaced.json()["requested_by"] is None
    assert replaced.json()["subject"] == "TRS mission"
    missing = officer.put(url("requests", key), {"subject": "x", "reason": "r"}, format="json")
    assert missing.status_code == 400
    assert {e["field"] for e in missing.json()["errors"]} == {"kind", "requested_on"}
    moved = officer.put(url("requests", key), whole | {"id": "REQ-OTHER"}, format="json")
    assert moved.status_code == 400 and moved.json()["errors"][0]["field"] == "id"


def test_an_id_given_on_create_is_kept_and_a_taken_one_refused(officer, given_):
    row = ROWS["member_statuses"] | {"id": "ST-MINE"}
    assert officer.post(url("member_statuses"), row, format="json").json()["id"] == "ST-MINE"
    again = officer.post(url("member_statuses"), row | {"status": "planned"}, format="json")
    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "id"
    assert MemberStatus.objects.get().status == "achieved"


def test_a_record_changed_since_it_was_read_is_refused_with_409(officer, given_):
    body = officer.post(url("member_statuses"), ROWS["member_statuses"], format="json").json()
    key, seen = body["id"], body["updated_at"]
    other = client_of(User.objects.create_superuser("other"))
    change = {"evidence": "new law", "reason": "found it"}
    assert other.patch(url("member_statuses", key), change, format="json").status_code == 200
    stale = {"status": "planned", "reason": "mine", "updated_at": seen}
    refused = officer.patch(url("member_statuses", key), stale, format="json")
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["field"] == "updated_at"
    assert MemberStatus.objects.get().status == "achieved"
    deleted = officer.delete(url("member_statuses", key) + f"?reason=x&updated_at={seen}")
    assert deleted.status_code == 409
    fresh = officer.get(url("member_statuses", key)).json()["updated_at"]
    stale["updated_at"] = fresh
    assert officer.patch(url("member_statuses", key), stale, format="json").status_code == 200
    assert officer.delete(url("member_statuses", key) + "?reason=x&updated_at=soon").status_code == 400


def test_an_expert_still_assigned_is_not_deleted(officer, given_):
    officer.post(url("expert_assignments"), ROWS["expert_assignments"], format="json")
    refused = officer.delete(url("experts", "X-2") + "?reason=left")
    assert refused.status_code == 409
    assert Activity.objects.get(ref="ACT-T").experts.filter(ref="X-2").exists()


# --- who may do what ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "reads"),
    [
        ("superuser", 200),
        ("secretariat_admin", 200),
        ("secretariat_officer", 200),
        ("focal_point", 403),
        ("viewer", 403),
    ],
)
def test_only_the_secretariat_reads_and_records_facts(request, given_, role, reads):
    user = request.getfixturevalue(role)
    client = client_of(user)
    assert client.get(url("activities")).status_code == reads
    assert client.get(url("activities", "ACT-T")).status_code == reads
    created = client.post(url("requests"), ROWS["requests"], format="json")
    assert created.status_code == (201 if reads == 200 else 403)
    changed = client.patch(
        url("activities", "ACT-T"), {"title": "New", "reason": "r"}, format="json"
    )
    assert changed.status_code == reads
    assert client.delete(url("requests", "NONE") + "?reason=r").status_code == (
        404 if reads == 200 else 403
    )
    if reads == 403:
        assert client.get(url("activities")).json()["status"] == 403


def test_anonymous_calls_get_401(given_):
    client = APIClient()
    for response in (
        client.get(url("activities")),
        client.get(url("activities", "ACT-T")),
        client.post(url("requests"), ROWS["requests"], format="json"),
        client.delete(url("activities", "ACT-T") + "?reason=r"),
    ):
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"


def test_a_read_only_token_reads_but_does_not_write(given_):
    client = client_of(given_, read_only=True)
    assert client.get(url("activities")).status_code == 200
    assert client.post(url("requests"), ROWS["requests"], format="json").status_code == 403
    patched = client.patch(url("activities", "ACT-T"), {"title": "x", "reason": "r"}, format="json")
    assert patched.status_code == 403
    assert client.delete(url("activities", "ACT-T") + "?reason=r").status_code == 403
    assert Activity.objects.get(ref="ACT-T").title == ROWS["activities"]["title"]


def test_the_secretariat_cannot_record_facts_of_another_organisations_member(officer, given_):
    # The Cook Islands belong to OCO only; the officer works for WCO A/P.
    refused = officer.post(url("member_statuses"), ROWS["member_statuses"] | {"member": "COK"})
    assert refused.status_code in (400, 415)
    refused = officer.post(
        url("member_statuses"), ROWS["member_statuses"] | {"member": "COK"}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "member"
    assert "not a Member of your organisation" in refused.json()["errors"][0]["message"]
    mixed = officer.post(
        url("agreements"), ROWS["agreements"] | {"members": ["FJI", "COK"]}, format="json"
    )
    assert mixed.status_code == 400 and mixed.json()["errors"][0]["field"] == "members"
    kpi = officer.post(
        url("milestone_progress"), ROWS["milestone_progress"] | {"kpi": OCO_KPI}, format="json"
    )
    assert kpi.status_code == 400 and kpi.json()["errors"][0]["field"] == "kpi"
    assert not MemberStatus.objects.exists()


def test_a_record_out_of_reach_is_neither_listed_nor_read_nor_changed(officer, given_):
    admin = User.objects.get(username="given")
    row = ROWS["member_statuses"] | {"id": "ST-COK", "member": "COK"}
    save_records({"member_statuses": [row]}, user=admin, via="test")
    assert officer.get(url("member_statuses")).json()["count"] == 0
    assert officer.get(url("member_statuses", "ST-COK")).status_code == 404
    patch = {"status": "planned", "reason": "r"}
    assert officer.patch(url("member_statuses", "ST-COK"), patch, format="json").status_code == 404
    assert officer.delete(url("member_statuses", "ST-COK") + "?reason=r").status_code == 404
    assert client_of(admin).get(url("member_statuses")).json()["count"] == 1
