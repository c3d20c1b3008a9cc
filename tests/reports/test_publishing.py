"""A published report is kept unchanged; later corrections show as revisions."""

import datetime

import pytest

from stratmon.facts import sample
from stratmon.facts.models import MemberStatus
from stratmon.facts.records import save_records
from stratmon.history.models import Change
from stratmon.kpis.services import evaluate_plan
from stratmon.plans.models import Plan
from stratmon.reports.models import PublishedReport
from stratmon.reports.publishing import latest, publish, revisions

pytestmark = pytest.mark.django_db
ROCB = "rocb-ap-sap-2022-2024"
AS_OF = datetime.date(2024, 6, 30)


@pytest.fixture
def plan(builtin):
    sample.load_sample(datetime.date(2026, 11, 22))
    return Plan.objects.get(code=ROCB, superseded_by__isnull=True)


def now(plan, day=AS_OF):
    return [e.to_json() for e in evaluate_plan(plan, day)]


def test_a_published_report_downloads_byte_for_byte_after_facts_change(plan, secretariat_officer):
    published = publish(plan, AS_OF, secretariat_officer)
    files = {fmt: published.file(fmt) for fmt in ("pdf", "xlsx", "csv")}
    assert files["pdf"].startswith(b"%PDF") and files["xlsx"].startswith(b"PK")
    assert revisions(published, now(plan)) == {}
    # A correction dated before the as-of date: a Member had not achieved the RKC after all.
    reached = MemberStatus.objects.current(AS_OF).filter(topic__code="rkc", status="achieved")
    member = reached.exclude(effective=AS_OF).select_related("member").first().member
    before = {k["kpi"]: k for k in now(plan)}
    row = {"member": member.iso3, "topic": "rkc", "status": "in_progress",
           "effective": "2024-06-29"}  # fmt: skip
    save_records(
        {"member_statuses": [row]}, user=secretariat_officer, via="test", reason="correction"
    )
    after = {k["kpi"]: k for k in now(plan)}
    changed = {code for code in after if after[code] != before[code]}
    again = PublishedReport.objects.get(pk=published.pk)
    assert {fmt: again.file(fmt) for fmt in files} == files
    revised = revisions(again, list(after.values()))
    assert set(revised) == changed and changed
    assert all(revised[c]["actual"] == before[c]["actual"] for c in changed)


def test_publishing_is_in_the_history_and_counts_changes_since_the_last_one(
    plan, secretariat_officer
):
    first = publish(plan, datetime.date(2023, 6, 30), secretariat_officer)
    second = publish(plan, AS_OF, secretariat_officer)
    assert second.since == first.as_of
    assert latest(plan) == second and latest(plan, before=AS_OF) == first
    assert Change.objects.filter(model="publishedreport", verb="created").count() == 2
