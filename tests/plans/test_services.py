"""Loading plan files into the database: idempotent, all or nothing, and exported unchanged."""

import dataclasses
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stratmon.planfiles.schema import PlanFileError, dump_plan, parse_plan_text
from stratmon.plans import services
from stratmon.plans.models import KPI, Action, Objective, Pillar, Plan

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes(ctx: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]


@pytest.fixture
def rocb_doc():
    name, text = next(f for f in services.builtin_plan_files() if f[0].startswith("rocb"))
    return parse_plan_text(text, name)


@pytest.fixture
def oco_doc():
    name, text = next(f for f in services.builtin_plan_files() if f[0].startswith("oco"))
    return parse_plan_text(text, name)


@pytest.mark.django_db
def test_load_then_export_gives_the_same_plan(builtin, rocb_doc, oco_doc):
    for doc in (rocb_doc, oco_doc):
        assert services.export_plan(Plan.objects.get(code=doc.code)) == doc


@pytest.mark.django_db
def test_loading_the_same_file_again_writes_nothing(builtin, rocb_doc):
    with CaptureQueriesContext(connection) as ctx:
        result = services.load_plan(rocb_doc)
    assert (result.created, result.changes) == (False, 0)
    assert writes(ctx) == []


@pytest.mark.django_db
def test_load_export_load_is_the_identity(builtin, oco_doc):
    exported = services.export_plan(Plan.objects.get(code=oco_doc.code))
    result = services.load_plan(exported)
    assert result.changes == 0
    assert services.export_plan(result.plan) == oco_doc


def replace_first_pillar_actions(doc, actions):
    return dataclasses.replace(
        doc, pillars=(dataclasses.replace(doc.pillars[0], actions=actions), *doc.pillars[1:])
    )


@pytest.mark.django_db
def test_a_changed_target_updates_that_kpi_only_in_a_draft(builtin, rocb_doc):
    # given a plan still in draft
    draft = dataclasses.replace(rocb_doc, code="rocb-draft", status="draft")
    services.load_plan(draft)
    first, *rest = draft.pillars[0].actions
    kpi = dataclasses.replace(first.kpis[0], target="At least 30/33 Members")
    changed = replace_first_pillar_actions(draft, (dataclasses.replace(first, kpis=(kpi,)), *rest))

    # when a file changing one target is loaded
    with CaptureQueriesContext(connection) as ctx:
        result = services.load_plan(changed)

    # then the draft is updated in place: one row written, and one history entry
    assert (result.created, result.changes, result.plan.version) == (False, 1, 1)
    assert [q for q in writes(ctx) if "history_change" not in q] == [writes(ctx)[0]]
    assert len(writes(ctx)) == 2
    assert KPI.objects.get(plan__code="rocb-draft", code="1.a").target_text == (
        "At least 30/33 Members"
    )
    assert services.export_plan(result.plan) == changed


@pytest.mark.django_db
def test_an_action_left_out_of_a_draft_is_deleted_with_its_kpis(builtin, rocb_doc):
    draft = dataclasses.replace(rocb_doc, code="rocb-draft", status="draft")
    services.load_plan(draft)
    first, _second, *rest = draft.pillars[0].actions
    changed = replace_first_pillar_actions(draft, (first, *rest))
    result = services.load_plan(changed)
    assert not Action.objects.filter(plan__code="rocb-draft", code="1.b").exists()
    assert not KPI.objects.filter(plan__code="rocb-draft", code="1.b").exists()
    assert Action.objects.filter(plan__code="rocb-draft").count() == 53
    assert services.export_plan(result.plan) == changed
    assert services.load_plan(draft).changes > 0
    assert services.export_plan(result.plan) == draft


@pytest.mark.django_db
def test_an_unknown_organisation_is_refused_and_nothing_is_saved(builtin, rocb_doc):
    doc = dataclasses.replace(rocb_doc, code="other-plan", organisation="nowhere")
    with pytest.raises(PlanFileError, match=r"^x\.yaml: organisation: unknown organisation"):
        services.load_plan(doc, "x.yaml")
    assert not Plan.objects.filter(code="other-plan").exists()


@pytest.mark.django_db
def test_a_failure_half_way_leaves_the_database_as_it_was(builtin, rocb_doc, monkeypatch):
    before = (Pillar.objects.count(), Action.objects.count(), KPI.objects.count())
    doc = dataclasses.replace(rocb_doc, code="copy-plan")

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(KPI.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        services.load_plan(doc)
    assert not Plan.objects.filter(code="copy-plan").exists()
    assert (Pillar.objects.count(), Action.objects.count(), KPI.objects.count()) == before


@pytest.mark.django_db
def test_export_costs_a_fixed_number_of_queries(builtin, django_assert_num_queries):
    plan = Plan.objects.select_related("organisation").get(code="oco-sp-2022-2027")
    with django_assert_num_queries(4):
        services.export_plan(plan)


@pytest.mark.django_db
def test_plan_summaries_count_actions_and_kpis_in_one_query(builtin, django_assert_num_queries):
    with django_assert_num_queries(1):
        summaries = {s.code: (s.actions, s.kpis) for s in services.plan_summaries()}
    assert summaries == {"rocb-ap-sap-2022-2024": (54, 60), "oco-sp-2022-2027": (81, 83)}


@pytest.mark.django_db
def test_objectives_hang_under_their_pillars(builtin):
    assert Objective.objects.filter(plan__code="oco-sp-2022-2027").count() == 23
    objective = Objective.objects.get(plan__code="oco-sp-2022-2027", code="3.1")
    assert [a.code for a in objective.actions.order_by("order")] == ["3.1.1", "3.1.2", "3.1.3"]
    assert objective.pillar.code == "3"


def test_deadlines_of_the_rocb_plan_are_all_its_end(rocb_doc):
    assert {k.deadline for k in rocb_doc.kpis()} == {datetime.date(2024, 6, 30)}


@pytest.mark.django_db
def test_a_planned_start_is_loaded_and_exported(builtin, rocb_doc):
    # A draft is updated in place; a plan in use would get a new version (test_versions.py).
    draft = dataclasses.replace(rocb_doc, code="rocb-draft", status="draft")
    services.load_plan(draft)
    first, *rest = draft.pillars[0].actions
    kpi = dataclasses.replace(first.kpis[0], planned_start=datetime.date(2023, 1, 1))
    changed = replace_first_pillar_actions(draft, (dataclasses.replace(first, kpis=(kpi,)), *rest))
    result = services.load_plan(changed)
    assert result.changes == 1
    assert KPI.objects.get(plan__code="rocb-draft", code=kpi.code).planned_start == (
        datetime.date(2023, 1, 1)
    )
    exported = services.export_plan(result.plan)
    assert exported == changed
    assert "planned_start: 2023-01-01" in dump_plan(exported)
