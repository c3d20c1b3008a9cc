"""Every change to recorded facts is attributable: who, when, through what, what changed."""

import copy
import datetime

import pytest

from stratmon.facts.models import MemberStatus, Topic
from stratmon.facts.workbook import import_workbook
from stratmon.history.models import Change
from stratmon.history.recording import record_change
from stratmon.plans.models import Member

from .test_workbook import GOOD, write_xlsx

pytestmark = pytest.mark.django_db


def test_the_admin_records_creation_edit_and_deletion(client, builtin, superuser):
    client.force_login(superuser)
    fiji, rkc = Member.objects.get(iso3="FJI"), Topic.objects.get(code="rkc")
    form = {
        "ref": "MS-9",
        "member": fiji.pk,
        "topic": rkc.pk,
        "status": "in_progress",
        "effective": "2023-02-01",
        "evidence": "",
    }
    assert client.post("/admin/facts/memberstatus/add/", form).status_code == 302
    status = MemberStatus.objects.get(ref="MS-9")
    assert status.created_by == superuser
    created = Change.objects.get()
    assert (created.user, created.via, created.verb, created.model, created.refs) == (
        superuser,
        "admin",
        "created",
        "memberstatus",
        ["MS-9"],
    )
    assert created.details == {
        "MS-9": {
            "member": "FJI",
            "topic": "rkc",
            "status": "in_progress",
            "effective": "2023-02-01",
        }
    }
    form.update(status="achieved", evidence="instrument deposited")
    client.post(f"/admin/facts/memberstatus/{status.pk}/change/", form)
    updated = Change.objects.filter(verb="updated").get()
    assert updated.details == {
        "MS-9": {"status": ["in_progress", "achieved"], "evidence": ["", "instrument deposited"]}
    }
    client.post(f"/admin/facts/memberstatus/{status.pk}/delete/", {"post": "yes"})
    deleted = Change.objects.filter(verb="deleted").get()
    assert deleted.refs == ["MS-9"]
    assert deleted.details["MS-9"]["evidence"] == "instrument deposited"
    assert not MemberStatus.objects.exists()


def test_saving_an_unchanged_form_records_nothing(client, builtin, superuser):
    client.force_login(superuser)
    status = MemberStatus.objects.create(
        ref="MS-1",
        member=Member.objects.get(iso3="FJI"),
        topic=Topic.objects.get(code="rkc"),
        status="achieved",
        effective=datetime.date(2023, 1, 1),
    )
    form = {
        "ref": "MS-1",
        "member": status.member_id,
        "topic": status.topic_id,
        "status": "achieved",
        "effective": "2023-01-01",
        "evidence": "",
    }
    client.post(f"/admin/facts/memberstatus/{status.pk}/change/", form)
    assert not Change.objects.exists()


def test_a_workbook_import_records_one_entry_per_sheet_and_verb(
    builtin, tmp_path, secretariat_officer
):
    path = write_xlsx(tmp_path / "facts.xlsx", GOOD)
    import_workbook(path, user=secretariat_officer)
    created = {c.model: c for c in Change.objects.filter(verb="created")}
    assert created["memberstatus"].refs == ["MS-1", "MS-2"]
    assert created["memberstatus"].user == secretariat_officer
    assert created["memberstatus"].via == "workbook"
    assert created["memberstatus"].source.startswith("facts.xlsx")
    entries = Change.objects.count()
    # the same workbook again: nothing changes, nothing is recorded
    import_workbook(path, user=secretariat_officer)
    assert Change.objects.count() == entries
    # one changed cell: one entry naming the record, the field, its old and new values
    changed = copy.deepcopy(GOOD)
    changed["member_statuses"][1][5] = "instrument deposited on 1 March"
    import_workbook(write_xlsx(tmp_path / "again.xlsx", changed), user=secretariat_officer)
    update = Change.objects.get(verb="updated", model="memberstatus")
    assert (update.refs, update.details) == (
        ["MS-1"],
        {"MS-1": {"evidence": ["instrument deposited", "instrument deposited on 1 March"]}},
    )
    # a milestone set from the workbook is an update of its KPI, recorded too
    milestone = Change.objects.get(verb="updated", model="kpi")
    assert milestone.details == {
        "oco-sp-2022-2027:1.1.1.m": {
            "done_on": [None, "2023-11-01"],
            "evidence": ["", "plan adopted"],
        }
    }


def test_a_workbook_import_records_the_values_of_every_row_it_creates(builtin, tmp_path):
    import_workbook(write_xlsx(tmp_path / "facts.xlsx", GOOD))
    created = {c.model: c for c in Change.objects.filter(verb="created")}
    assert created["memberstatus"].details == {
        "MS-1": {
            "member": "FJI",
            "topic": "rkc",
            "status": "achieved",
            "effective": "2023-03-01",
            "evidence": "instrument deposited",
        },
        "MS-2": {
            "member": "FJI",
            "topic": "gender-plan",
            "status": "planned",
            "effective": "2023-05-01",
        },
    }
    assert created["activity"].details["ACT-1"]["partners"] == ["Asian Development Bank", "JICA"]
    assert created["evaluation"].details["E-1"]["score"] == "4.5"
    assert created["partner"].refs == ["Asian Development Bank", "JICA"]
    assert created["topic"].details == {
        "gender-plan": {
            "name": "Gender equality plan",
            "description": "a plan for gender equality in Customs",
        }
    }


def test_a_row_reads_the_same_in_the_history_whether_from_the_workbook_or_the_admin(
    builtin, tmp_path, client, superuser
):
    # given the workbook's activities, participations and milestone progress, imported
    import_workbook(write_xlsx(tmp_path / "facts.xlsx", GOOD))
    imported = {c.model: c.details for c in Change.objects.filter(verb="created")}
    # when those records are deleted in the admin
    client.force_login(superuser)
    for model in ("participation", "activity", "milestoneupdate"):
        url = f"/admin/facts/{model}/"
        rows = client.get(url).context["cl"].result_list
        pks = [str(r.pk) for r in rows]
        client.post(url, {"action": "delete_selected", "_selected_action": pks, "post": "yes"})
    # then what was deleted reads exactly as what was created
    deleted = {c.model: c.details for c in Change.objects.filter(verb="deleted")}
    assert imported["participation"]["P-1"]["person"] == "Mere Vula"
    assert deleted["participation"] == imported["participation"]
    assert deleted["activity"] == imported["activity"]
    assert deleted["milestoneupdate"] == imported["milestoneupdate"]


def test_a_milestone_marked_done_in_the_admin_is_recorded(client, builtin, superuser):
    from stratmon.plans.models import KPI

    client.force_login(superuser)
    kpi = KPI.objects.get(plan__code="oco-sp-2022-2027", code="6.5.1.m")
    page = client.get(f"/admin/plans/kpi/{kpi.pk}/change/")
    form = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    form.update(
        plan=kpi.plan_id,
        action=kpi.action_id,
        measure='{"source": "milestone"}',
        done_on="2025-03-01",
        evidence="Adopted by the Annual Conference",
    )
    assert client.post(f"/admin/plans/kpi/{kpi.pk}/change/", form).status_code == 302
    entry = Change.objects.get()
    assert entry.refs == ["oco-sp-2022-2027:6.5.1.m"]
    assert entry.details["oco-sp-2022-2027:6.5.1.m"] == {
        "done_on": [None, "2025-03-01"],
        "evidence": ["", "Adopted by the Annual Conference"],
    }


def entry(verb, details, **fields):
    return Change(verb=verb, model="memberstatus", refs=list(details), details=details, **fields)


def test_an_update_reads_field_old_to_new():
    change = entry(
        "updated", {"MS-9": {"status": ["in_progress", "achieved"], "evidence": ["", "deposited"]}}
    )
    assert change.lines() == [
        "MS-9 — status: in_progress → achieved",
        "MS-9 — evidence: (blank) → deposited",
    ]


def test_created_and_deleted_records_read_field_value_lists_and_flags_in_words():
    values = {"ACT-1": {"title": "RKC workshop", "actions": ["p:1.a", "p:1.b"], "online": False}}
    created = ["ACT-1 — title: RKC workshop", "ACT-1 — actions: p:1.a, p:1.b", "ACT-1 — online: no"]
    assert entry("created", values).lines() == created
    assert entry("deleted", values).lines() == created


def test_entries_written_before_values_were_kept_still_read():
    old_update = entry("updated", {"MS-1": ["evidence"]})
    assert old_update.lines() == ["MS-1 — evidence changed"]
    old_create = Change(verb="created", model="memberstatus", refs=["MS-1", "MS-2"], details={})
    assert old_create.lines() == ["MS-1", "MS-2"]


def test_the_history_pages_show_each_change_in_words_escaped(client, superuser):
    change = record_change(
        user=superuser,
        via="admin",
        model=MemberStatus,
        verb="updated",
        refs=["MS-9"],
        details={"MS-9": {"status": ["in_progress", "achieved"], "evidence": ["", "<b>x</b>"]}},
    )
    client.force_login(superuser)
    listing = client.get("/admin/history/change/").content.decode()
    assert "MS-9 — status: in_progress → achieved" in listing
    assert "&lt;b&gt;x&lt;/b&gt;" in listing and "<b>x</b>" not in listing
    detail = client.get(f"/admin/history/change/{change.pk}/change/").content.decode()
    assert "<th>before</th><th>after</th>" in detail
    assert "<tr><td>MS-9</td><td>status</td><td>in_progress</td><td>achieved</td></tr>" in detail
    assert "<tr><td></td><td>evidence</td><td>(blank)</td><td>&lt;b&gt;x&lt;/b&gt;</td></tr>" in (
        detail
    )
    assert '"in_progress"' not in detail  # not the raw JSON
