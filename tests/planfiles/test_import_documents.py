"""Unseen documents of every shape import with the right structure and say what they assumed."""

import datetime
from pathlib import Path

import pytest

from stratmon.planfiles.importers import ImportWarning, import_document, import_file
from stratmon.planfiles.schema import dump_plan, parse_plan_text

DOCUMENTS = Path(__file__).parent / "documents"
D = datetime.date


def codes(plan) -> list[str]:
    return [a.code for a in plan.actions()]


def messages(result) -> str:
    return "\n".join(w.message for w in result.warnings)


@pytest.mark.parametrize(
    ("name", "shape", "code", "organisation", "period", "pillars", "actions", "kpis"),
    [
        ("table_reordered.txt", "table", "escu-wps-2023-2025", "escu",
         (D(2023, 1, 1), D(2025, 12, 31), 1), 2, 31, 31),
        ("table_no_deadline.txt", "table", "icn-rap-2024-2026", "icn",
         (D(2024, 1, 1), D(2026, 12, 31), 1), 3, 5, 6),
        ("table_numbered.txt", "table", "cpcf-sp-2025-2028", "cpcf",
         (D(2025, 7, 1), D(2028, 6, 30), 7), 2, 5, 5),
        ("markdown_table.md", "markdown", "wrco-cbp-2025-2027", "wrco",
         (D(2025, 7, 1), D(2027, 6, 30), 7), 3, 5, 5),
        ("outline_goals.txt", "outline", "sacs-cp-2024-2028", "sacs",
         (D(2024, 1, 1), D(2028, 12, 31), 1), 2, 5, 5),
    ],
)  # fmt: skip
def test_each_document_gives_a_loadable_plan(
    name, shape, code, organisation, period, pillars, actions, kpis
):
    # when an unseen document is imported
    result = import_file(DOCUMENTS / name)
    plan = result.plan

    # then its shape, metadata and counts are right
    assert result.shape == shape
    assert (plan.code, plan.organisation) == (code, organisation)
    assert (plan.period_start, plan.period_end, plan.year_start_month) == period
    assert (len(plan.pillars), len(plan.actions()), len(plan.kpis())) == (pillars, actions, kpis)
    # and the plan file it makes loads back unchanged
    assert parse_plan_text(dump_plan(plan)) == plan


def test_columns_in_another_order_and_wording_are_recognised():
    # given a table whose columns are "Due date, Activity, Indicator, Target" (no reference)
    result = import_file(DOCUMENTS / "table_reordered.txt")
    plan = result.plan

    # then each cell lands in its place
    first = plan.pillars[0].actions[0]
    assert first.code == "1.a"
    assert first.text == (
        "Run a sub-regional session on cargo scanning for interested administrations"
    )
    assert first.reference == ""
    assert [(k.code, k.text, k.target, k.deadline) for k in first.kpis] == [
        ("1.a", "Sessions held on cargo scanning", "At least 1 sessions per year", D(2024, 12, 31))
    ]
    # "June 2025" is the end of that month and ISO dates are read as they are
    assert plan.pillars[0].actions[1].kpis[0].deadline == D(2025, 6, 30)
    assert plan.pillars[0].actions[2].kpis[0].deadline == D(2025, 3, 31)
    assert plan.levels.action == "Activity"
    assert "no reference column" in messages(result)


def test_labels_run_past_z_with_doubled_letters():
    # given a pillar of 28 lettered actions, split by a repeated header row
    plan = import_file(DOCUMENTS / "table_reordered.txt").plan

    # then the codes run a … z, aa, bb, and the next pillar starts again at a
    assert codes(plan)[24:] == ["1.y", "1.z", "1.aa", "1.bb", "2.a", "2.b", "2.c"]


def test_a_missing_deadline_column_gives_the_plan_end_and_a_warning():
    # given a table without a deadline column and a title naming only the years
    result = import_file(DOCUMENTS / "table_no_deadline.txt")
    plan = result.plan

    # then every KPI is due at the plan's end, and both assumptions are reported
    assert {k.deadline for k in plan.kpis()} == {D(2026, 12, 31)}
    assert "no deadline column" in messages(result)
    assert "plan period assumed 1 January 2024 - 31 December 2026" in messages(result)
    # and the title's "2024- 2026" is tidied, the organisation put in front
    assert plan.title == "ICN Regional Action Plan 2024-2026"
    assert plan.reference_label == "Link to Charter"


def test_compound_kpis_become_one_kpi_per_part():
    # given a row whose KPI and target cells are lists "(1) … (2) …"
    action = import_file(DOCUMENTS / "table_no_deadline.txt").plan.pillars[0].actions[1]

    # then each part is its own KPI, without its "(n)"
    assert [(k.code, k.text, k.target) for k in action.kpis] == [
        ("1.b.1", "Model law shared", "Once"),
        ("1.b.2", "Members adapting the model", "At least 3 members"),
    ]


def test_notes_under_a_table_belong_to_its_pillar():
    plan = import_file(DOCUMENTS / "table_no_deadline.txt").plan
    assert [(n.title, n.text) for n in plan.pillars[2].notes] == [
        ("Note", "The charter articles refer to the 2019 founding charter.")
    ]


def test_numbered_actions_keep_their_numbers_under_their_pillar():
    # given actions numbered "1.1", "1.2", an unnumbered one, and "1.", "2." in pillar 2
    result = import_file(DOCUMENTS / "table_numbered.txt")

    # then the codes follow the numbers, the unnumbered row gets the next one
    assert codes(result.plan) == ["1.1", "1.2", "1.3", "2.1", "2.2"]
    assert ImportWarning(10, "unlabelled row read as action '1.3'", "table_numbered.txt") in (
        result.warnings
    )
    assert result.plan.pillars[1].title == "Capable institutions"


def test_a_markdown_table_document_is_read_like_a_tab_table():
    # given pipe tables with a "#" label column and a Markdown rule under each header
    plan = import_file(DOCUMENTS / "markdown_table.md").plan

    # then rows become actions with references, KPIs and deadlines
    assert codes(plan) == ["1.a", "1.b", "2.a", "3.a", "3.b"]
    last = plan.pillars[2].actions[1]
    assert (last.text, last.reference) == ("Publish an annual inclusion scorecard", "Goal C.2")
    assert [(k.text, k.target, k.deadline) for k in last.kpis] == [
        ("Scorecards published", "Once a year", D(2027, 6, 30))
    ]
    assert plan.title == "WRCO Capacity Building Plan 2025-2027"


def test_an_outline_with_goal_headings_and_numbered_objectives():
    # given "## Goal 1: …" headings, "Overall goal - …", numbered objectives and "•" bullets
    result = import_file(DOCUMENTS / "outline_goals.txt")
    plan = result.plan

    # then goals are pillars, with their overall objective, objectives and actions
    assert plan.levels.pillar == "Goal"
    first, second = plan.pillars
    assert (first.code, first.title, first.overall_objective) == (
        "1",
        "Trusted trade",
        "Make legitimate trade quicker to clear across the archipelago.",
    )
    assert [(o.code, o.title) for o in first.objectives] == [
        ("1.1", "Simplify declarations"),
        ("1.2", "Reward compliant traders"),
    ]
    # and the wrapped bullet is joined, the stray objective number "1.1" under Goal 2 fixed
    assert first.objectives[0].actions[1].text == (
        "Support members moving to electronic payment of duties and fees at the border"
    )
    assert [(o.code, o.title) for o in second.objectives] == [("2.1", "Share intelligence")]
    assert [n.text for n in second.notes] == [
        "Patrol exercises depend on partner navies being available."
    ]
    # and every action has a milestone KPI, said once
    assert [k.code for k in plan.kpis()] == ["1.1.1.m", "1.1.2.m", "1.2.1.m", "2.1.1.m", "2.1.2.m"]
    assert all((k.origin, k.deadline) == ("added", plan.period_end) for k in plan.kpis())
    assert messages(result).count("the document has no KPIs") == 1


def test_org_and_code_given_by_the_caller_win():
    text = (DOCUMENTS / "markdown_table.md").read_text(encoding="utf-8")
    result = import_document(text, filename="x.md", org="west", code="west-cbp-2025")
    assert (result.plan.organisation, result.plan.code) == ("west", "west-cbp-2025")
    assert "taken from the document" not in messages(result)


def test_an_unnamed_organisation_is_unknown_with_a_warning():
    text = "Plan 2025-2026\n\nActivity\tKPI\tTarget\na) Do one thing\tThings done\tOnce\n"
    result = import_document(text, filename="bare.txt")
    assert result.plan.organisation == "unknown"
    assert "names no organisation" in messages(result)
    assert str(result.warnings[0]).startswith("bare.txt")


def test_a_row_split_by_a_page_break_is_joined():
    # given a row whose deadline "31 May" continues as "2026" after a repeated header
    text = (
        "# Test Office (TO) Plan 2025-2026\n\n## 1. Only pillar\n\n"
        "\tAction\tKPI\tTarget\tDeadline\n"
        "a)\tTrain the new\tOfficers trained\tAt least 10 officers\t31 May\n\n"
        "\tAction\tKPI\tTarget\tDeadline\n"
        "\tborder officers of each member\t\t\t2026\n"
        "b)\tPublish a guide\tGuide published\tOnce\t30 June 2026\n"
    )
    result = import_document(text, filename="split.txt")
    first = result.plan.actions()[0]

    # then the halves are one action, and the join is reported at the second half's line
    assert first.text == "Train the new border officers of each member"
    assert first.kpis[0].deadline == D(2026, 5, 31)
    assert codes(result.plan) == ["1.a", "1.b"]
    assert any(w.line == 9 and "joined" in w.message for w in result.warnings)


SPLIT_ROWS = [
    ("a)", "Run a workshop on", "Workshops held", "Once a year", "30 June 2026"),
    None,  # a page break: blank line, then the header again
    ("", "risk management for small administrations", "", "", ""),
    ("b)", "Publish a guide", "Guide published", "Guide published", "30 June 2026"),
    ("c)", "Hold a regional meeting", "Meetings held", "Once a year", "30 June 2026"),
]


def table_text(rows, header=("", "Action", "KPI", "Target", "Deadline"), pipes=False) -> str:
    def line(cells) -> str:
        return "| " + " | ".join(cells) + " |" if pipes else "\t".join(cells)

    head = [line(header)] + ([line(["---"] * len(header))] if pipes else [])
    lines = ["# Test Office (TO) Plan 2025-2026", "", "## 1. Only pillar", "", *head]
    for row in rows:
        lines += ["", *head] if row is None else [line(row)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("pipes", [False, True], ids=["tabs", "markdown"])
def test_a_row_continued_in_the_action_column_after_a_repeated_header_is_joined(pipes):
    # given a row cut by a page break: after the repeated header, text in the action column only
    result = import_document(table_text(SPLIT_ROWS, pipes=pipes), filename="split.txt")
    plan = result.plan

    # then it continues the action above, and no label shifts
    assert codes(plan) == ["1.a", "1.b", "1.c"]
    assert plan.actions()[0].text == "Run a workshop on risk management for small administrations"
    assert [k.code for k in plan.kpis()] == ["1.a", "1.b", "1.c"]
    assert "joined to the row above" in messages(result)
    assert "out of sequence" not in messages(result) and "unlabelled" not in messages(result)


def test_a_continued_row_is_joined_in_a_table_without_kpi_columns():
    # given a table of actions and deadlines only, a row cut by a page break
    rows = [(r[0], r[1], r[4]) if r else None for r in SPLIT_ROWS]
    text = table_text(rows, header=("", "Action", "Deadline"))
    plan = import_document(text, filename="split.txt").plan

    # then the continuation is not an action of its own
    assert codes(plan) == ["1.a", "1.b", "1.c"]
    assert plan.actions()[0].text.endswith("on risk management for small administrations")


def test_an_unlabelled_row_with_its_own_kpi_after_a_repeated_header_stays_an_action():
    # given an unlabelled row under a repeated header that carries its own KPI and target
    rows = [*SPLIT_ROWS[:2], ("", "Train trainers", "Trainers", "At least 5", "30 June 2026")]
    result = import_document(table_text(rows), filename="split.txt")

    # then it is a new action, labelled by the sequence
    assert codes(result.plan) == ["1.a", "1.b"]
    assert "unlabelled row read as action 'b)'" in messages(result)


def test_importing_is_deterministic():
    path = DOCUMENTS / "table_reordered.txt"
    assert import_file(path) == import_file(path)


def test_kpis_the_importer_adds_and_milestone_targets_get_the_milestone_measure():
    # given a table with a row without KPI, a milestone target and a count
    rows = [
        ("a)", "Run a workshop", "Workshops held", "Once a year", "30 June 2026"),
        ("b)", "Write a gender policy", "", "", "30 June 2026"),
        ("c)", "Adopt a code of conduct", "Code", "Code of conduct adopted", "30 June 2026"),
    ]
    plan = import_document(table_text(rows), filename="t.txt").plan

    # then the added milestone and the milestone target are computed as milestones
    measures = {k.code: k.measure and k.measure.to_data() for k in plan.kpis()}
    assert measures == {
        "1.a": None,
        "1.b.m": {"source": "milestone"},
        "1.c": {"source": "milestone"},
    }
