"""A plan's life cycle: its state on a date, new versions with their diff, confirmation."""

import dataclasses
import datetime

import pytest
from django.utils import timezone

from stratmon.facts.models import Activity, MilestoneUpdate
from stratmon.history.models import Change
from stratmon.planfiles.schema import parse_plan_text
from stratmon.plans import services
from stratmon.plans.models import KPI, Action, Plan

D = datetime.date
pytestmark = pytest.mark.django_db
ROCB = "rocb-ap-sap-2022-2024"


@pytest.fixture
def rocb_doc():
    name, text = next(f for f in services.builtin_plan_files() if f[0].startswith("rocb"))
    return parse_plan_text(text, name)


def revised(doc):
    """The ROCB plan with 1.a's target changed, 1.b left out and an action 4.d added."""
    first, _second, *rest = doc.pillars[0].actions
    kpi = dataclasses.replace(first.kpis[0], target="At least 30/33 Members")
    last = doc.pillars[3]
    new = dataclasses.replace(
        last.actions[-1],
        code="4.d",
        text="Publish a yearly regional report",
        kpis=(dataclasses.replace(last.actions[-1].kpis[0], code="4.d"),),
    )
    pillars = (
        dataclasses.replace(
            doc.pillars[0], actions=(dataclasses.replace(first, kpis=(kpi,)), *rest)
        ),
        *doc.pillars[1:3],
        dataclasses.replace(last, actions=(*last.actions, new)),
    )
    return dataclasses.replace(doc, pillars=pillars)


@pytest.mark.parametrize(
    ("as_of", "state"),
    [
        (D(2022, 6, 30), "upcoming"),
        (D(2022, 7, 1), "active"),
        (D(2024, 6, 30), "active"),
        (D(2024, 7, 1), "ended"),
    ],
)
def test_a_plan_reads_ended_after_its_end_date(builtin, as_of, state):
    assert Plan.objects.get(code=ROCB).state(as_of) == state


def test_a_draft_reads_draft_whatever_the_date(builtin):
    Plan.objects.filter(code=ROCB).update(status="draft")
    assert Plan.objects.get(code=ROCB).state(D(2030, 1, 1)) == "draft"


def test_loading_a_changed_plan_makes_a_new_version_as_a_draft_with_its_diff(builtin, rocb_doc):
    # when a changed plan file is loaded for a plan in use
    result = services.load_plan(revised(rocb_doc), "rocb.yaml")

    # then it is version 2, a draft beside version 1, which stays in use as it was
    assert (result.plan.version, result.plan.status, result.created) == (2, "draft", True)
    assert result.previous.version == 1
    assert services.current_plan(ROCB).version == 1
    assert Action.objects.filter(plan__code=ROCB, plan__version=1).count() == 54
    assert "version 2 created as a draft beside version 1" in result.summary()
    # and the diff names what was added, removed and changed, with the fields
    diff = result.diff
    assert [(i.kind, i.code) for i in diff.added] == [("action", "4.d"), ("KPI", "4.d")]
    assert [(i.kind, i.code) for i in diff.removed] == [("action", "1.b"), ("KPI", "1.b")]
    [changed] = diff.changed
    assert (changed.kind, changed.code) == ("KPI", "1.a")
    assert [(c.field, c.old, c.new) for c in changed.changes] == [
        ("target", "At least 33/33 Members", "At least 30/33 Members")
    ]
    assert diff.summary() == "actions: 1 added, 1 removed; KPIs: 1 added, 1 removed, 1 changed"


def test_loading_the_same_changed_file_twice_makes_no_further_version(builtin, rocb_doc):
    services.load_plan(revised(rocb_doc))
    again = services.load_plan(revised(rocb_doc))
    assert (again.plan.version, again.changes) == (2, 0)
    assert Plan.objects.filter(code=ROCB).count() == 2


def test_loading_the_plan_in_use_again_changes_nothing(builtin, rocb_doc):
    result = services.load_plan(rocb_doc)
    assert (result.plan.version, result.changes) == (1, 0)
    assert Plan.objects.filter(code=ROCB).count() == 1
    assert not Change.objects.exists()


def test_confirming_supersedes_the_old_version_which_stays_readable(
    builtin, rocb_doc, secretariat_officer
):
    # given version 2 as a draft
    v2 = services.load_plan(revised(rocb_doc)).plan

    # when it is confirmed (its KPIs' promises change: only with a reason)
    with pytest.raises(services.ReasonRequired, match="KPI"):
        services.confirm_plan(v2, user=secretariat_officer)
    assert services.confirm_plan(v2, user=secretariat_officer, reason="mid-term review")

    # then it is the plan in use, and version 1 is superseded by it, today, with its tree
    v1 = Plan.objects.get(code=ROCB, version=1)
    assert services.current_plan(ROCB) == v2
    assert (v1.superseded_by, v1.superseded_on) == (v2, timezone.localdate())
    assert v1.state(timezone.localdate()) == "superseded"
    assert Plan.objects.get(pk=v2.pk).status == "active"
    assert services.export_plan(v1) == rocb_doc
    assert services.export_plan(services.current_plan(ROCB)) == revised(rocb_doc)
    # and the confirmation is in the change history, by its user
    change = Change.objects.filter(model="plan").first()
    assert change.reason == "mid-term review"
    assert (change.user, change.via, change.verb, change.refs) == (
        secretariat_officer,
        "web",
        "updated",
        [f"{ROCB} v2", f"{ROCB} v1"],
    )
    assert f"{ROCB} v2 — status: draft → active" in change.lines()
    assert f"{ROCB} v2 — supersedes: (blank) → {ROCB} v1" in change.lines()
    assert f"{ROCB} v1 — superseded_by: (blank) → {ROCB} v2" in change.lines()


def test_what_was_recorded_against_the_old_version_carries_over(builtin, rocb_doc):
    # given an activity linked to 1.hh, a done milestone date and a progress update on v1
    v1 = Plan.objects.get(code=ROCB)
    activity = Activity.objects.create(
        ref="ACT-1",
        kind="workshop",
        title="W",
        status="held",
        start=D(2023, 1, 5),
        end=D(2023, 1, 5),
    )
    activity.actions.add(Action.objects.get(plan=v1, code="1.hh"))
    KPI.objects.filter(plan=v1, code="1.c").update(done_on=D(2023, 3, 1), evidence="report")
    update = MilestoneUpdate.objects.create(
        ref="MU-1", kpi=KPI.objects.get(plan=v1, code="1.c"), reported_on=D(2023, 2, 1),
        percent_complete=50,
    )  # fmt: skip

    # when version 2 is loaded and confirmed at once
    result = services.load_plan(revised(rocb_doc), confirm=True)
    v2 = result.plan

    # then v2's items of the same codes have them, and v1 keeps its links and dates
    assert result.superseded == v1 and "supersedes version 1" in result.summary()
    assert set(activity.actions.values_list("plan__version", flat=True)) == {1, 2}
    kpi = KPI.objects.get(plan=v2, code="1.c")
    assert (kpi.done_on, kpi.evidence) == (D(2023, 3, 1), "report")
    assert KPI.objects.get(plan=v1, code="1.c").done_on == D(2023, 3, 1)
    update.refresh_from_db()
    assert update.kpi == kpi


def test_loads_are_in_the_change_history(builtin, rocb_doc):
    services.load_plan(revised(rocb_doc), "rocb.yaml")
    change = Change.objects.get(model="plan")
    assert (change.via, change.verb, change.refs, change.source) == (
        "cli",
        "created",
        [f"{ROCB} v2"],
        "rocb.yaml",
    )
    lines = change.lines()
    assert f"{ROCB} v2 — event: load" in lines
    assert f"{ROCB} v2 — version in use: {ROCB} v1" in lines
    assert f"{ROCB} v2 — removed: action 1.b, KPI 1.b" in lines
    assert (
        f"{ROCB} v2 — changed: KPI 1.a: target: 'At least 33/33 Members' → "
        "'At least 30/33 Members'" in lines
    )


def test_a_change_of_status_alone_is_made_in_place(builtin, rocb_doc):
    result = services.load_plan(dataclasses.replace(rocb_doc, status="archived"))
    assert (result.plan.version, result.changes) == (1, 1)
    assert Plan.objects.get(code=ROCB).status == "archived"


def test_versions_of_a_code_are_told_apart_in_listings(builtin, rocb_doc):
    services.load_plan(revised(rocb_doc), confirm=True)
    summaries = [s for s in services.plan_summaries(as_of=D(2023, 1, 1)) if s.code == ROCB]
    assert [(s.version, s.status, s.superseded_by) for s in summaries] == [
        (2, "active", None),
        (1, "active", 2),  # superseded only from the day version 2 was confirmed
    ]
    today = [s for s in services.plan_summaries() if s.code == ROCB]
    assert [(s.version, s.status) for s in today] == [(2, "ended"), (1, "superseded")]
    assert str(Plan.objects.get(code=ROCB, version=1)) == f"{ROCB} v1 (2022-07-01 – 2024-06-30)"


def test_workbook_keys_name_the_version_in_use(builtin, rocb_doc):
    from stratmon.facts.workbook.refs import Refs

    # given version 2 confirmed beside version 1
    v2 = services.load_plan(revised(rocb_doc), confirm=True).plan

    # then `plan:action` and `plan:kpi` keys resolve to version 2, and old rows still have keys
    refs = Refs.load()
    assert refs.pk["action"][f"{ROCB}:1.a"] == Action.objects.get(plan=v2, code="1.a").pk
    assert refs.pk["kpi"][f"{ROCB}:1.a"] == KPI.objects.get(plan=v2, code="1.a").pk
    old = Action.objects.get(plan__version=1, plan__code=ROCB, code="1.b").pk
    assert refs.key["action"][old] == f"{ROCB}:1.b"
