"""Both seed documents, imported, equal the shipped plan files on everything the documents hold."""

import dataclasses
import datetime
from pathlib import Path

import pytest

from stratmon.planfiles.importers import import_file
from stratmon.planfiles.schema import KpiDoc, PlanDoc, read_plan_file

ROOT = Path(__file__).resolve().parents[2]
# Copies of ../shared/seeds: the two real plan documents, kept with the tests.
SEEDS = Path(__file__).resolve().parent / "documents" / "seeds"
SHIPPED = ROOT / "stratmon" / "plans" / "builtin" / "plans"
ROCB_SEED, ROCB_PLAN = SEEDS / "000_27e754f7ca29de2a.txt", SHIPPED / "rocb-ap-sap-2022-2024.yaml"
OCO_SEED, OCO_PLAN = SEEDS / "004_86da4bd1b27ef5ba.txt", SHIPPED / "oco-sp-2022-2027.yaml"


def need(*paths: Path) -> None:
    for path in paths:
        if not path.exists():
            pytest.fail(
                f"{path} is missing: the seed documents and shipped plan files are fixtures"
            )


def kpi_row(k: KpiDoc, deadline: datetime.date | None = None) -> tuple:
    # The measure is the plan owners' addition (issue 4), never in a document.
    return (k.code, k.text, k.target, deadline or k.deadline, k.origin)


def outline(plan: PlanDoc, deadline: datetime.date | None = None) -> list:
    """Everything a document holds, as plain rows, in plan order."""
    rows: list = []
    for p in plan.pillars:
        rows.append(("pillar", p.code, p.title, p.overall_objective, p.notes))
        for objective, a in p.all_actions():
            rows.append(("action", objective and (objective.code, objective.title), a.code))
            rows.append(("text", a.code, a.text, a.reference))
            rows.extend(("kpi", *kpi_row(k, deadline)) for k in a.kpis)
    return rows


def test_the_rocb_seed_imports_as_the_shipped_plan():
    need(ROCB_SEED, ROCB_PLAN)
    # given the ROCB A/P table document and the hand-written plan file
    shipped = read_plan_file(ROCB_PLAN)

    # when it is imported
    result = import_file(ROCB_SEED)
    plan = result.plan

    # then metadata, pillars, actions, references and KPIs are the shipped ones
    assert (plan.code, plan.organisation, plan.title) == (shipped.code, "rocb-ap", shipped.title)
    assert (plan.period_start, plan.period_end, plan.year_start_month) == (
        shipped.period_start,
        shipped.period_end,
        shipped.year_start_month,
    )
    assert plan.levels == shipped.levels
    assert plan.reference_label == shipped.reference_label
    assert outline(plan) == outline(shipped)
    assert len(plan.actions()) == 54
    # and the front matter notes too, except that the shipped file dropped the "- " bullets
    assert [(n.title, n.text.replace("\n- ", "\n")) for n in plan.notes] == [
        (n.title, n.text) for n in shipped.notes
    ]


def test_the_rocb_seed_warns_about_every_repair():
    need(ROCB_SEED)
    # when the ROCB document is imported
    warnings = [str(w) for w in import_file(ROCB_SEED).warnings]

    # then each judgement is reported at its line
    name = ROCB_SEED.name
    for expected in (
        f"{name}:41: unlabelled row read as action 'i)'",
        f"{name}:44: label 'I)' read as 'l)' (OCR slip)",
        f"{name}:54: row joined to the row above (line 51): page break",
        f"{name}:79: label '8' out of sequence: read as 'a)'",
        f"{name}:80: label 'k' out of sequence: read as 'b)'",
        f"{name}:87: label 'C)' read as 'c)'",
        f"{name}:97: label 'I)' read as 'l)' (OCR slip)",
    ):
        assert expected in warnings
    assert len(warnings) == 13


def oco_modulo_owner_additions(shipped: PlanDoc) -> PlanDoc:
    """The shipped OCO plan without what its owners added by hand: the `.n` KPIs, and the
    split of the run-together line 3.1.1 (the importer warns about it instead)."""
    pillars = []
    for p in shipped.pillars:
        objectives = []
        for o in p.objectives:
            actions = [
                dataclasses.replace(a, kpis=tuple(k for k in a.kpis if k.code.endswith(".m")))
                for a in o.actions
            ]
            if o.code == "3.1":
                first, second, *rest = actions
                merged = dataclasses.replace(first, text=f"{first.text} {second.text}")
                renumbered = [
                    dataclasses.replace(
                        a,
                        code=f"3.1.{i}",
                        kpis=tuple(dataclasses.replace(k, code=f"3.1.{i}.m") for k in a.kpis),
                    )
                    for i, a in enumerate(rest, start=2)
                ]
                actions = [merged, *renumbered]
            objectives.append(dataclasses.replace(o, actions=tuple(actions)))
        pillars.append(dataclasses.replace(p, objectives=tuple(objectives)))
    return dataclasses.replace(shipped, pillars=tuple(pillars))


def test_the_oco_seed_imports_as_the_shipped_plan_modulo_owner_additions():
    need(OCO_SEED, OCO_PLAN)
    # given the OCO outline document and the hand-written plan file
    shipped = oco_modulo_owner_additions(read_plan_file(OCO_PLAN))

    # when it is imported
    plan = import_file(OCO_SEED).plan

    # then code, organisation, title and levels match
    assert (plan.code, plan.organisation, plan.title) == (shipped.code, "oco", shipped.title)
    assert plan.levels.pillar == "Priority"
    # and priorities, overall objectives, notes, objectives, actions and milestone KPIs match;
    # the milestones' deadline is the plan end, which the owners set to June (plan years from
    # July) while the document names only the years, so the importer assumes December
    assert outline(plan, deadline=plan.period_end) == outline(shipped, deadline=plan.period_end)
    assert plan.period_end == datetime.date(2027, 12, 31)
    assert all(k.deadline == plan.period_end for k in plan.kpis())
    # and the introduction's paragraphs are the plan notes (their titles are the owners' words)
    assert [n.text for n in plan.notes] == [n.text for n in shipped.notes]


def test_the_oco_seed_warns_about_its_assumptions():
    need(OCO_SEED)
    # when the OCO document is imported
    warnings = import_file(OCO_SEED).warnings
    text = "\n".join(str(w) for w in warnings)

    # then the assumed period, the added milestones, the wrapped line and the run-together
    # line 73 are all reported
    assert "plan period assumed 1 January 2022 - 31 December 2027" in text
    assert "the document has no KPIs: each action gets a milestone KPI '<action>.m'" in text
    assert f"{OCO_SEED.name}:144: wrapped line joined to action 6.4.2" in text
    assert any(
        w.line == 73
        and "3.1.1 may be two actions run together" in w.message
        and "'Gap analysis conducted on selected members" in w.message
        for w in warnings
    )
    assert len(warnings) == 5
