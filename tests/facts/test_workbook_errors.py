"""Bad workbooks are rejected whole, with every error as `file:sheet:row:column: message`."""

import datetime

import pytest

from stratmon.facts.workbook import WorkbookError, import_workbook

from .test_workbook import GOOD, ROCB_HH, snapshot, with_rows, write_csv_folder, write_xlsx

D = datetime.date
PARTICIPATION = ["id", "activity", "person", "member", "gender", "role"]


def rejected(path) -> list[str]:
    with pytest.raises(WorkbookError) as caught:
        import_workbook(path)
    return caught.value.errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sheet", "row", "error"),
    [
        (
            "participations",
            ["P-9", "ACT-1", "X", "FJX", None, None],
            "participations:5:member: unknown Member 'FJX'",
        ),
        (
            "participations",
            ["P-9", "ACT-404", "X", "FJI", None, None],
            "participations:5:activity: unknown activity 'ACT-404' "
            "(not in the activities sheet or the database)",
        ),
        (
            "participations",
            ["P-1", "ACT-1", "X", "FJI", None, None],
            "participations:5:id: duplicate id 'P-1' (first on row 2)",
        ),
        (
            "participations",
            ["P-9", "ACT-1", "X", "FJI", "woman", None],
            "participations:5:gender: 'woman' is not one of: female, male, other, not_stated",
        ),
        (
            "participations",
            ["P-9", None, "X", "FJI", None, None],
            "participations:5:activity: required",
        ),
        (
            "activities",
            ["ACT-9", "workshop", "T", "2023-02-30", "2023-03-01"],
            "activities:4:start: not a valid date: '2023-02-30'",
        ),
        (
            "activities",
            ["ACT-9", "workshop", "T", "1/3/2023", "2023-03-01"],
            "activities:4:start: expected a date as YYYY-MM-DD, got '1/3/2023'",
        ),
        (
            "activities",
            ["ACT-9", "workshop", "T", D(2023, 3, 2), D(2023, 3, 1)],
            "activities:4:end: ends before its start 2023-03-02",
        ),
        (
            "activities",
            ["ACT-9", "workshop", "T", D(2023, 3, 1), D(2023, 3, 1), None, None, "wco"],
            "activities:4:organiser: unknown organisation 'wco'",
        ),
        (
            "activities",
            [
                "ACT-9",
                "workshop",
                "T",
                D(2023, 3, 1),
                D(2023, 3, 1),
                None,
                None,
                None,
                None,
                f"{ROCB_HH}; rocb-ap-sap-2022-2024:1.zz; 1.a",
            ],
            "activities:4:actions: unknown action 'rocb-ap-sap-2022-2024:1.zz'; "
            "expected plan-code:action-code, got '1.a'",
        ),
        (
            "evaluations",
            ["E-9", "ACT-1", "four", 5, 1],
            "evaluations:4:score: expected a number, got 'four'",
        ),
        (
            "evaluations",
            ["E-9", "ACT-1", 6, 5, 1],
            "evaluations:4:score: 6.000 is outside the scale 1 to 5",
        ),
        (
            "evaluations",
            ["E-9", "ACT-1", 4, 5, 2.5],
            "evaluations:4:responses: expected a whole number, got '2.5'",
        ),
        (
            "member_statuses",
            ["MS-9", "FJI", "rkc", "achieved", D(2023, 3, 1)],
            "member_statuses:4:effective: FJI rkc 2023-03-01 is already recorded as id 'MS-1' "
            "on row 2",
        ),
        (
            "member_statuses",
            ["MS-9", "FJI", "no-such-topic", "achieved", D(2023, 3, 1)],
            "member_statuses:4:topic: unknown topic 'no-such-topic' "
            "(not in the topics sheet or the database)",
        ),
        (
            "expert_assignments",
            ["EA-9", "ACT-2", "X-1"],
            "expert_assignments:3:expert: ACT-2 X-1 is already recorded as id 'EA-1' on row 2",
        ),
        (
            "milestone_progress",
            ["MU-9", "oco-sp-2022-2027:1.1.1.m", D(2023, 7, 1), 101],
            "milestone_progress:4:percent_complete: 101 is above the maximum 100",
        ),
        (
            "milestone_progress",
            ["MU-9", "oco-sp-2022-2027:1.1.1.m", D(2023, 7, 1), None, 6, 5],
            "milestone_progress:4:steps_done: steps_done (6) is more than steps_total (5)",
        ),
        (
            "milestone_progress",
            ["MU-9", "oco-sp-2022-2027:1.1.1.m", D(2023, 7, 1), None, None, None, "a note"],
            "milestone_progress:4:steps_done: give percent_complete, or steps_done and "
            "steps_total (more than 0)",
        ),
        (
            "milestones",
            ["oco-sp-2022-2027:9.9.9"],
            "milestones:3:kpi: unknown KPI 'oco-sp-2022-2027:9.9.9'",
        ),
    ],
)
def test_a_bad_row_rejects_the_whole_workbook(builtin, tmp_path, sheet, row, error):
    # given a good workbook with one bad row
    path = write_xlsx(tmp_path / "facts.xlsx", with_rows(sheet, row))
    before = snapshot()
    # when it is imported
    errors = rejected(path)
    # then that error is reported and nothing was saved
    assert errors == [f"facts.xlsx:{error}"]
    assert snapshot() == before


@pytest.mark.django_db
def test_every_error_is_listed_in_sheet_and_row_order(builtin, tmp_path):
    # given a workbook with many problems across sheets
    book = {
        **GOOD,
        "participations": [
            PARTICIPATION,
            ["P-1", "ACT-1", "A", "FJX", "female", None],
            ["P-2", "ACT-1", "B", "FJI", "f", "boss"],
            [None, None, None, None, None, None],
            ["P-1", "ACT-3", "C", "FJI", None, None],
        ],
        "activities": [*GOOD["activities"], ["ACT-9", "party", "T", "soon", D(2023, 1, 1)]],
    }
    # when it is imported
    errors = rejected(write_xlsx(tmp_path / "facts.xlsx", book))
    # then every error is listed, blank rows do not count, and nothing is saved
    assert errors == [
        "facts.xlsx:activities:4:kind: 'party' is not one of: workshop, training, seminar, "
        "mission, meeting, webinar, dialogue, survey, publication, operation, exchange, other",
        "facts.xlsx:activities:4:start: expected a date as YYYY-MM-DD, got 'soon'",
        "facts.xlsx:participations:2:member: unknown Member 'FJX'",
        "facts.xlsx:participations:3:gender: 'f' is not one of: female, male, other, not_stated",
        "facts.xlsx:participations:3:role: 'boss' is not one of: participant, "
        "head_of_delegation, expert, trainer, observer",
        "facts.xlsx:participations:5:id: duplicate id 'P-1' (first on row 2)",
        "facts.xlsx:participations:5:activity: unknown activity 'ACT-3' "
        "(not in the activities sheet or the database)",
    ]
    assert snapshot()["activities"] == {}


@pytest.mark.django_db
def test_unknown_sheets_and_columns_are_errors(builtin, tmp_path):
    # given a workbook with a stray sheet, a stray column and a missing required column
    book = {
        "notes": [["anything"], ["at all"]],
        "experts": [["id", "name", "home", "phone"], ["X-1", "Ana", "FJI", "123"]],
        "outputs": [["id", "kind", "title"], ["O-1", "report", "Annual report"]],
    }
    # when it is imported
    errors = rejected(write_xlsx(tmp_path / "facts.xlsx", book))
    # then each is named
    assert errors == [
        "facts.xlsx:notes: unknown sheet; the sheets are: topics, member_statuses, activities, "
        "participations, evaluations, experts, expert_assignments, requests, agreements, outputs, "
        "milestones, milestone_progress",
        "facts.xlsx:experts:1:phone: unknown column; the columns are: id, name, home, "
        "accreditation, category, expertise, gender, accredited_on, accredited_until, languages",
        "facts.xlsx:outputs:1:date: missing required column",
    ]


@pytest.mark.django_db
def test_csv_errors_name_the_csv_file(builtin, tmp_path):
    book = {"participations": [PARTICIPATION, ["P-1", "ACT-1", "A", "FJI", "female", None]]}
    errors = rejected(write_csv_folder(tmp_path / "data", book))
    assert errors == [
        "data/participations.csv:participations:2:activity: unknown activity 'ACT-1' "
        "(not in the activities sheet or the database)"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "error"),
    [
        (
            b"not a workbook",
            "bad.xlsx: cannot read: not an .xlsx workbook (File is not a zip file)",
        ),
        (None, "bad.xlsx: no such file or folder"),
    ],
)
def test_an_unreadable_file_is_one_clear_error(builtin, tmp_path, content, error):
    path = tmp_path / "bad.xlsx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(WorkbookError) as caught:
        import_workbook(path)
    assert caught.value.errors == [error]
    assert caught.value.unreadable


@pytest.mark.django_db
def test_a_row_may_reference_an_id_in_the_database(builtin, tmp_path):
    # given activities already imported
    import_workbook(write_xlsx(tmp_path / "a.xlsx", {"activities": GOOD["activities"]}))
    # when a workbook with only participations references them
    report = import_workbook(
        write_xlsx(tmp_path / "b.xlsx", {"participations": GOOD["participations"]})
    )
    # then they are linked
    assert report.counts["participations"].created == 3
