"""The plan editor's operations, on the seed plans: each result is a valid plan file."""

import datetime

import pytest

from stratmon.planfiles import edit as E
from stratmon.planfiles.measures import Measure
from stratmon.planfiles.schema import Levels, dump_plan, parse_plan_text, read_plan_file

PLANS = "stratmon/plans/builtin/plans/"


@pytest.fixture(scope="module")
def oco():
    return read_plan_file(PLANS + "oco-sp-2022-2027.yaml")


@pytest.fixture(scope="module")
def rocb():
    return read_plan_file(PLANS + "rocb-ap-sap-2022-2024.yaml")


def codes(doc, prefix=""):
    return [a.code for a in doc.actions() if a.code.startswith(prefix)]


def find(doc, code):
    return next(a for a in doc.actions() if a.code == code)


def kpi(doc, code):
    return next(k for k in doc.kpis() if k.code == code)


def test_it_sets_plan_fields_and_strips_blanks(rocb):
    doc = E.set_plan_fields(rocb, title="  New title ", year_start_month=1)
    assert (doc.title, doc.year_start_month) == ("New title", 1)
    assert parse_plan_text(dump_plan(doc)) == doc


def test_it_refuses_a_period_ending_before_it_starts(rocb):
    with pytest.raises(E.EditError) as exc:
        E.set_plan_fields(rocb, period_end=datetime.date(2000, 1, 1))
    assert exc.value.where == "period.end"


def test_it_renames_the_levels(oco):
    doc = E.set_plan_fields(oco, levels=Levels("Goal", "Aim", "Step"))
    assert doc.levels.pillar == "Goal"


def test_it_adds_moves_and_removes_pillars(rocb):
    doc = E.add_pillar(rocb, "5", "Partnerships", after="2")
    assert [p.code for p in doc.pillars] == ["1", "2", "5", "3", "4"]
    doc = E.move_pillar(doc, "5", -1)
    assert [p.code for p in doc.pillars][:3] == ["1", "5", "2"]
    doc = E.remove_pillar(doc, "5")
    assert doc == rocb


def test_a_duplicate_pillar_code_names_the_place(rocb):
    with pytest.raises(E.EditError) as exc:
        E.add_pillar(rocb, "2", "Again")
    assert "duplicate pillar code '2'" in str(exc.value)


def test_a_plan_keeps_one_pillar(rocb):
    doc = rocb
    for p in rocb.pillars[1:]:
        doc = E.remove_pillar(doc, p.code)
    with pytest.raises(E.EditError, match="at least one"):
        E.remove_pillar(doc, "1")


def test_it_edits_objectives(oco):
    doc = E.add_objective(oco, "3", "3.9", "A new objective")
    doc = E.edit_objective(doc, "3.9", title="Renamed")
    assert doc.pillars[2].objectives[-1].title == "Renamed"
    doc = E.move_objective(doc, "3.9", -1)
    assert doc.pillars[2].objectives[-2].code == "3.9"
    assert E.remove_objective(doc, "3.9") == oco


def test_an_added_action_gets_a_milestone_kpi(oco):
    doc = E.add_action(oco, "3.1.9", "Hold a workshop", after="3.1.1")
    assert codes(doc, "3.1.")[:2] == ["3.1.1", "3.1.9"]
    (k,) = find(doc, "3.1.9").kpis
    assert (k.code, k.text, k.target, k.deadline, k.origin) == (
        "3.1.9.m",
        "Action completed",
        "Completed",
        oco.period_end,
        "added",
    )
    assert k.measure == Measure("milestone", "done")


def test_it_edits_moves_and_removes_actions(rocb):
    doc = E.edit_action(rocb, "1.a", text="Promote the RKC", reference="RSP 1")
    assert (find(doc, "1.a").text, find(doc, "1.a").reference) == ("Promote the RKC", "RSP 1")
    doc = E.move_action(doc, "1.a", +1)
    assert codes(doc, "1.")[:2] == ["1.b", "1.a"]
    assert E.move_action(E.move_action(doc, "1.a", -1), "1.a", -1) == E.move_action(doc, "1.a", -1)
    doc = E.remove_action(doc, "1.a")
    assert "1.a" not in codes(doc)


def test_it_moves_an_action_to_another_objective(oco):
    doc = E.move_action_to(oco, "3.1.1", pillar="1", objective="1.1")
    assert doc.pillars[0].objectives[0].actions[-1].code == "3.1.1"
    assert "3.1.1" not in [a.code for _, a in doc.pillars[2].all_actions()]


def test_an_unknown_action_is_named(rocb):
    with pytest.raises(E.EditError) as exc:
        E.edit_action(rocb, "9.z", text="x")
    assert exc.value.where == "action 9.z"


def test_it_edits_a_kpi_and_clears_the_suggestion(oco):
    doc = E.edit_kpi(oco, "3.1.1.n", measure={"source": "milestone"})
    assert kpi(doc, "3.1.1.n").suggested == ""
    doc = E.edit_kpi(
        doc,
        "3.1.1.n",
        text="Members adopting the RKC",
        target="At least 5 Members",
        deadline=datetime.date(2026, 6, 30),
        measure={"source": "member_statuses", "topic": "rkc", "new_in_period": True},
    )
    k = kpi(doc, "3.1.1.n")
    assert (k.target, k.deadline, k.measure.get("topic")) == (
        "At least 5 Members",
        datetime.date(2026, 6, 30),
        "rkc",
    )


def test_a_bad_measure_names_its_key(oco):
    with pytest.raises(E.EditError) as exc:
        E.edit_kpi(oco, "3.1.1.n", measure={"source": "member_statuses"})
    assert exc.value.where == "KPI 3.1.1.n: measure"
    assert "needs 'topic'" in exc.value.problem


def test_a_planned_start_after_the_deadline_is_refused(oco):
    with pytest.raises(E.EditError, match="after the deadline"):
        E.edit_kpi(oco, "3.1.1.m", planned_start=datetime.date(2030, 1, 1))


def test_it_adds_moves_and_removes_kpis(rocb):
    doc = E.add_kpi(rocb, "1.a", "1.a.x", "Workshops held", "Once a year")
    assert [k.code for k in find(doc, "1.a").kpis][-1] == "1.a.x"
    doc = E.move_kpi(doc, "1.a.x", -1)
    assert find(doc, "1.a").kpis[0].code == "1.a.x"
    doc = E.remove_kpi(doc, "1.a.x")
    assert doc == rocb
    with pytest.raises(E.EditError, match="at least one KPI"):
        E.remove_kpi(rocb, find(rocb, "1.a").kpis[0].code)


def test_the_next_free_code_follows_the_numbering(oco, rocb):
    assert E.next_free_code(oco, "3.1.1") == "3.1.4"
    assert E.next_free_code(rocb, "1.a") == "1.ll"


def test_it_splits_an_action_at_a_point(oco):
    text = find(oco, "3.1.1").text
    doc = E.split_action(oco, "3.1.1", at=text.index(" of "), new_kpis=["3.1.1.n"])
    left, right = find(doc, "3.1.1"), find(doc, "3.1.4")
    assert codes(doc, "3.1.")[:2] == ["3.1.1", "3.1.4"]
    assert left.text == "Adoption by 5 additional members"
    assert right.text.startswith("Of the Revised")
    assert [k.code for k in left.kpis] == ["3.1.1.m"]
    assert [k.code for k in right.kpis] == ["3.1.1.n"]


def test_a_split_side_without_kpi_gets_a_milestone(oco):
    doc = E.split_action(
        oco,
        "3.1.1",
        texts=("Adopt the RKC", "Report on it"),
        new_code="3.1.1b",
        new_kpis=["3.1.1.m", "3.1.1.n"],
    )
    assert [k.code for k in find(doc, "3.1.1").kpis] == ["3.1.1.m2"]
    assert [k.code for k in find(doc, "3.1.1b").kpis] == ["3.1.1.m", "3.1.1.n"]
    doc = E.split_action(doc, "3.1.2", texts=("One", "Two"))
    assert [k.code for k in find(doc, "3.1.4").kpis] == ["3.1.4.m"]


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({}, "give a place to cut"),
        ({"at": 0}, "give a place to cut"),
        ({"texts": ("a", "  ")}, "needs some text"),
        ({"at": 5, "new_kpis": ["1.a"]}, "has no KPI 1.a"),
        ({"at": 5, "new_code": "3.1.2"}, "duplicate action code"),
    ],
)
def test_a_bad_split_says_why(oco, kwargs, problem):
    with pytest.raises(E.EditError, match=problem):
        E.split_action(oco, "3.1.1", **kwargs)


def test_it_merges_two_actions(rocb):
    a, b = find(rocb, "1.a"), find(rocb, "1.b")
    doc = E.merge_actions(rocb, "1.a", "1.b")
    merged = find(doc, "1.a")
    assert merged.text == f"{a.text} {b.text}"
    assert merged.kpis == a.kpis + b.kpis
    assert "1.b" not in codes(doc)


def test_a_split_then_merge_gives_the_action_back(oco):
    doc = E.split_action(oco, "3.1.2", at=20)
    back = E.merge_actions(doc, "3.1.2", "3.1.4")
    assert find(back, "3.1.2").text.replace(" ", "").lower() == (
        find(oco, "3.1.2").text.replace(" ", "").lower()
    )


def test_an_action_cannot_merge_with_itself(rocb):
    with pytest.raises(E.EditError, match="itself"):
        E.merge_actions(rocb, "1.a", "1.a")


def test_a_plan_file_path_reads_as_the_node(oco):
    assert E.place(oco, "pillars[2].objectives[0].actions[0].kpis[1].target") == (
        "KPI 3.1.1.n: target"
    )
    assert E.place(oco, "period.end") == "period.end"
