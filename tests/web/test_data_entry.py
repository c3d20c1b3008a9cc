"""The data pages: every record type created, changed and deleted through its form, with the
workbook's checks placed on the fields, reasons, locking, scope and fixed query counts.

Query counts include the two queries of a signed-in request: its session, and its user with
the user's role.
"""

import pytest
from django.contrib.auth.models import User

from stratmon.facts.models import MemberStatus
from stratmon.facts.records import save_records, stored_values
from stratmon.facts.workbook.sheets import BY_NAME
from stratmon.history.models import Change

# Every page's navigation counts the submissions waiting for the Secretariat: one query.
NAV = 1
pytestmark = pytest.mark.django_db

ROCB_HH = "rocb-ap-sap-2022-2024:1.hh"
ROCB_KPI = "rocb-ap-sap-2022-2024:1.ff.3"

# A small valid record of each type, as a form posts it (lists as several values).
ROWS = {
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
        "partners": "JICA; World Bank",
        "actions": [ROCB_HH],
        "status": "held",
    },
    "participations": {
        "activity": "ACT-T",
        "person": "Ana Tui",
        "member": "FJI",
        "gender": "female",
    },
    "evaluations": {"activity": "ACT-T", "score": "4.5", "scale_max": "5", "responses": "12"},
    "experts": {"name": "Sione Vea", "home": "FJI", "expertise": ["rkc"], "gender": "male"},
    "expert_assignments": {"activity": "ACT-T", "expert": "X-T"},
    "requests": {
        "kind": "assistance",
        "subject": "TRS support",
        "requested_on": "2026-01-05",
        "requested_by": "FJI",
    },
    "agreements": {"kind": "aeo_mra", "signed_on": "2026-02-01", "members": ["FJI", "AUS"]},
    "outputs": {
        "kind": "success_story",
        "title": "RKC story",
        "date": "2026-02-01",
        "members": ["FJI"],
        "actions": [ROCB_HH],
    },
    "milestone_progress": {"kpi": ROCB_KPI, "reported_on": "2026-02-01", "percent_complete": "40"},
}
# A change to each, and a value of the column that the workbook's checks refuse.
CHANGES = {
    "member_statuses": ("status", "in_progress", "done"),
    "activities": ("title", "Regional AEO workshop", ""),
    "participations": ("person", "Ana Tui-Vea", None),
    "evaluations": ("score", "3.500", "9"),
    "experts": ("name", "Sione Vea Jr", ""),
    "expert_assignments": ("expert", "X-2", "X-404"),
    "requests": ("subject", "TRS mission", ""),
    "agreements": ("title", "AEO MRA Fiji Australia", None),
    "outputs": ("title", "RKC success", ""),
    "milestone_progress": ("percent_complete", "60", "101"),
}
SHEETS = sorted(ROWS)


@pytest.fixture
def given(builtin, secretariat_officer):
    """An activity and an expert to refer to, recorded by a superuser."""
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


def record(sheet, ref):
    return BY_NAME[sheet].model.objects.get(ref=ref)


def stored(sheet, ref):
    """A stored record as its edit form posts it back."""
    values = stored_values(sheet, ref)
    out = {}
    for name, value in values.items():
        column = BY_NAME[sheet].column(name)
        if column.target == "partner":
            value = "; ".join(value)
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = "" if value is None else value
    out["seen"] = record(sheet, ref).updated_at.isoformat()
    return out


@pytest.mark.parametrize("sheet", SHEETS)
def test_each_record_type_is_created_through_its_form(client, given, sheet):
    client.force_login(given)
    assert client.get(f"/data/{sheet}/new/").status_code == 200
    response = client.post(f"/data/{sheet}/new/", ROWS[sheet], follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/data/{sheet}/", html[:3000]
    model = BY_NAME[sheet].model
    new = model.objects.exclude(ref__in=["ACT-T", "X-T", "X-2"]).get()
    assert f"Saved {new.ref}." in html
    assert new.created_by == given
    assert any(new.ref in c.refs for c in Change.objects.filter(via="form", verb="created"))


@pytest.mark.parametrize("sheet", SHEETS)
def test_each_record_type_is_changed_with_a_reason(client, given, sheet):
    client.force_login(given)
    save_records({sheet: [ROWS[sheet] | {"id": "T-1"}]}, user=given, via="test")
    page = client.get(f"/data/{sheet}/T-1/")
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    column, new, _ = CHANGES[sheet]
    data = stored(sheet, "T-1") | {column: new}
    refused = client.post(f"/data/{sheet}/T-1/", data)
    assert refused.status_code == 400
    assert "a reason is required" in refused.content.decode()
    assert str(stored_values(sheet, "T-1")[column]) != new
    response = client.post(f"/data/{sheet}/T-1/", data | {"reason": "typo"})
    assert response.status_code == 302
    assert str(stored_values(sheet, "T-1")[column]) == new


@pytest.mark.parametrize("sheet", SHEETS)
def test_each_record_type_is_deleted_with_a_reason(client, given, sheet):
    client.force_login(given)
    save_records({sheet: [ROWS[sheet] | {"id": "T-1"}]}, user=given, via="test")
    assert client.get(f"/data/{sheet}/T-1/delete/").status_code == 200
    assert client.post(f"/data/{sheet}/T-1/delete/", {"reason": " "}).status_code == 400
    assert BY_NAME[sheet].model.objects.filter(ref="T-1").exists()
    response = client.post(f"/data/{sheet}/T-1/delete/", {"reason": "entered twice"})
    assert response.status_code == 302
    assert not BY_NAME[sheet].model.objects.filter(ref="T-1").exists()
    assert Change.objects.filter(verb="deleted", refs=["T-1"], via="form").exists()


@pytest.mark.parametrize("sheet", [s for s in SHEETS if CHANGES[s][2] is not None])
def test_a_refused_value_is_shown_at_its_field_and_nothing_is_saved(client, given, sheet):
    client.force_login(given)
    column, _, bad = CHANGES[sheet]
    before = BY_NAME[sheet].model.objects.count()
    response = client.post(f"/data/{sheet}/new/", ROWS[sheet] | {column: bad})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors.get(column), form.errors
    assert f'id="field-{column}"' in response.content.decode()
    assert BY_NAME[sheet].model.objects.count() == before


def test_a_record_changed_by_someone_else_since_it_was_read_is_refused(client, given):
    client.force_login(given)
    save_records(
        {"member_statuses": [ROWS["member_statuses"] | {"id": "ST-1"}]}, user=given, via="t"
    )
    data = stored("member_statuses", "ST-1")  # the page as the officer read it
    other = User.objects.create_superuser("other-officer")
    save_records(
        {"member_statuses": [ROWS["member_statuses"] | {"id": "ST-1", "evidence": "new law"}]},
        user=other,
        via="form",
        reason="found the law",
    )
    response = client.post(
        "/data/member_statuses/ST-1/", data | {"status": "planned", "reason": "mine"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="form-errors"' in html and "changed by other" in html
    assert response.context["form"]["reason"].value() == "mine"
    saved = MemberStatus.objects.get()
    assert (saved.status, saved.evidence) == ("achieved", "new law")


def test_a_stale_delete_is_refused(client, given):
    client.force_login(given)
    save_records(
        {"member_statuses": [ROWS["member_statuses"] | {"id": "ST-1"}]}, user=given, via="t"
    )
    seen = stored("member_statuses", "ST-1")["seen"]
    save_records(
        {"member_statuses": [ROWS["member_statuses"] | {"id": "ST-1", "evidence": "x"}]},
        user=given,
        via="t",
        reason="r",
    )
    response = client.post("/data/member_statuses/ST-1/delete/", {"reason": "dup", "seen": seen})
    assert response.status_code == 400
    assert "since you opened it" in response.content.decode()
    assert MemberStatus.objects.exists()


def test_the_secretariat_cannot_choose_another_organisations_member(client, given):
    client.force_login(given)
    form = client.get("/data/member_statuses/new/").context["form"]
    choices = {v for v, _ in form.fields["member"].choices}
    assert "FJI" in choices and "COK" not in choices
    response = client.post(
        "/data/member_statuses/new/", ROWS["member_statuses"] | {"member": "COK"}
    )
    assert response.status_code == 400
    assert "member" in response.context["form"].errors
    assert not MemberStatus.objects.exists()


def test_a_record_of_another_organisations_member_is_out_of_reach(client, given):
    admin = User.objects.create_superuser("oco-admin")
    save_records(
        {"member_statuses": [ROWS["member_statuses"] | {"id": "ST-C", "member": "COK"}]},
        user=admin,
        via="t",
    )
    client.force_login(given)
    assert client.get("/data/member_statuses/ST-C/").status_code == 404
    assert client.post("/data/member_statuses/ST-C/delete/", {"reason": "x"}).status_code == 404
    assert "ST-C" not in client.get("/data/member_statuses/").content.decode()
    client.force_login(admin)
    assert "ST-C" in client.get("/data/member_statuses/").content.decode()


def test_the_list_filters_by_member_and_searches_ids_and_titles(client, given):
    client.force_login(given)
    rows = [ROWS["outputs"] | {"id": f"O-{n}", "title": f"Story {n}"} for n in range(3)]
    rows.append(ROWS["outputs"] | {"id": "O-AUS", "title": "Australian story", "members": ["AUS"]})
    save_records({"outputs": rows}, user=given, via="t")
    html = client.get("/data/outputs/?member=AUS").content.decode()
    assert "O-AUS" in html and "O-1" not in html
    html = client.get("/data/outputs/?q=story+2").content.decode()
    assert "O-2" in html and "O-1" not in html
    html = client.get("/data/outputs/?q=o-1").content.decode()
    assert "O-1" in html and "O-2" not in html


def make_records(user, start, count):
    numbers = range(start, start + count)
    statuses = [
        ROWS["member_statuses"] | {"id": f"ST-{n}", "effective": f"{1950 + n}-01-01"}
        for n in numbers
    ]
    outputs = [ROWS["outputs"] | {"id": f"O-{n}"} for n in numbers]
    save_records({"member_statuses": statuses, "outputs": outputs}, user=user, via="t")


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/data/", 2 + NAV + 10),
        ("/data/member_statuses/", 2 + NAV + 3),
        ("/data/member_statuses/?member=FJI&q=ST", 2 + NAV + 3),
        ("/data/outputs/", 2 + NAV + 4),
        ("/data/member_statuses/new/", 2 + NAV + 2),
        ("/data/activities/new/", 2 + NAV + 4),
        ("/data/member_statuses/ST-1/", 2 + NAV + 12),
        ("/data/member_statuses/ST-1/delete/", 2 + NAV + 1),
    ],
)
def test_every_data_page_costs_the_same_queries_whatever_is_stored(
    client, given, django_assert_num_queries, path, queries
):
    client.force_login(given)
    make_records(given, 1, 3)
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200
    make_records(given, 4, 60)
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200


def test_the_navigation_shows_data_to_the_secretariat_only(client, given, viewer, focal_point):
    client.force_login(given)
    assert 'href="/data/"' in client.get("/").content.decode()
    for user in (viewer, focal_point):
        client.force_login(user)
        assert 'href="/data/"' not in client.get("/").content.decode()
        assert client.get("/data/").status_code == 403


def test_an_unknown_record_type_is_not_found(client, given):
    client.force_login(given)
    assert client.get("/data/notes/").status_code == 404
    assert client.get("/data/topics/").status_code == 404
    assert client.get("/data/milestones/new/").status_code == 404
