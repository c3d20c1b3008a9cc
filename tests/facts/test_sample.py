"""The labelled sample data: a mix of statuses, removable without touching real data."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from stratmon.facts import sample
from stratmon.facts.models import Activity, MemberStatus, Output, Participation, Topic
from stratmon.history.models import Change
from stratmon.kpis.services import evaluate_plan
from stratmon.plans.models import KPI, Member, Plan

D = datetime.date
pytestmark = pytest.mark.django_db


def statuses(plan_code, as_of):
    plan = Plan.objects.select_related("organisation").get(code=plan_code)
    return {e.result.status for e in evaluate_plan(plan, as_of)}


def test_sample_data_gives_every_status_somewhere_in_the_rocb_plan(builtin):
    sample.load_sample(D(2026, 11, 22))
    seen = set()
    for day in (D(2023, 1, 31), D(2024, 3, 31), D(2024, 6, 30)):
        seen |= statuses("rocb-ap-sap-2022-2024", day)
    assert {"achieved", "on_track", "at_risk", "off_track", "no_data"} <= seen
    assert statuses("rocb-ap-sap-2022-2024", D(2022, 6, 30)) >= {"not_started"}
    # OCO's milestones: done, on pace, behind and unreported all occur
    oco = statuses("oco-sp-2022-2027", D(2026, 11, 22))
    assert {"achieved", "on_track", "off_track", "no_data"} <= oco


def test_every_sample_row_is_labelled(builtin):
    sample.load_sample(D(2024, 6, 30), requests=True)
    assert not Activity.objects.filter(sample=False).exists()
    # the sample desk's activities get their ids from the desk, as real ones do
    desk = Activity.objects.filter(requests__case__isnull=False)
    assert all(a.ref.startswith("SAMPLE-") for a in Activity.objects.exclude(pk__in=desk))
    assert all(a.title.startswith("[Sample] ") for a in Activity.objects.all())
    assert all(o.title.startswith("[Sample] ") for o in Output.objects.all())
    assert KPI.objects.exclude(done_on=None).exclude(evidence__startswith="[Sample] ").count() == 0


def test_the_sample_is_the_same_every_time(builtin):
    first = sample.load_sample(D(2024, 6, 30))
    refs = list(Participation.objects.order_by("ref").values_list("ref", "gender", "member_id"))
    second = sample.load_sample(D(2024, 6, 30))
    assert first == second
    assert list(
        Participation.objects.order_by("ref").values_list("ref", "gender", "member_id")
    ) == (refs)


def test_removing_the_sample_keeps_real_data(builtin):
    real = MemberStatus.objects.create(
        ref="ST-REAL-1",
        member=Member.objects.get(iso3="FJI"),
        topic=Topic.objects.get(code="rkc"),
        status="achieved",
        effective=D(2023, 1, 1),
    )
    sample.load_sample(D(2024, 6, 30))
    out = StringIO()
    call_command("sample", "remove", stdout=out)
    assert "Sample data removed" in out.getvalue()
    assert list(MemberStatus.objects.all()) == [real]
    assert not Activity.objects.exists()
    assert not KPI.objects.exclude(done_on=None).exists()


def test_init_loads_the_sample_only_into_an_empty_database(builtin):
    out = StringIO()
    call_command("init", "--sample", stdout=out)
    assert "Sample data loaded" in out.getvalue()
    assert Activity.objects.filter(sample=True).exists()
    sample.remove_sample()
    MemberStatus.objects.create(
        ref="ST-REAL-1",
        member=Member.objects.get(iso3="FJI"),
        topic=Topic.objects.get(code="rkc"),
        status="achieved",
        effective=D(2023, 1, 1),
    )
    out = StringIO()
    call_command("init", "--sample", stdout=out)
    assert "not loaded, the database already holds recorded facts" in out.getvalue()
    assert not Activity.objects.exists()


def test_loading_the_sample_is_in_the_change_history_with_every_value(builtin):
    counts = sample.load_sample(D(2024, 6, 30))
    created = {c.model: c for c in Change.objects.filter(verb="created")}
    assert {c.via for c in created.values()} == {"sample"}
    participations = created["participation"]
    assert len(participations.refs) == counts["participations"]
    first = Participation.objects.select_related("activity", "member").get(
        ref=participations.refs[0]
    )
    assert participations.details[first.ref] == {
        "activity": first.activity.ref,
        "member": first.member.iso3,
        "gender": first.gender,
        "role": first.role,
    }
    assert created["activity"].details[first.activity.ref]["title"] == first.activity.title
    milestones = Change.objects.get(verb="updated", model="kpi")
    assert len(milestones.refs) == counts["milestones done"]
    assert all(set(d) == {"done_on", "evidence"} for d in milestones.details.values())


def refs_by_model(changes) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for change in changes:
        found.setdefault(change.model, set()).update(change.refs)
    return found


def test_removing_the_sample_records_every_row_removed_and_every_milestone_unmarked(builtin):
    sample.load_sample(D(2024, 6, 30), requests=True)
    loaded = refs_by_model(Change.objects.filter(verb="created"))
    Change.objects.all().delete()
    call_command("sample", "remove", stdout=StringIO())
    deleted = Change.objects.filter(verb="deleted")
    # a desk request's steps are recorded in the request's own entries, and go with it
    gone = {m: refs for m, refs in refs_by_model(deleted).items() if m != "step"}
    assert gone == {m: refs for m, refs in loaded.items() if m != "partner"}
    assert deleted.get(model="memberstatus").source == "sample data: remove"
    unmarked = Change.objects.get(verb="updated", model="kpi")
    assert all(d["done_on"][1] is None for d in unmarked.details.values())
