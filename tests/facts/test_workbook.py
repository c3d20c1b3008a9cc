"""The data workbook as users drive it: import, re-import, CSV folders, export and errors."""

import csv
import datetime
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stratmon.facts.models import (
    Activity,
    Agreement,
    Evaluation,
    Expert,
    ExpertAssignment,
    MemberStatus,
    MilestoneUpdate,
    Output,
    Participation,
    Partner,
    Request,
    Topic,
)
from stratmon.facts.workbook import export_workbook, import_workbook
from stratmon.facts.workbook.sheets import SHEETS
from stratmon.plans.models import KPI

D = datetime.date
WRITE = re.compile(r"\s*(\d+ times: |\d+ rows: )?(INSERT|UPDATE|DELETE|COPY)\b", re.IGNORECASE)
ROCB_HH = "rocb-ap-sap-2022-2024:1.hh"
OCO_1 = "oco-sp-2022-2027:1.1.1"
MILESTONE = "oco-sp-2022-2027:1.1.1.m"

GOOD = {
    "topics": [
        ["code", "name", "description"],
        ["gender-plan", "Gender equality plan", "a plan for gender equality in Customs"],
    ],
    "member_statuses": [
        ["id", "member", "topic", "status", "effective", "evidence"],
        ["MS-1", "FJI", "rkc", "achieved", D(2023, 3, 1), "instrument deposited"],
        ["MS-2", "fji", "gender-plan", "Planned", "2023-05-01", None],
    ],
    "activities": [
        [
            "id",
            "kind",
            "title",
            "start",
            "end",
            "place",
            "host",
            "organiser",
            "partners",
            "actions",
            "requested_by",
            "status",
        ],
        [
            "ACT-1",
            "workshop",
            "Regional RKC workshop",
            D(2023, 5, 2),
            D(2023, 5, 4),
            "Suva",
            "FJI",
            "oco",
            "Asian Development Bank; JICA",
            f"{ROCB_HH}; {OCO_1}",
            None,
            "held",
        ],
        [
            "ACT-2",
            "mission",
            "TRS mission",
            "2023-08-01",
            "2023-08-03",
            None,
            "WSM",
            None,
            None,
            None,
            "WSM",
            None,
        ],
    ],
    "participations": [
        ["id", "activity", "person", "member", "gender", "role"],
        ["P-1", "ACT-1", "Mere Vula", "FJI", "female", "head of delegation"],
        ["P-2", "ACT-1", "Sione Taufa", "TON", "male", None],
        ["P-3", "ACT-2", None, "WSM", None, "participant"],
    ],
    "evaluations": [
        ["id", "activity", "score", "scale_max", "responses", "comments"],
        ["E-1", "ACT-1", 4.5, 5, 20, "useful"],
        ["E-2", "ACT-2", "3", None, None, None],
    ],
    "experts": [
        ["id", "name", "home", "accreditation", "category", "expertise", "gender"],
        ["X-1", "Ana Tui", "FJI", "accredited", "WCO accredited trainer", "rkc; trs", "female"],
    ],
    "expert_assignments": [["id", "activity", "expert"], ["EA-1", "ACT-2", "X-1"]],
    "requests": [
        [
            "id",
            "kind",
            "subject",
            "activity_kind",
            "requested_on",
            "requested_by",
            "addressed_to",
            "fulfilled_on",
            "activity",
        ],
        [
            "R-1",
            "assistance",
            "TRS support",
            "mission",
            D(2023, 6, 1),
            "WSM",
            None,
            D(2023, 8, 3),
            "ACT-2",
        ],
    ],
    "agreements": [
        ["id", "kind", "title", "signed_on", "members", "partners"],
        ["AG-1", "aeo_mra", "AEO MRA Australia New Zealand", D(2023, 9, 1), "AUS; NZL", None],
    ],
    "outputs": [
        ["id", "kind", "title", "date", "link", "members", "actions"],
        [
            "O-1",
            "success_story",
            "RKC story",
            D(2023, 10, 1),
            "https://example.org/rkc",
            "FJI",
            ROCB_HH,
        ],
    ],
    "milestones": [["kpi", "done_on", "evidence"], [MILESTONE, D(2023, 11, 1), "plan adopted"]],
    "milestone_progress": [
        [
            "id",
            "kpi",
            "reported_on",
            "percent_complete",
            "steps_done",
            "steps_total",
            "note",
            "evidence",
        ],
        ["MU-1", MILESTONE, D(2023, 3, 1), 0, None, None, "work begun", None],
        ["MU-2", MILESTONE, D(2023, 6, 1), None, 2, 5, "draft plan", "https://example.org/d"],
    ],
}

FACTS = [
    Topic,
    MemberStatus,
    Activity,
    Participation,
    Evaluation,
    Expert,
    ExpertAssignment,
    Request,
    Agreement,
    Output,
    Partner,
    MilestoneUpdate,
]


def write_xlsx(path: Path, sheets: dict) -> Path:
    """A real .xlsx file as a user's spreadsheet program would leave it."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def write_csv_folder(folder: Path, sheets: dict) -> Path:
    folder.mkdir()
    for name, rows in sheets.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
            out = csv.writer(f)
            for row in rows:
                out.writerow(["" if v is None else v for v in row])
    return folder


def with_rows(sheet: str, *rows: list) -> dict:
    """GOOD with extra rows appended to one sheet."""
    return {**GOOD, sheet: [*GOOD[sheet], *rows]}


def snapshot() -> dict:
    """Every fact in comparable form: the export's rows, sheet by sheet."""
    from stratmon.facts.workbook.importer import stored_rows
    from stratmon.facts.workbook.refs import Refs

    refs = Refs.load()
    result = {}
    for sheet in SHEETS:
        rows = stored_rows(sheet, refs)
        result[sheet.name] = {
            key: {f: (sorted(v) if isinstance(v, tuple) else v) for f, v in values.items()}
            for key, (_, values) in rows.items()
        }
    return result


def wipe() -> None:
    for model in (
        Participation,
        Evaluation,
        ExpertAssignment,
        Request,
        MemberStatus,
        MilestoneUpdate,
    ):
        model.objects.all().delete()
    for model in (Activity, Expert, Agreement, Output, Partner):
        model.objects.all().delete()
    Topic.objects.filter(code="gender-plan").delete()
    KPI.objects.update(done_on=None, evidence="")


def writes(queries) -> list[str]:
    """The statements that change data (executemany() logs as `N times: INSERT …`, and
    PostgreSQL's COPY as `N rows: COPY …`)."""
    return [q["sql"] for q in queries if WRITE.match(q["sql"])]


@pytest.mark.django_db
def test_a_good_workbook_imports_every_sheet(builtin, tmp_path, secretariat_officer):
    # given a workbook written by a spreadsheet program
    path = write_xlsx(tmp_path / "facts.xlsx", GOOD)
    # when it is imported
    report = import_workbook(path, user=secretariat_officer)
    # then every row is created, with its references resolved
    assert report.lines() == [
        "topics: 1 created, 0 updated, 0 unchanged",
        "member_statuses: 2 created, 0 updated, 0 unchanged",
        "activities: 2 created, 0 updated, 0 unchanged",
        "participations: 3 created, 0 updated, 0 unchanged",
        "evaluations: 2 created, 0 updated, 0 unchanged",
        "experts: 1 created, 0 updated, 0 unchanged",
        "expert_assignments: 1 created, 0 updated, 0 unchanged",
        "requests: 1 created, 0 updated, 0 unchanged",
        "agreements: 1 created, 0 updated, 0 unchanged",
        "outputs: 1 created, 0 updated, 0 unchanged",
        "milestones: 0 created, 1 updated, 0 unchanged",
        "milestone_progress: 2 created, 0 updated, 0 unchanged",
    ]
    act = Activity.objects.get(ref="ACT-1")
    assert (act.kind, act.start, act.end, act.host.iso3, act.organiser.code) == (
        "workshop",
        D(2023, 5, 2),
        D(2023, 5, 4),
        "FJI",
        "oco",
    )
    assert sorted(act.partners.values_list("name", flat=True)) == ["Asian Development Bank", "JICA"]
    assert sorted(f"{a.plan.code}:{a.code}" for a in act.actions.all()) == sorted([ROCB_HH, OCO_1])
    assert act.created_by == act.updated_by == secretariat_officer
    p1 = Participation.objects.get(ref="P-1")
    assert (p1.role, p1.gender, p1.member.iso3) == ("head_of_delegation", "female", "FJI")
    assert Participation.objects.get(ref="P-2").role == "participant"
    mu2 = MilestoneUpdate.objects.get(ref="MU-2")
    assert (mu2.fraction, mu2.kpi.code, mu2.note) == (Decimal("0.4"), "1.1.1.m", "draft plan")
    assert MilestoneUpdate.objects.get(ref="MU-1").percent_complete == 0
    e2 = Evaluation.objects.get(ref="E-2")
    assert (e2.score, e2.scale_max, e2.responses) == (Decimal("3"), 5, 1)
    assert MemberStatus.objects.get(ref="MS-2").topic.code == "gender-plan"
    assert sorted(Expert.objects.get(ref="X-1").expertise.values_list("code", flat=True)) == [
        "rkc",
        "trs",
    ]
    assert Request.objects.get(ref="R-1").activity == Activity.objects.get(ref="ACT-2")
    assert sorted(Agreement.objects.get(ref="AG-1").members.values_list("iso3", flat=True)) == [
        "AUS",
        "NZL",
    ]
    kpi = KPI.objects.get(plan__code="oco-sp-2022-2027", code="1.1.1.m")
    assert (kpi.done_on, kpi.evidence) == (D(2023, 11, 1), "plan adopted")


@pytest.mark.django_db
def test_the_same_workbook_again_changes_nothing(builtin, tmp_path):
    # given an imported workbook
    path = write_xlsx(tmp_path / "facts.xlsx", GOOD)
    with CaptureQueriesContext(connection) as first:
        import_workbook(path)
    assert len(writes(first.captured_queries)) > 10  # the check sees executemany() inserts
    before = snapshot()
    # when it is imported again
    with CaptureQueriesContext(connection) as queries:
        report = import_workbook(path)
    # then not one row is written
    assert writes(queries.captured_queries) == []
    assert not report.changed
    assert report.counts["participations"].unchanged == 3
    assert snapshot() == before


@pytest.mark.django_db
def test_a_changed_row_is_updated_and_nothing_else(builtin, tmp_path, secretariat_admin):
    # given an imported workbook
    import_workbook(write_xlsx(tmp_path / "a.xlsx", GOOD))
    # when one activity's title and partners change
    changed = {**GOOD, "activities": [list(r) for r in GOOD["activities"]]}
    changed["activities"][1][2] = "Regional RKC workshop (2nd)"
    changed["activities"][1][8] = "JICA; WTO"
    report = import_workbook(write_xlsx(tmp_path / "b.xlsx", changed), user=secretariat_admin)
    # then only that row is updated, and its partners replaced
    assert report.counts["activities"].updated == 1
    assert report.counts["activities"].unchanged == 1
    assert sum(c.updated for c in report.counts.values()) == 1
    act = Activity.objects.get(ref="ACT-1")
    assert act.title == "Regional RKC workshop (2nd)"
    assert sorted(act.partners.values_list("name", flat=True)) == ["JICA", "WTO"]
    assert act.updated_by == secretariat_admin


@pytest.mark.django_db
def test_a_csv_folder_gives_the_same_result_as_the_workbook(builtin, tmp_path):
    # given the same data as a workbook and as a folder of CSV files
    import_workbook(write_xlsx(tmp_path / "facts.xlsx", GOOD))
    from_xlsx = snapshot()
    wipe()
    # when the folder is imported
    report = import_workbook(write_csv_folder(tmp_path / "facts", GOOD))
    # then the database holds the same facts
    assert report.counts["participations"].created == 3
    assert snapshot() == from_xlsx


@pytest.mark.django_db
def test_export_then_import_is_the_identity(builtin, tmp_path):
    # given imported data, exported
    import_workbook(write_xlsx(tmp_path / "facts.xlsx", GOOD))
    first = tmp_path / "first.xlsx"
    export_workbook(first)
    before = snapshot()
    # when the database is wiped, the export imported, and exported again
    wipe()
    import_workbook(first)
    second = tmp_path / "second.xlsx"
    export_workbook(second)
    # then the data and both exports are the same
    assert snapshot() == before
    assert read_all(first) == read_all(second)
    assert read_all(first)["participations"][1] == ("P-1", "ACT-1", "Mere Vula", "FJI")
    assert read_all(first)["activities"][1][8] == "Asian Development Bank; JICA"


def read_all(path: Path) -> dict:
    book = openpyxl.load_workbook(path, read_only=True)
    return {
        ws.title: [row[:4] if ws.title == "participations" else row for row in ws.values]
        for ws in book.worksheets
    }


@pytest.mark.django_db
def test_a_dry_run_counts_and_saves_nothing(builtin, tmp_path):
    # given a good workbook
    path = write_xlsx(tmp_path / "facts.xlsx", GOOD)
    # when it is imported as a dry run
    with CaptureQueriesContext(connection) as queries:
        report = import_workbook(path, dry_run=True)
    # then it reports what it would do and writes nothing
    assert report.counts["activities"].created == 2
    assert writes(queries.captured_queries) == []
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_progress_is_reported_up_to_the_total(builtin, tmp_path):
    calls = []
    import_workbook(
        write_xlsx(tmp_path / "f.xlsx", GOOD), progress=lambda d, t: calls.append((d, t))
    )
    assert calls[-1][0] == calls[-1][1] == 2 * 18
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
