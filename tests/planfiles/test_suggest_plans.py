"""Suggested measures on whole plans: agreement with the seeds' hand-chosen measures, the
importer's other test documents, and accepting or dropping suggestions."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import stratmon.planfiles.suggest as suggest_package
from bench.suggest_agreement import PLANS, compare, stripped, summary
from stratmon.planfiles.importers import import_file
from stratmon.planfiles.measures import parse_measure
from stratmon.planfiles.schema import dump_plan, parse_plan_text, read_plan_file
from stratmon.planfiles.suggest import accept_suggestions, plan_suggestions, suggest_plan_measures

from .suggest_cases import TOPICS

DOCUMENTS = Path(__file__).parent / "documents"
PLAN_FILES = {p.stem: p for p in PLANS}


def test_the_rocb_plan_gets_our_measure_for_nearly_every_kpi():
    rows = compare(read_plan_file(PLAN_FILES["rocb-ap-sap-2022-2024"]), TOPICS)
    counts = summary(rows)
    assert len(rows) == 60
    assert counts["exact"] / len(rows) >= 0.95, [r for r in rows if r.grade != "exact"]
    assert counts["none"] == 0


def test_the_oco_plan_gets_our_measure_for_every_kpi():
    rows = compare(read_plan_file(PLAN_FILES["oco-sp-2022-2027"]), TOPICS)
    assert summary(rows)["exact"] == len(rows) == 83


def test_stripping_keeps_milestones_only_where_the_target_is_one():
    plan = stripped(read_plan_file(PLAN_FILES["rocb-ap-sap-2022-2024"]))
    assert all(k.measure is None for k in plan.kpis())


def suggestions_for(name: str) -> dict[str, tuple[str, dict]]:
    plan = import_file(DOCUMENTS / name).plan
    found = plan_suggestions(plan, TOPICS)
    return {code: (s.fit, s.measure.to_data()) for code, s in found.items()}


@pytest.mark.parametrize(
    ("document", "code", "fit", "measure"),
    [
        ("markdown_table.md", "1.a", "good", {"source": "participations", "linked": True}),
        ("markdown_table.md", "3.a", "good", {
            "source": "participations", "aggregate": "share",
            "activity_kinds": ["seminar", "training", "webinar", "workshop"],
            "numerator": {"genders": ["female"]}}),
        ("markdown_table.md", "3.b", "good", {"source": "outputs", "kinds": ["report"]}),
        ("markdown_table.md", "2.a", "none", {"source": "milestone"}),
        ("table_numbered.txt", "1.2", "good", {"source": "participations", "linked": True}),
        ("table_numbered.txt", "1.1", "closest", {"source": "outputs"}),
        ("table_reordered.txt", "1.a", "good", {"source": "activities"}),
        ("table_reordered.txt", "1.c", "good", {"source": "activities"}),
        ("table_reordered.txt", "2.a", "good",
         {"source": "outputs", "kinds": ["newsletter_article"]}),
        ("table_reordered.txt", "2.c", "good", {"source": "activities", "kinds": ["meeting"]}),
        ("table_no_deadline.txt", "1.a", "good",
         {"source": "activities", "aggregate": "distinct_members"}),
        ("table_no_deadline.txt", "2.a", "good", {"source": "participations", "linked": True}),
        ("table_no_deadline.txt", "3.b", "good", {"source": "activities", "kinds": ["meeting"]}),
    ],
)  # fmt: skip
def test_the_importers_test_documents_get_specific_suggestions(document, code, fit, measure):
    assert suggestions_for(document)[code] == (fit, measure)


def test_milestones_from_the_document_are_kept_not_suggested():
    plan = import_file(DOCUMENTS / "outline_goals.txt").plan
    assert plan_suggestions(plan, TOPICS) == {}
    assert suggest_plan_measures(plan, TOPICS) == plan


def test_every_kpi_without_a_measure_carries_the_suggestion_and_the_file_reads_back():
    plan = import_file(DOCUMENTS / "markdown_table.md").plan
    suggested = suggest_plan_measures(plan, TOPICS)
    for before, after in zip(plan.kpis(), suggested.kpis(), strict=True):
        if before.measure is None:
            assert after.measure is not None and after.suggested.startswith(f"'{before.text}'")
        else:
            assert after == before
    text = dump_plan(suggested)
    assert "suggested: " in text
    assert parse_plan_text(text) == suggested


def test_accepting_keeps_the_ticked_measures_as_a_persons_and_drops_the_others():
    plan = suggest_plan_measures(import_file(DOCUMENTS / "markdown_table.md").plan, TOPICS)
    decided = accept_suggestions(plan, {"1.a", "3.b"})
    by_code = {k.code: k for k in decided.kpis()}
    assert by_code["1.a"].measure == parse_measure({"source": "participations", "linked": True})
    assert by_code["1.a"].suggested == "" and by_code["3.b"].suggested == ""
    assert by_code["1.b"].measure is None and by_code["1.b"].suggested == ""
    assert by_code["2.a"].measure is None


def test_accepting_leaves_measures_a_person_wrote_alone():
    plan = import_file(DOCUMENTS / "outline_goals.txt").plan
    assert accept_suggestions(plan, set()) == plan


def test_the_suggestions_are_pure_python():
    folder = Path(suggest_package.__file__).parent
    for source in folder.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n.split(".")[0] == "django" for n in names), source.name
        assert len(text.splitlines()) < 500, source.name
    code = "import sys, stratmon.planfiles.suggest; print('django' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=folder.parents[2],
        check=True,
    )
    assert done.stdout.strip() == "False"
