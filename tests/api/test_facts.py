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
from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from stratmon.api.tokens import create_token
from stratmon.api.views import facts
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


# Said of every view while the API's authentication has no OpenAPI extension: not the facts'.
SKELETON_WARNING = "could not resolve authenticator"


@pytest.fixture(scope="module")
def schema_and_warnings() -> tuple[dict[str, Any], list[str]]:
    """The OpenAPI schema of the facts endpoints (as /api/schema/ has it, without the rest),
    and the warnings generating it gave."""
    patterns = [path("api/v1/", include(facts.urls()))]
    GENERATOR_STATS.reset()
    with contextlib.redirect_stderr(io.StringIO()):
        found = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    warnings = [w for w in GENERATOR_STATS._warn_cache if SKELETON_WARNING not in w]
    GENERATOR_STATS.reset()
    return found, warnings


@pytest.fixture
def schema(schema_and_warnings) -> dict[str, Any]:
    return schema_and_warnings[0]


def test_the_schema_describes_the_facts_without_warnings(schema_and_warnings):
    schema, warnings = schema_and_warnings
    assert warnings == []
    paths = [p for p in schema["paths"] if p.startswith("/api/v1/facts/")]
    assert len(paths) == 20
    activity = schema["components"]["schemas"]["ActivitiesFact"]
    assert activity["properties"]["actions"]["type"] == "array"
    assert activity["properties"]["host"]["nullable"] is True
    assert "nullable" not in activity["properties"]["title"]
    assert set(activity["required"]) == {*BY_NAME["activities"].header, "updated_at"}
    assert "ActivityKindEnum" in schema["components"]["schemas"]
    request = schema["components"]["schemas"]["AgreementsFactRequest"]["properties"]
    assert request["members"]["minItems"] == 1 and "reason" in request
    score = schema["components"]["schemas"]["EvaluationsFact"]["properties"]["score"]
    assert score["type"] == "number"


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


def test_each_record_type_is_created_changed_and_deleted(officer, given_, schema):
    for sheet in SHEETS:
        round_trip(officer, given_, schema, sheet)


def round_trip(officer: APIClient, user: User, schema: dict[str, Any], sheet: str) -> None:
    path = url(sheet)
    created = officer.post(url(sheet), ROWS[sheet], format="json")
    assert created.status_code == 201, (sheet, created.json())
    body = created.json()
    check_against(schema, path, "post", 201, body)
    key = body["id"]
    assert key.startswith(f"{PREFIX[sheet]}-")  # a new id, as the web gives
    for column, value in ROWS[sheet].items():
        assert body[column] == value, (sheet, column)
    record = BY_NAME[sheet].model.objects.get(ref=key)
    assert record.created_by == user
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
    assert changed.status_code == 200, (sheet, changed.json())
    assert changed.json()[column] == new
    check_against(schema, path + "{key}/", "patch", 200, changed.json())
    (update,) = changes(key, "updated")
    assert update.reason == "typo"

    assert officer.delete(url(sheet, key)).status_code == 400  # no reason
    nul = officer.delete(url(sheet, key) + "?reason=a%00b")
    assert nul.status_code == 400 and nul.json()["errors"][0]["field"] == "reason"
    assert officer.get(url(sheet, "X" * 65)).status_code == 404
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
    unreadable = officer.delete(url("member_statuses", key) + "?reason=x&updated_at=soon")
    assert unreadable.status_code == 400


def test_an_expert_still_assigned_is_not_deleted(officer, given_):
    officer.post(url("expert_assignments"), ROWS["expert_assignments"], format="json")
    refused = officer.delete(url("experts", "X-2") + "?reason=left")
    assert refused.status_code == 409
    assert Activity.objects.get(ref="ACT-T").experts.filter(ref="X-2").exists()


# --- who may do what ----------------------------------------------------------------------


ROLES = [
    ("superuser", 200),
    ("secretariat_admin", 200),
    ("secretariat_officer", 200),
    ("focal_point", 403),
    ("viewer", 403),
]


def test_only_the_secretariat_reads_and_records_facts(request, given_):
    for role, reads in ROLES:
        client = client_of(request.getfixturevalue(role))
        allowed = reads == 200
        assert client.get(url("activities")).status_code == reads, role
        assert client.get(url("activities", "ACT-T")).status_code == reads, role
        created = client.post(url("requests"), ROWS["requests"], format="json")
        assert created.status_code == (201 if allowed else 403), role
        changed = client.patch(
            url("activities", "ACT-T"), {"title": f"By {role}", "reason": "r"}, format="json"
        )
        assert changed.status_code == reads, role
        gone = client.delete(url("requests", "NONE") + "?reason=r")
        assert gone.status_code == (404 if allowed else 403), role
        if not allowed:
            problem = client.get(url("activities")).json()
            assert problem["status"] == 403 and "Secretariat" in problem["detail"]
    assert Activity.objects.get(ref="ACT-T").title == "By secretariat_officer"


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
    assert "you do not record facts for" in kpi.json()["detail"]
    assert not BY_NAME["milestone_progress"].model.objects.exists()
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


# --- filters and pages --------------------------------------------------------------------


@pytest.fixture
def several(given_):
    """A few records of several types to filter, recorded by a superuser."""
    admin = User.objects.get(username="given")
    rows = {
        "activities": [
            ROWS["activities"] | {"id": "ACT-A", "start": "2025-01-10", "end": "2025-01-11"},
            ROWS["activities"]
            | {"id": "ACT-B", "host": "AUS", "actions": [], "kind": "mission"}
            | {"start": "2026-09-01", "end": "2026-09-02"},
        ],
        "participations": [
            {"id": "P-1", "activity": "ACT-A", "person": "Ana", "member": "FJI"},
            {"id": "P-2", "activity": "ACT-B", "person": "Ben", "member": "AUS"},
        ],
        "member_statuses": [
            ROWS["member_statuses"] | {"id": "ST-1"},
            ROWS["member_statuses"] | {"id": "ST-2", "topic": "aeo"},
        ],
        "requests": [
            ROWS["requests"] | {"id": "R-1"},
            ROWS["requests"]
            | {"id": "R-2", "kind": "contribution", "requested_by": None}
            | {"addressed_to": "FJI"},
            ROWS["requests"] | {"id": "R-3", "requested_by": "AUS"},
        ],
        "agreements": [ROWS["agreements"] | {"id": "AG-1"}],
        "outputs": [ROWS["outputs"] | {"id": "O-1"}, ROWS["outputs"] | {"id": "O-2"}],
        "milestone_progress": [ROWS["milestone_progress"] | {"id": "MP-1"}],
    }
    save_records(rows, user=admin, via="test")
    return given_


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.json()
    return [r["id"] for r in response.json()["results"]]


FILTERS = [
    ("activities", "member=AUS", ["ACT-B"]),
    ("activities", "member=fji", ["ACT-T", "ACT-A"]),
    ("activities", "member=ZZZ", []),
    ("activities", "date_from=2026-01-01", ["ACT-T", "ACT-B"]),
    ("activities", "date_to=2025-12-31", ["ACT-A"]),
    ("activities", "date_from=2026-06-01&date_to=2026-12-31", ["ACT-B"]),
    ("activities", "kind=mission", ["ACT-B"]),
    ("activities", f"action={ROCB_HH}", ["ACT-T", "ACT-A"]),
    ("activities", "action=no-plan:1.x", []),
    ("participations", "activity=ACT-B", ["P-2"]),
    ("participations", "activity=ACT-NONE", []),
    ("member_statuses", "topic=aeo", ["ST-2"]),
    ("member_statuses", "topic=nothing", []),
    ("requests", "member=FJI", ["R-1", "R-2"]),
    ("requests", "kind=contribution", ["R-2"]),
    ("agreements", "member=AUS", ["AG-1"]),
    ("outputs", f"action={ROCB_HH}", ["O-1", "O-2"]),
    ("outputs", "action=rocb-ap-sap-2022-2024:1.ff", []),
]


def test_lists_filter(several):
    client = client_of(User.objects.get(username="given"))
    for sheet, query, expected in FILTERS:
        assert ids(client.get(f"{url(sheet)}?{query}")) == expected, (sheet, query)


BAD_FILTERS = [
    ("activities", "date_from=2026-13-01", "date_from"),
    ("activities", "date_to=yesterday", "date_to"),
    ("activities", "kind=party", "kind"),
    ("requests", "kind=", "kind"),
    ("requests", "date_to=", "date_to"),
    ("requests", "member=", None),
    ("activities", "member=" + "A" * 300, "member"),
]


def test_a_filter_value_of_the_wrong_form_is_a_400_naming_it(several):
    client = client_of(User.objects.get(username="given"))
    for sheet, query, field in BAD_FILTERS:
        response = client.get(f"{url(sheet)}?{query}")
        if field is None:  # an empty text filter is no filter
            assert response.status_code == 200
            continue
        assert response.status_code == 400, (sheet, query)
        assert [e["field"] for e in response.json()["errors"]] == [field], (sheet, query)


def test_lists_come_in_pages(several):
    client = client_of(User.objects.get(username="given"))
    first = client.get(url("requests") + "?page_size=2").json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["next"]
    second = client.get(first["next"]).json()
    assert [r["id"] for r in second["results"]] == ["R-3"] and second["next"] is None
    assert client.get(url("requests") + "?page=9").status_code == 404


# Per list: the token, the count, the page with its references joined, one per list column.
QUERIES = {
    "member_statuses": 3,
    "activities": 5,  # … the partners and the actions of the page
    "requests": 3,
    "agreements": 5,
    "experts": 4,
    "milestone_progress": 3,
}


def test_a_page_costs_the_same_queries_whatever_it_holds(several, django_assert_num_queries):
    admin = User.objects.get(username="given")
    client = client_of(admin)
    client.get(url("activities"))  # the token's first use is noted once
    for sheet, queries in QUERIES.items():
        with django_assert_num_queries(queries):
            assert client.get(url(sheet) + "?page_size=1").json()["count"] >= 1
        more = [ROWS[sheet] | {"id": f"MORE-{n}"} for n in range(4)]
        if sheet == "member_statuses":
            more = [r | {"effective": f"2020-01-0{n + 1}"} for n, r in enumerate(more)]
        save_records({sheet: more}, user=admin, via="test")
        with django_assert_num_queries(queries):
            response = client.get(url(sheet) + "?member=FJI")
        assert response.json()["count"] >= 4, sheet


# --- bad input ------------------------------------------------------------------------------


BAD_INPUT = [
    ("member_statuses", {"member": "ZZZ"}, "member"),
    ("member_statuses", {"member": ["FJI"]}, "member"),
    ("member_statuses", {"effective": "2026-02-30"}, "effective"),
    ("member_statuses", {"effective": "1850-01-01"}, "effective"),
    ("member_statuses", {"effective": 20260101}, "effective"),
    ("member_statuses", {"status": "done"}, "status"),
    ("member_statuses", {"evidence": 12}, "evidence"),
    ("member_statuses", {"colour": "red"}, "colour"),
    ("member_statuses", {"topic": None}, "topic"),
    ("agreements", {"members": "FJI"}, "members"),
    ("agreements", {"members": []}, "members"),
    ("agreements", {"members": ["FJI", 3]}, "members.1"),
    ("agreements", {"partners": ["A; B"]}, "partners.0"),
    ("evaluations", {"score": "4.5"}, "score"),
    ("evaluations", {"score": 9}, "score"),
    ("evaluations", {"score": 1e308}, "score"),
    ("evaluations", {"responses": 10**30}, "responses"),
    ("evaluations", {"responses": True}, "responses"),
    ("evaluations", {"activity": "ACT-NONE"}, "activity"),
    ("activities", {"end": "2026-05-01"}, "end"),
    ("activities", {"title": "x" * 301}, "title"),
    ("milestone_progress", {"percent_complete": 101}, "percent_complete"),
    ("milestone_progress", {"kpi": "no-colon"}, "kpi"),
]


def test_bad_input_is_a_400_naming_the_column_and_nothing_is_saved(officer, given_):
    for sheet, change, field in BAD_INPUT:
        model = BY_NAME[sheet].model
        before = model.objects.count()
        response = officer.post(url(sheet), ROWS[sheet] | change, format="json")
        assert response.status_code == 400, (sheet, change, response.json())
        assert response["Content-Type"] == "application/problem+json"
        fields = [e["field"] for e in response.json()["errors"]]
        assert field in fields, (sheet, change, response.json())
        assert model.objects.count() == before


NOT_RECORDS = [
    "[1, 2]",
    '"text"',
    "null",
    "{not json",
    '{"kind": "assistance", "subject": "x", "requested_on": "2026-01-01", "id": NaN}',
]


def test_a_body_that_is_not_a_json_record_is_refused(officer, given_):
    for body in NOT_RECORDS:
        response = officer.generic("POST", url("requests"), body, content_type="application/json")
        assert response.status_code == 400, body
        assert response.json()["status"] == 400
    form = officer.post(url("requests"), ROWS["requests"])  # a form's encoding
    assert form.status_code == 415
    assert not BY_NAME["requests"].model.objects.exists()


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)
COLUMNS = [c.name for c in BY_NAME["activities"].columns] + ["reason", "updated_at", "x"]
PLAUSIBLE = st.sampled_from(
    ["FJI", "ZZZ", "rocb-ap", ROCB_HH, "ACT-T", "2026-01-01", "2026-02-30", "workshop", "", " "]
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=st.dictionaries(
        st.sampled_from(COLUMNS) | st.text(max_size=10), JSON | PLAUSIBLE, max_size=12
    )
)
def test_any_json_object_posted_is_saved_or_refused_never_a_500(officer, given_, body):
    response = officer.post(url("activities"), body, format="json")
    assert response.status_code in (201, 400, 409), response.content[:500]
    if response.status_code != 201:
        assert response.json()["errors"], response.json()
    patched = officer.patch(url("activities", "ACT-T"), body, format="json")
    assert patched.status_code in (200, 400, 409), patched.content[:500]
