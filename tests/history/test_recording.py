"""record_change and its helpers: the reason, and whose data an entry concerns."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stratmon.facts.models import Agreement, MemberStatus, Topic
from stratmon.history.models import Change, ChangeRef
from stratmon.history.recording import (
    delete_records,
    members_of,
    record_change,
    record_created,
    update_records,
)
from stratmon.plans.models import KPI, Member, Organisation

pytestmark = pytest.mark.django_db


def test_members_of_reads_the_fields_that_name_members_in_every_shape():
    values = {
        "AG-1": {"members": ["FJI", "TON"], "title": "MRA"},
        "AG-2": {"members": [["FJI"], ["FJI", "COK"]]},  # an update: [old, new]
        "AG-3": {"title": "no Member named"},
    }
    assert members_of(Agreement, values) == {"AG-1": ["FJI", "TON"], "AG-2": ["COK", "FJI"]}
    assert members_of(Member, {"FJI": {"name": "Fiji"}}) == {"FJI": ["FJI"]}


def test_the_reason_and_the_members_go_through_every_helper(builtin, secretariat_officer):
    # given a status of Fiji, created, updated and deleted through the helpers with reasons
    topic = Topic.objects.get(code="rkc")
    status = MemberStatus.objects.create(
        ref="MS-1", member=Member.objects.get(iso3="FJI"), topic=topic, status="planned",
        effective="2024-01-01",
    )  # fmt: skip
    user = secretariat_officer
    record_created(MemberStatus.objects.filter(pk=status.pk), user=user, via="web", reason="new")
    update_records(
        MemberStatus.objects.filter(pk=status.pk), user=user, via="web", reason="fixed",
        status="achieved",
    )  # fmt: skip
    delete_records([status], user=user, via="web", reason="entered twice")
    # then each entry keeps its reason, concerns Fiji (the update too, though its details
    # name only the status) and the officer's organisation, and is indexed by the record
    entries = list(Change.objects.order_by("pk"))
    assert [(c.verb, c.reason) for c in entries] == [
        ("created", "new"),
        ("updated", "fixed"),
        ("deleted", "entered twice"),
    ]
    for entry in entries:
        assert list(entry.members.values_list("iso3", flat=True)) == ["FJI"]
        assert entry.record_members == {"MS-1": ["FJI"]}
        assert entry.organisation.code == "rocb-ap"
    assert ChangeRef.objects.filter(model="memberstatus", ref="MS-1").count() == 3


def test_a_plans_entry_is_its_organisations_and_a_commands_has_none(builtin):
    kpi = KPI.objects.filter(plan__organisation__code="oco").select_related("plan").first()
    ref = f"{kpi.plan.code}:{kpi.code}"
    entry = record_change(user=None, via="cli", model=KPI, verb="updated", refs=[ref])
    assert entry.organisation == Organisation.objects.get(code="oco")
    other = record_change(user=None, via="cli", model=Topic, verb="updated", refs=["rkc"])
    assert other.organisation is None


def test_given_members_and_organisation_are_kept(reference):
    oco = Organisation.objects.get(code="oco")
    entry = record_change(
        user=None, via="cli", model=Topic, verb="updated", refs=["rkc"], organisation=oco,
        members=["COK", Member.objects.get(iso3="FJI")],
    )  # fmt: skip
    assert entry.organisation == oco
    assert sorted(entry.members.values_list("iso3", flat=True)) == ["COK", "FJI"]


def test_an_entry_costs_the_same_queries_for_3_or_3000_records(reference):
    counts = []
    for n in (3, 3000):
        refs = [f"AG-{n}-{i}" for i in range(n)]
        details = {r: {"members": ["FJI", "COK"] if i % 2 else ["TON"]} for i, r in enumerate(refs)}
        with CaptureQueriesContext(connection) as queries:
            record_change(
                user=None, via="workbook", model=Agreement, verb="created", refs=refs,
                details=details,
            )  # fmt: skip
        counts.append(len(queries))
    # the entry, its Members looked up, the links to them, the records' index
    assert counts == [4, 4]
    assert ChangeRef.objects.count() == 3003
