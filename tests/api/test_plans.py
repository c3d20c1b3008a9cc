"""Plans, their KPIs as of any date, and the reference lists, through the API, per role."""

import datetime
import io
import json

import pytest
import yaml
from django.core.management import call_command

from stratmon.facts import sample
from stratmon.planfiles.schema import parse_plan_text

from .helpers import all_pages, client_of

pytestmark = pytest.mark.django_db

ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"
SAMPLE_DAY = datetime.date(2026, 11, 22)
ROLES = (
    "superuser",
    "secretariat_admin",
    "secretariat_officer",
    "focal_point",
    "other_focal_point",
    "viewer",
    "other_viewer",
)
# The plans each role reads (CONTRACT: a plan you may not read does not exist for you).
READS = {
    "superuser": {ROCB, OCO},
    "secretariat_admin": {ROCB},
    "secretariat_officer": {ROCB},
    "focal_point": {ROCB, OCO},  # Fiji belongs to both organisations
    "other_focal_point": {OCO},  # the Cook Islands: OCO only
    "viewer": {ROCB},
    "other_viewer": {OCO},
}


@pytest.fixture
def sampled(builtin):
    sample.load_sample(SAMPLE_DAY)


def cli_kpis(code: str, day: str) -> list[dict]:
    out = io.StringIO()
    call_command("kpis", code, "--as-of", day, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("code", [ROCB, OCO])
@pytest.mark.parametrize("day", ["2023-06-30", "2026-11-22"])
def test_the_kpis_equal_the_command_line_json(sampled, superuser, code, day):
    client = client_of(superuser)
    found = all_pages(client, f"/api/v1/plans/{code}/kpis/?as_of={day}&page_size=7")
    assert found == cli_kpis(code, day)
    assert len(found) > 50
    one = client.get(f"/api/v1/plans/{code}/kpis/?as_of={day}&page_size=1000").json()
    assert one["count"] == len(found) and one["results"] == found


@pytest.mark.parametrize("role", ROLES)
def test_each_role_lists_the_plans_it_reads_and_no_other(builtin, role, request):
    client = client_of(request.getfixturevalue(role))
    codes = {p["code"] for p in all_pages(client, "/api/v1/plans/")}
    assert codes == READS[role]
    for code in (ROCB, OCO):
        expected = 200 if code in READS[role] else 404
        assert client.get(f"/api/v1/plans/{code}/").status_code == expected
        assert client.get(f"/api/v1/plans/{code}/kpis/").status_code == expected
        assert client.get(f"/api/v1/plans/{code}/file/").status_code == expected


def test_without_a_token_the_api_answers_401_as_a_problem(builtin):
    response = client_of(None).get(f"/api/v1/plans/{ROCB}/kpis/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["status"] == 401


def test_a_plan_comes_with_its_tree(builtin, secretariat_admin, django_assert_num_queries):
    client = client_of(secretariat_admin)
    client.get(f"/api/v1/plans/{ROCB}/")  # the plan lookup is cached per set of rights
    # token (with user and role), data version, plan, pillars, actions, KPIs; the token's
    # last use is not written again so soon
    with django_assert_num_queries(6):
        plan = client.get(f"/api/v1/plans/{ROCB}/").json()
    assert plan["code"] == ROCB and plan["organisation"] == "rocb-ap"
    actions = [a for p in plan["pillars"] for a in p["actions"]]
    kpis = [k for a in actions for k in a["kpis"]]
    assert [k["code"] for k in kpis] == [k["kpi"] for k in cli_kpis(ROCB, "2023-06-30")]
    first = kpis[0]
    assert first["target"] == "At least 33/33 Members" and first["measure"]["source"]


def test_the_plan_file_is_the_canonical_yaml(builtin, viewer):
    response = client_of(viewer).get(f"/api/v1/plans/{ROCB}/file/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    doc = parse_plan_text(response.content.decode(), "api")
    assert doc.code == ROCB
    assert yaml.safe_load(response.content)["code"] == ROCB


def test_one_kpi_and_its_trend(sampled, focal_point):
    client = client_of(focal_point)
    one = client.get(f"/api/v1/plans/{ROCB}/kpis/1.a/?as_of=2023-06-30").json()
    assert one == cli_kpis(ROCB, "2023-06-30")[0]
    trend = client.get(f"/api/v1/plans/{ROCB}/kpis/1.a/trend/?as_of=2022-12-31").json()
    days = [p["as_of"] for p in trend["points"]]
    assert days[0] == "2022-07-31" and days[-1] == "2022-12-31" and len(days) == 6
    assert trend["points"][-1]["status"] == cli_kpis(ROCB, "2022-12-31")[0]["status"]
    before = client.get(f"/api/v1/plans/{ROCB}/kpis/1.a/trend/?as_of=2020-01-01").json()
    assert before["points"] == []
    assert client.get(f"/api/v1/plans/{ROCB}/kpis/9.zz/").status_code == 404


@pytest.mark.parametrize(
    "query, field",
    [
        ("as_of=2023-02-30", "as_of"),
        ("as_of=yesterday", "as_of"),
        ("version=0", "version"),
        ("version=x", "version"),
        ("as_of=0999-01-01", "as_of"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(builtin, viewer, query, field):
    response = client_of(viewer).get(f"/api/v1/plans/{ROCB}/kpis/?{query}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


def test_unknown_addresses_under_the_api_are_json_404s(builtin, viewer):
    response = client_of(viewer).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_organisations_members_and_topics(builtin, focal_point, other_viewer):
    fiji = client_of(focal_point)
    orgs = {o["code"]: o for o in all_pages(fiji, "/api/v1/organisations/")}
    assert set(orgs) == {"rocb-ap", "oco"}
    assert "FJI" in {m["member"] for m in orgs["oco"]["memberships"]}
    oco_viewer = client_of(other_viewer)
    assert {o["code"] for o in all_pages(oco_viewer, "/api/v1/organisations/")} == {"oco"}
    member = oco_viewer.get("/api/v1/members/FJI/").json()
    # The viewer of OCO reads OCO's memberships, not WCO A/P's.
    assert {m["organisation"] for m in member["memberships"]} == {"oco"}
    assert len(all_pages(fiji, "/api/v1/members/")) >= 33
    topics = {t["code"] for t in all_pages(fiji, "/api/v1/topics/")}
    assert "rkc" in topics
    assert fiji.get("/api/v1/topics/rkc/").json()["name"]


def test_lists_take_a_fixed_number_of_queries(builtin, focal_point, django_assert_num_queries):
    client = client_of(focal_point)
    client.get(f"/api/v1/plans/{ROCB}/kpis/")  # evaluates once; kept until the data changes
    # token (with user and role), data version; the plan and its evaluations are cached
    with django_assert_num_queries(2):
        assert client.get(f"/api/v1/plans/{ROCB}/kpis/?page_size=1000").json()["count"] == 60
    # token, count, page (a list reads the data version only when it uses a cache)
    with django_assert_num_queries(3):
        client.get("/api/v1/plans/")
    # token, count, page, memberships (one prefetch, whatever the number)
    with django_assert_num_queries(4):
        client.get("/api/v1/members/?page_size=100")
    with django_assert_num_queries(4):
        client.get("/api/v1/organisations/")
