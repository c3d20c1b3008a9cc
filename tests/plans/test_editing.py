"""The plan editor's service: drafts, versions, reasons, history, round trip."""

import dataclasses
import datetime

import pytest

from stratmon.history.models import Change
from stratmon.planfiles import edit as E
from stratmon.planfiles.schema import PlanFileError, dump_plan, parse_plan_text
from stratmon.plans import services
from stratmon.plans.models import KPI, Plan
from stratmon.plans.services.editing import editable_version, save_plan_edit
from stratmon.plans.services.tree import export_plan

pytestmark = pytest.mark.django_db
ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"


def current(code):
    return Plan.objects.current().get(code=code, status="active")


@pytest.fixture
def oco_draft(builtin):
    """The OCO plan as a draft never confirmed (as the web import leaves it)."""
    doc = export_plan(current(OCO))
    Plan.objects.filter(code=OCO).delete()
    return Plan.objects.get(pk=services.save_draft(doc).plan.pk)


def test_a_draft_is_edited_in_place(oco_draft, secretariat_officer):
    doc = E.edit_kpi(export_plan(oco_draft), "3.1.1.n", target="At least 6 Members")
    result = save_plan_edit(oco_draft, doc, user=secretariat_officer, what="KPI 3.1.1.n")
    assert result.plan.pk == oco_draft.pk
    assert KPI.objects.get(plan=oco_draft, code="3.1.1.n").target_text == "At least 6 Members"


def test_a_save_writes_one_history_entry_naming_the_node(oco_draft, secretariat_officer):
    before = Change.objects.count()
    doc = E.edit_kpi(export_plan(oco_draft), "3.1.1.n", target="At least 6 Members")
    save_plan_edit(oco_draft, doc, user=secretariat_officer, what="KPI 3.1.1.n: target")
    assert Change.objects.count() == before + 1
    entry = Change.objects.latest("pk")
    fields = entry.details[f"{OCO} v1"]
    assert fields["edit"] == [None, "KPI 3.1.1.n: target"]
    assert fields["KPI 3.1.1.n: target"] == [
        "Adoption by 5 additional members of the Revised Kyoto Convention (RKC)",
        "At least 6 Members",
    ]
    assert (entry.user, entry.via, entry.source) == (secretariat_officer, "web", "plan editor")


def test_a_draft_never_confirmed_needs_no_reason(oco_draft):
    doc = E.edit_kpi(export_plan(oco_draft), "3.1.1.n", deadline=datetime.date(2026, 6, 30))
    assert save_plan_edit(oco_draft, doc) is not None


def test_saving_the_same_plan_changes_nothing(oco_draft):
    before = Change.objects.count()
    assert save_plan_edit(oco_draft, export_plan(oco_draft)) is None
    assert Change.objects.count() == before


def test_a_confirmed_plan_gets_a_draft_next_version(builtin, secretariat_officer):
    in_use = current(ROCB)
    doc = E.edit_action(export_plan(in_use), "1.a", text="Promote the RKC")
    result = save_plan_edit(in_use, doc, user=secretariat_officer)
    assert (result.plan.version, result.plan.status) == (in_use.version + 1, "draft")
    in_use.refresh_from_db()
    assert in_use.actions.get(code="1.a").text != "Promote the RKC"
    # a second edit goes to the same draft
    assert editable_version(in_use) == result.plan
    doc = E.edit_action(export_plan(result.plan), "1.b", text="Promote the HS")
    again = save_plan_edit(in_use, doc, user=secretariat_officer)
    assert again.plan == result.plan
    assert Plan.objects.filter(code=ROCB).count() == 2


def test_a_promise_change_of_a_confirmed_plan_needs_a_reason(builtin):
    in_use = current(ROCB)
    kpi = in_use.kpis.order_by("order").first()
    doc = E.edit_kpi(export_plan(in_use), kpi.code, target="At least 30/33 Members")
    with pytest.raises(services.ReasonRequired, match=f"KPI {kpi.code}: target"):
        save_plan_edit(in_use, doc)
    # nothing half-saved
    assert Plan.objects.filter(code=ROCB).count() == 1


def test_confirming_does_not_ask_again_for_a_reason_given(builtin, secretariat_officer):
    in_use = current(ROCB)
    kpi = in_use.kpis.order_by("order").first()
    doc = E.edit_kpi(export_plan(in_use), kpi.code, target="At least 30/33 Members")
    draft = save_plan_edit(in_use, doc, reason="The Council raised it", user=None).plan
    assert services.confirm_plan(draft, user=secretariat_officer)
    entry = Change.objects.latest("pk")
    assert entry.reason == "The Council raised it"


def test_confirm_asks_for_a_change_no_reason_covered(builtin):
    in_use = current(ROCB)
    first, second = in_use.kpis.order_by("order")[:2]
    doc = E.edit_kpi(export_plan(in_use), first.code, target="At least 30/33 Members")
    draft = save_plan_edit(in_use, doc, reason="Raised").plan
    # the same change made through a plan file, without a reason
    doc = E.edit_kpi(doc, second.code, deadline=datetime.date(2024, 3, 31))
    services.load_plan(doc)
    with pytest.raises(services.ReasonRequired):
        services.confirm_plan(draft)


def test_an_unknown_topic_saves_nothing(oco_draft):
    doc = E.edit_kpi(
        export_plan(oco_draft),
        "3.1.1.n",
        measure={"source": "member_statuses", "topic": "no-such-topic"},
    )
    with pytest.raises(PlanFileError, match="unknown topic"):
        save_plan_edit(oco_draft, doc)
    assert KPI.objects.get(plan=oco_draft, code="3.1.1.n").measure["topic"] == "rkc"


def test_a_superseded_version_is_not_edited(builtin):
    in_use = current(ROCB)
    doc = E.edit_action(export_plan(in_use), "1.a", text="Promote the RKC")
    draft = save_plan_edit(in_use, doc).plan
    services.confirm_plan(draft)
    in_use.refresh_from_db()
    with pytest.raises(PlanFileError, match="superseded"):
        save_plan_edit(in_use, doc)


def test_an_edit_back_to_the_version_in_use_updates_the_draft(builtin):
    in_use = current(ROCB)
    original = export_plan(in_use)
    draft = save_plan_edit(in_use, E.edit_action(original, "1.a", text="Other")).plan
    save_plan_edit(in_use, original)
    assert draft.actions.get(code="1.a").text == in_use.actions.get(code="1.a").text


@pytest.mark.parametrize("code", [ROCB, OCO])
def test_what_the_editor_saves_exports_byte_identical(builtin, code):
    plan = current(code)
    doc = export_plan(plan)
    first = doc.actions()[0]
    doc = E.split_action(doc, first.code, at=len(first.text) // 2)
    doc = E.add_action(doc, "z9", "A new action", after=doc.actions()[3].code)
    kpi = doc.kpis()[2]
    doc = E.edit_kpi(
        doc, kpi.code, target="At least twice per year", measure={"source": "activities"}
    )
    doc = E.move_action(doc, "z9", -1)
    doc = E.merge_actions(doc, doc.actions()[5].code, doc.actions()[6].code)
    saved = save_plan_edit(plan, doc, reason="Tidy-up").plan
    text = dump_plan(export_plan(saved))
    assert "&id" not in text and "*id" not in text
    assert export_plan(saved) == dataclasses.replace(doc, status="draft")
    services.load_plan(parse_plan_text(text))
    assert dump_plan(export_plan(Plan.objects.get(pk=saved.pk))) == text


def test_stratmon_plan_export_of_an_edited_draft_round_trips(oco_draft, tmp_path):
    from django.core.management import call_command

    doc = export_plan(oco_draft)
    doc = E.split_action(doc, "3.1.1", texts=("Promote the RKC", "Adopt it"), new_kpis=["3.1.1.n"])
    doc = E.edit_kpi(doc, "3.1.1.n", target="At least 5 Members", planned_start=None)
    doc = E.move_action_to(doc, "3.1.4", pillar="1", objective="1.1")
    save_plan_edit(oco_draft, doc, what="test")
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    call_command("plan", "export", OCO, "--out", str(first))
    text = first.read_text(encoding="utf-8")
    assert "&id" not in text and "*id" not in text and "3.1.4" in text
    call_command("plan", "load", str(first))
    call_command("plan", "export", OCO, "--out", str(second))
    assert second.read_text(encoding="utf-8") == text
