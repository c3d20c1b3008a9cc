"""Cached evaluations: a second read costs one query, and no write path leaves one stale.

Each write path records Fiji's accession to the Revised Kyoto Convention (or takes it back),
which KPI 1.g of the ROCB plan counts ("Number of contracting Members", 33/33 Members).
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stratmon.facts import sample
from stratmon.facts.models import MemberStatus, Topic
from stratmon.facts.records import delete_record, save_records
from stratmon.facts.services import load_topics
from stratmon.facts.workbook.importer import import_workbook
from stratmon.facts.workbook.writer import insert
from stratmon.kpis import live
from stratmon.kpis.trend import plan_dates
from stratmon.plans import services as plan_services
from stratmon.plans.models import Member, Membership, Plan
from stratmon.submissions import services as submissions
from tests.facts.test_workbook import write_xlsx

D = datetime.date
pytestmark = pytest.mark.django_db
ROCB = "rocb-ap-sap-2022-2024"
AS_OF = D(2024, 6, 30)
RKC = {"member": "FJI", "topic": "rkc", "status": "achieved", "effective": "2023-03-01"}


def rocb() -> Plan:
    found = plan_services.current_plan(ROCB)
    assert found is not None
    return found


def kpi_1g(as_of: datetime.date = AS_OF):
    evaluation = next(e for e in live.plan_evaluations(rocb(), as_of) if e.kpi.code == "1.g")
    return evaluation.result.actual, evaluation.members


@pytest.fixture
def officer(builtin):
    load_topics()
    return User.objects.create_user("officer")


def fiji_rkc(**values) -> MemberStatus:
    return MemberStatus.objects.create(
        ref="ST-1",
        member=Member.objects.get(iso3="FJI"),
        topic=Topic.objects.get(code="rkc"),
        status=values.get("status", "achieved"),
        effective=D(2023, 3, 1),
    )


def test_a_second_read_costs_only_the_data_version(builtin):
    plan = rocb()
    with CaptureQueriesContext(connection) as first:
        cold = live.plan_evaluations(plan, AS_OF)
    with CaptureQueriesContext(connection) as second:
        warm = live.plan_evaluations(plan, AS_OF)
    # KPIs, Member count, Member-status levels in two, and one per other KPI; then the version
    assert (len(first), len(second)) == (1 + 1 + 1 + 2 + 37, 1)
    assert [e.result for e in warm] == [e.result for e in cold]
    assert warm is not cold  # a list of the caller's own


def test_trends_are_cached_too(builtin):
    plan = rocb()
    live.trends(plan, D(2022, 9, 30))
    with CaptureQueriesContext(connection) as again:
        found = live.trends(plan, D(2022, 9, 30))
    assert len(again) == 1
    assert all(len(series) == len(plan_dates(plan, D(2022, 9, 30))) for series in found.values())


def test_the_date_and_the_kpis_asked_for_are_part_of_the_key(builtin):
    plan = rocb()
    live.plan_evaluations(plan, AS_OF)
    with CaptureQueriesContext(connection) as other_day:
        live.plan_evaluations(plan, D(2023, 6, 30))
    assert len(other_day) > 1
    kpis = list(plan.kpis.filter(code__in=["1.g", "1.h"]))
    with CaptureQueriesContext(connection) as some:
        found = live.plan_evaluations(plan, AS_OF, kpis)
    assert len(some) > 1 and [e.kpi.code for e in found] == ["1.g", "1.h"]


def test_each_caller_gets_evaluations_of_its_own_kpi_instances(builtin):
    plan = rocb()
    first = list(plan.kpis.all())
    second = list(plan.kpis.all())
    live.plan_evaluations(plan, AS_OF, first)
    found = live.plan_evaluations(plan, AS_OF, second)
    assert all(e.kpi is k for e, k in zip(found, second, strict=True))
    series = live.trends(plan, D(2022, 8, 31), second)
    assert all(e.kpi is k for k in second for e in series[k.pk])


def write_through_save_records(officer, tmp_path):
    save_records({"member_statuses": [RKC]}, user=officer, via="form")


def write_through_a_workbook_import(officer, tmp_path):
    header = ["id", "member", "topic", "status", "effective", "evidence"]
    row = ["MS-1", "FJI", "rkc", "achieved", D(2023, 3, 1), None]
    import_workbook(write_xlsx(tmp_path / "facts.xlsx", {"member_statuses": [header, row]}))


def write_through_an_approved_submission(officer, tmp_path):
    from tests.conftest import make_user

    fp = make_user("fp-fiji", "focal_point", member="FJI")
    reviewer = make_user("reviewer", "secretariat_officer", org="rocb-ap")
    draft = submissions.save_draft(
        fp,
        Member.objects.get(iso3="FJI"),
        "status",
        {"member_statuses": [{k: v for k, v in RKC.items() if k != "member"}]},
    )
    sent = submissions.submit(fp, draft, version=draft.version)
    submissions.approve(reviewer, sent, version=sent.version)


def write_through_the_bulk_writer(officer, tmp_path):
    # The importer's writer: one INSERT (COPY on PostgreSQL), no model in sight.
    row = {"ref": "ST-9", "status": "achieved", "effective": D(2023, 3, 1)}
    row |= {"member_id": Member.objects.get(iso3="FJI").pk}
    row |= {"topic_id": Topic.objects.get(code="rkc").pk}
    insert(MemberStatus, [row])


def write_through_a_model_save(officer, tmp_path):
    fiji_rkc()


def write_through_queryset_update(officer, tmp_path):
    fiji_rkc(status="in_progress")
    live.plan_evaluations(rocb(), AS_OF)  # cached with the status in progress
    MemberStatus.objects.filter(ref="ST-1").update(status="achieved")


def write_through_the_sample_loader(officer, tmp_path):
    sample.load_sample(D(2026, 11, 22))


@pytest.mark.parametrize(
    "write",
    [
        write_through_save_records,
        write_through_a_workbook_import,
        write_through_an_approved_submission,
        write_through_the_bulk_writer,
        write_through_a_model_save,
        write_through_queryset_update,
        write_through_the_sample_loader,
    ],
)
def test_a_recorded_accession_shows_at_once(officer, tmp_path, write):
    before = kpi_1g()[0]
    write(officer, tmp_path)
    after = kpi_1g()[0]
    assert after is not None and after != before


def test_a_deleted_status_is_gone_at_once(officer):
    save_records({"member_statuses": [{**RKC, "id": "ST-1"}]}, user=officer, via="form")
    assert kpi_1g()[0] == 1
    delete_record("member_statuses", "ST-1", user=officer, via="form", reason="entered twice")
    assert kpi_1g()[0] is None  # nothing recorded: no data


def test_a_member_leaving_the_organisation_shows_at_once(officer):
    fiji_rkc()
    actual, members = kpi_1g()
    assert actual == 1
    Membership.objects.filter(member__iso3="FJI", organisation__code="rocb-ap").update(
        left=D(2024, 1, 1)
    )
    assert kpi_1g() == (None, members - 1)


def test_a_trend_shows_a_write_at_once(officer):
    before = live.trends(rocb(), D(2023, 3, 31))
    fiji_rkc()
    after = live.trends(rocb(), D(2023, 3, 31))
    kpi = next(pk for pk, s in after.items() if s[0].kpi.code == "1.g")
    assert before[kpi][-1].result.actual is None
    assert after[kpi][-1].result.actual == 1
