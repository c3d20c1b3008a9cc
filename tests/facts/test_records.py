"""One record at a time through the workbook's checks: the service behind forms and review."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stratmon.facts.models import Activity, MemberStatus, Participation
from stratmon.facts.records import delete_record, problems_by_column, save_records, stored_values
from stratmon.facts.services import load_topics
from stratmon.facts.workbook import WorkbookError
from stratmon.history.models import Change
from stratmon.plans.models import KPI

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(reference):
    load_topics()
    return User.objects.create_user("officer")


def status(**values):
    row = {"member": "FJI", "topic": "rkc", "status": "achieved", "effective": "2026-03-12"}
    return {"member_statuses": [{**row, **values}]}


def test_a_record_without_an_id_gets_a_new_one(officer):
    report = save_records(status(), user=officer, via="form")
    year = timezone.localdate().year
    assert report.keys["member_statuses"] == [f"ST-{year}-0001"]
    saved = MemberStatus.objects.get()
    assert (saved.member.iso3, saved.effective, saved.created_by) == (
        "FJI",
        datetime.date(2026, 3, 12),
        officer,
    )
    entry = Change.objects.get(model="memberstatus")
    assert (entry.via, entry.user, entry.verb) == ("form", officer, "created")
    save_records(status(effective="2026-04-01"), user=officer, via="form")
    assert MemberStatus.objects.filter(ref=f"ST-{year}-0002").exists()


def test_every_problem_is_placed_at_its_column_and_nothing_is_saved(officer):
    with pytest.raises(WorkbookError) as caught:
        save_records(
            status(member="XXX", effective="12 March", status="done"), user=officer, via="form"
        )
    found = problems_by_column(caught.value)
    assert set(found) == {"member", "effective", "status"}
    assert "XXX" in found["member"][0]
    assert not MemberStatus.objects.exists()
    assert not Change.objects.exists()


def test_changing_a_stored_fact_needs_a_reason(officer):
    save_records(status(id="ST-1"), user=officer, via="form")
    with pytest.raises(WorkbookError) as caught:
        save_records(status(id="ST-1", status="in_progress"), user=officer, via="form")
    assert "reason" in problems_by_column(caught.value)
    assert MemberStatus.objects.get().status == "achieved"
    save_records(status(id="ST-1", status="in_progress"), user=officer, via="form", reason="typo")
    assert MemberStatus.objects.get().status == "in_progress"


def test_a_record_changed_since_it_was_read_is_refused(officer):
    save_records(status(id="ST-1"), user=officer, via="form")
    seen = MemberStatus.objects.get().updated_at
    other = User.objects.create_user("other")
    save_records(status(id="ST-1", evidence="x"), user=other, via="form", reason="adding")
    with pytest.raises(WorkbookError) as caught:
        save_records(
            status(id="ST-1", status="in_progress"),
            user=officer,
            via="form",
            reason="mine",
            expected={("member_statuses", "ST-1"): seen},
        )
    (message,) = problems_by_column(caught.value)["id"]
    assert "changed by other" in message and "nothing was saved" in message
    assert MemberStatus.objects.get().status == "achieved"


def test_an_activity_and_its_participants_in_one_call(officer):
    rows = {
        "activities": [
            {
                "kind": "workshop",
                "title": "National AEO workshop",
                "start": "2026-05-04",
                "end": "2026-05-06",
                "host": "FJI",
            }
        ],
        "participations": [
            {"activity": "new:activities:1", "person": f"P{i}", "member": "FJI"} for i in range(30)
        ],
    }
    report = save_records(rows, user=officer, via="form")
    (ref,) = report.keys["activities"]
    assert Activity.objects.get().ref == ref
    assert Participation.objects.filter(activity__ref=ref).count() == 30


def test_delete_needs_a_reason_and_is_recorded(officer):
    save_records(status(id="ST-1"), user=officer, via="form")
    with pytest.raises(WorkbookError):
        delete_record("member_statuses", "ST-1", user=officer, via="form", reason=" ")
    delete_record("member_statuses", "ST-1", user=officer, via="form", reason="entered twice")
    assert not MemberStatus.objects.exists()
    assert Change.objects.filter(verb="deleted", refs=["ST-1"]).exists()


def test_stored_values_read_back_as_the_form_gives_them(officer):
    save_records(status(id="ST-1", evidence="gazette"), user=officer, via="form")
    assert stored_values("member_statuses", "ST-1") == {
        "id": "ST-1",
        "member": "FJI",
        "topic": "rkc",
        "status": "achieved",
        "effective": datetime.date(2026, 3, 12),
        "evidence": "gazette",
    }
    assert stored_values("member_statuses", "ST-404") is None


def test_saving_one_record_costs_the_same_whatever_is_stored(officer):
    def save(n):
        save_records(status(id=f"ST-{n}", effective=f"20{n:02d}-01-01"), user=officer, via="form")

    save(10)
    with CaptureQueriesContext(connection) as few:
        save(11)
    for n in range(12, 40):
        save(n)
    with CaptureQueriesContext(connection) as many:
        save(40)
    assert len(many) == len(few)


MILESTONE = "oco-sp-2022-2027:6.1.1.m"


@pytest.mark.parametrize(
    ("done_on", "problem"),
    [
        (timezone.localdate() + datetime.timedelta(days=1), "is in the future"),
        ("2021-06-29", "more than a year before the plan starts (2022-07-01)"),
    ],
)
def test_a_milestone_done_in_the_future_or_long_before_its_plan_is_refused(
    builtin, officer, done_on, problem
):
    with pytest.raises(WorkbookError) as caught:
        save_records(
            {"milestones": [{"kpi": MILESTONE, "done_on": done_on, "evidence": "adopted"}]},
            user=officer,
            via="form",
        )
    assert problem in problems_by_column(caught.value)["done_on"][0]
    assert not KPI.objects.exclude(done_on=None).exists()


def test_a_milestone_done_up_to_a_year_before_its_plan_is_accepted(builtin, officer):
    rows = {"milestones": [{"kpi": MILESTONE, "done_on": "2021-06-30", "evidence": "adopted"}]}
    save_records(rows, user=officer, via="form", reason="recorded late")
    assert KPI.objects.get(plan__code="oco-sp-2022-2027", code="6.1.1.m").done_on == (
        datetime.date(2021, 6, 30)
    )


def test_setting_a_milestone_done_first_needs_no_reason_changing_it_does(builtin, officer):
    def done(on, reason=""):
        row = {"kpi": MILESTONE, "done_on": on, "evidence": "adopted"}
        return save_records({"milestones": [row]}, user=officer, via="form", reason=reason)

    assert not done("2025-03-01").reason_needed
    with pytest.raises(WorkbookError) as caught:
        done("2025-04-01")
    assert set(problems_by_column(caught.value)) == {"reason"}
    assert done("2025-04-01", reason="the later decision counts").reason_needed
