"""Every change made in the admin is in the change history with its values: model pages,
inline rows, cascades and bulk deletes, on every admin page."""

import datetime

import pytest
from django.contrib import admin

from stratmon.facts.models import Activity, Participation, Request
from stratmon.history.admin import HistoryAdmin
from stratmon.history.models import Change
from stratmon.plans.models import KPI, Action, Member, Organisation
from tests.admin_forms import add_inline_row, served_form

D = datetime.date
ROCB_HH = "rocb-ap-sap-2022-2024:1.hh"
pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(builtin):
    activity = Activity.objects.create(
        ref="ACT-1",
        kind="workshop",
        title="Regional RKC workshop",
        start=D(2023, 5, 2),
        end=D(2023, 5, 4),
        host=Member.objects.get(iso3="FJI"),
    )
    activity.actions.add(Action.objects.get(plan__code="rocb-ap-sap-2022-2024", code="1.hh"))
    return activity


@pytest.fixture
def participation(activity):
    return Participation.objects.create(
        ref="P-1",
        activity=activity,
        person="Mere Vula",
        member=Member.objects.get(iso3="FJI"),
        gender="female",
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def page(client, obj):
    """The URL of `obj`'s admin page, the page and its form as served."""
    url = f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"
    served = client.get(url)
    return url, served, served_form(served)


def test_a_participation_added_inline_on_the_activity_page_is_recorded_with_its_values(
    admin_client, activity, superuser
):
    # given the activity's admin page, with one participation added as an inline row
    url, served, form = page(admin_client, activity)
    tonga = Member.objects.get(iso3="TON")
    form = add_inline_row(
        served,
        form,
        "participations",
        ref="P-9",
        person="Sione Taufa",
        member=tonga.pk,
        gender="male",
    )
    # when it is saved
    assert admin_client.post(url, form).status_code == 302
    # then the participation is recorded as created, with every value it was created with
    entry = Change.objects.get()
    assert (entry.user, entry.via, entry.verb, entry.model, entry.refs) == (
        superuser,
        "admin",
        "created",
        "participation",
        ["P-9"],
    )
    assert entry.details == {
        "P-9": {
            "activity": "ACT-1",
            "person": "Sione Taufa",
            "member": "TON",
            "gender": "male",
            "role": "participant",
        }
    }
    assert Participation.objects.get(ref="P-9").created_by == superuser


def test_an_inline_row_edited_is_recorded_field_by_field_old_to_new(admin_client, participation):
    url, _, form = page(admin_client, participation.activity)
    form["participations-0-role"] = "head_of_delegation"
    form["participations-0-member"] = str(Member.objects.get(iso3="WSM").pk)
    admin_client.post(url, form)
    entry = Change.objects.get()
    assert (entry.verb, entry.model, entry.refs) == ("updated", "participation", ["P-1"])
    assert entry.details == {
        "P-1": {"member": ["FJI", "WSM"], "role": ["participant", "head_of_delegation"]}
    }


def test_an_inline_row_deleted_is_recorded_with_what_was_deleted(admin_client, participation):
    url, _, form = page(admin_client, participation.activity)
    form["participations-0-DELETE"] = "on"
    admin_client.post(url, form)
    assert not Participation.objects.exists()
    entry = Change.objects.get()
    assert (entry.verb, entry.model, entry.refs) == ("deleted", "participation", ["P-1"])
    assert entry.details["P-1"]["person"] == "Mere Vula"
    assert entry.lines() == [
        "P-1 — activity: ACT-1",
        "P-1 — person: Mere Vula",
        "P-1 — member: FJI",
        "P-1 — gender: female",
        "P-1 — role: participant",
    ]


def test_an_activity_created_with_its_lists_is_recorded_with_every_value(admin_client, builtin):
    url = "/admin/facts/activity/add/"
    form = served_form(admin_client.get(url))
    hh = Action.objects.get(plan__code="rocb-ap-sap-2022-2024", code="1.hh")
    form.update(
        ref="ACT-7",
        kind="mission",
        title="TRS mission",
        start="2023-08-01",
        end="2023-08-03",
        actions=[str(hh.pk)],
        status="held",
    )
    assert admin_client.post(url, form).status_code == 302
    entry = Change.objects.get()
    assert entry.details == {
        "ACT-7": {
            "kind": "mission",
            "title": "TRS mission",
            "start": "2023-08-01",
            "end": "2023-08-03",
            "actions": [ROCB_HH],
            "status": "held",
        }
    }


def test_a_list_changed_on_a_record_page_is_recorded_old_to_new(admin_client, activity):
    url, _, form = page(admin_client, activity)
    form["actions"] = []
    form["title"] = "Regional RKC workshop (Suva)"
    admin_client.post(url, form)
    assert Change.objects.get().details == {
        "ACT-1": {
            "title": ["Regional RKC workshop", "Regional RKC workshop (Suva)"],
            "actions": [[ROCB_HH], []],
        }
    }


def test_deleting_an_activity_records_what_the_delete_takes_with_it(
    admin_client, participation, superuser
):
    # given an activity with a participation, and a request it answered
    activity = participation.activity
    Request.objects.create(
        ref="R-1", kind="assistance", subject="RKC", requested_on=D(2023, 1, 5), activity=activity
    )
    # when the activity is deleted on its admin page
    url = f"/admin/facts/activity/{activity.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    # then the activity and its participation are recorded deleted, the request updated
    entries = {(c.verb, c.model): c for c in Change.objects.all()}
    assert set(entries) == {
        ("deleted", "activity"),
        ("deleted", "participation"),
        ("updated", "request"),
    }
    assert entries["deleted", "activity"].details["ACT-1"]["actions"] == [ROCB_HH]
    assert entries["deleted", "participation"].refs == ["P-1"]
    assert entries["updated", "request"].details == {"R-1": {"activity": ["ACT-1", None]}}
    assert {c.user for c in entries.values()} == {superuser}


def test_the_bulk_delete_action_records_every_record_with_its_values(admin_client, participation):
    other = Participation.objects.create(ref="P-2", activity=participation.activity)
    form = {"action": "delete_selected", "_selected_action": [participation.pk, other.pk]}
    admin_client.post("/admin/facts/participation/", {**form, "post": "yes"})
    assert not Participation.objects.exists()
    entry = Change.objects.get()
    assert (entry.verb, entry.refs) == ("deleted", ["P-1", "P-2"])
    assert entry.details["P-1"]["person"] == "Mere Vula"
    assert entry.details["P-2"] == {
        "activity": "ACT-1",
        "gender": "not_stated",
        "role": "participant",
    }


def test_a_membership_added_inline_on_the_organisation_page_is_recorded(admin_client, builtin):
    # given the OCO page, and a Member that is not one of its Members
    oco = Organisation.objects.get(code="oco")
    outsider = Member.objects.exclude(memberships__organisation=oco).order_by("iso3").first()
    url, served, form = page(admin_client, oco)
    form = add_inline_row(served, form, "memberships", member=outsider.pk, joined="2024-01-01")
    assert admin_client.post(url, form).status_code == 302
    entry = Change.objects.get()
    assert (entry.verb, entry.model, entry.refs) == (
        "created",
        "membership",
        [f"oco:{outsider.iso3}"],
    )
    assert entry.details[f"oco:{outsider.iso3}"]["joined"] == "2024-01-01"


def test_deleting_an_action_records_its_kpis_and_the_activities_that_lose_it(
    admin_client, activity
):
    action = Action.objects.get(plan__code="rocb-ap-sap-2022-2024", code="1.hh")
    kpis = sorted(f"rocb-ap-sap-2022-2024:{k.code}" for k in action.kpis.all())
    admin_client.post(f"/admin/plans/action/{action.pk}/delete/", {"post": "yes"})
    entries = {(c.verb, c.model): c for c in Change.objects.all()}
    assert entries["deleted", "action"].refs == [ROCB_HH]
    assert entries["deleted", "kpi"].refs == kpis
    assert entries["updated", "activity"].details == {"ACT-1": {"actions": [[ROCB_HH], []]}}


def test_a_kpi_edited_in_the_admin_is_recorded_under_its_plan_key(admin_client, builtin):
    kpi = KPI.objects.get(plan__code="oco-sp-2022-2027", code="6.5.1.m")
    url, _, form = page(admin_client, kpi)
    form["target_text"] = "Framework adopted"
    admin_client.post(url, form)
    entry = Change.objects.get()
    assert entry.refs == ["oco-sp-2022-2027:6.5.1.m"]
    assert entry.details["oco-sp-2022-2027:6.5.1.m"]["target_text"][1] == "Framework adopted"


def test_every_admin_page_records_its_changes():
    unrecorded = {
        model._meta.label
        for model, page in admin.site._registry.items()
        if not isinstance(page, HistoryAdmin)
    }
    # users and groups are not recorded data; the history itself is read only; nor are the
    # sign-in attempts that django-axes counts
    sign_ins = {"axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"}
    assert unrecorded == {"auth.User", "auth.Group", "history.Change", *sign_ins}
