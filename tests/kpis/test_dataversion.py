"""The data version: changed by every write to recorded data, however it is made."""

import datetime
import logging

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from stratmon.bulk import insert_rows
from stratmon.facts.models import Activity, Partner, Topic
from stratmon.kpis import dataversion
from stratmon.kpis.middleware import DataVersionMiddleware
from stratmon.plans.models import KPI, Action, Member, Membership

D = datetime.date
pytestmark = pytest.mark.django_db
ROCB = "rocb-ap-sap-2022-2024"


def changes(write) -> bool:
    before = dataversion.current()
    write()
    after = dataversion.current()
    assert before is not None and after is not None
    return after != before


def test_every_table_of_recorded_data_has_the_trigger_and_sign_ins_have_none():
    watched = set(dataversion.watched_tables(connection))
    assert {
        "facts_memberstatus",
        "facts_activity_actions",
        "facts_milestoneupdate",
        "plans_kpi",
        "plans_membership",
        "plans_member",
        "submissions_submission",
        "submissions_submission_evidence",
        "evidence_evidencefile",
        "history_change",
        "accounts_role",
    } <= watched
    assert not watched & {
        "kpis_dataversion",
        "auth_user",
        "django_session",
        "axes_accessattempt",
        "history_changeref",
    }
    assert dataversion.triggered_tables(connection) == watched


def test_a_model_save_an_update_a_delete_and_a_link_each_change_it(builtin):
    hh = Action.objects.get(plan__code=ROCB, code="1.hh")
    day = D(2023, 1, 1)
    activity = Activity.objects.create(ref="A-1", kind="workshop", title="A", start=day, end=day)
    assert changes(
        lambda: Activity.objects.create(ref="A-2", kind="workshop", title="B", start=day, end=day)
    )
    assert changes(lambda: activity.actions.add(hh))
    # No model signal is sent by these: the database sees them all the same.
    assert changes(lambda: Activity.objects.filter(pk=activity.pk).update(title="C"))
    assert changes(lambda: KPI.objects.filter(plan__code=ROCB).update(target_text="Once a year"))
    assert changes(lambda: Partner.objects.bulk_create([Partner(name="WTO")]))
    assert changes(lambda: Activity.objects.filter(ref="A-2").delete())
    fiji = Member.objects.get(iso3="FJI")
    assert changes(lambda: Membership.objects.filter(member=fiji).update(left=D(2023, 1, 1)))


def test_raw_sql_and_the_bulk_writer_change_it(builtin):
    assert changes(
        lambda: insert_rows(
            "facts_topic", ["code", "name", "description", "synonyms"], [("x", "X", "", "[]")]
        )
    )

    def raw():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE facts_topic SET name = 'Y' WHERE code = 'x'")

    assert changes(raw)


def test_a_rolled_back_write_leaves_a_version_no_later_write_takes(builtin):
    before = dataversion.current()
    with transaction.atomic():
        Topic.objects.create(code="a", name="A")
        inside = dataversion.current()
        transaction.set_rollback(True)
    assert dataversion.current() == before
    Topic.objects.create(code="b", name="B")
    after = dataversion.current()
    # The counter alone would repeat (the rollback took it back): the token does not.
    assert after is not None and inside is not None
    assert after[0] == inside[0] and after != inside


def test_signing_in_changes_nothing(client, viewer):
    before = dataversion.current()
    client.force_login(viewer)
    client.get("/")
    assert dataversion.current() == before


def test_a_get_reads_the_version_once_and_a_post_at_each_use(rf: RequestFactory):
    def view(request):
        dataversion.current()
        dataversion.current()
        return HttpResponse()

    page = DataVersionMiddleware(view)
    with CaptureQueriesContext(connection) as queries:
        page(rf.get("/"))
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        page(rf.post("/"))
    assert len(queries) == 2  # a POST writes: it reads what its write made
    with CaptureQueriesContext(connection) as queries:
        dataversion.current()  # outside a request: every time
    assert len(queries) == 1


def test_without_a_trigger_the_version_is_not_trusted_until_migrate_puts_it_back(caplog):
    name = "facts_topic"
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER {dataversion.PG_TRIGGER} ON {name}")
            else:
                cursor.execute(f"DROP TRIGGER {dataversion.SQLITE_PREFIX}{name}_insert")
        dataversion.forget_checks()
        with caplog.at_level(logging.WARNING, "stratmon.kpis.dataversion"):
            assert dataversion.current() is None
        assert "no trigger on facts_topic" in caplog.text
    finally:
        dataversion.prepare(connection)  # what every `migrate` runs
    assert name in dataversion.triggered_tables(connection)
    assert dataversion.current() is not None


def test_migrate_changes_the_version(builtin):
    before = dataversion.current()
    dataversion.prepare(connection)
    assert dataversion.current() != before


def test_the_version_row_is_not_part_of_a_backup():
    from stratmon.backups import REBUILT

    assert "kpis.dataversion" in REBUILT
