"""Imports cost the same queries for 10 rows or 1,000; the reader reads what openpyxl reads."""

import datetime
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stratmon.facts.workbook import import_workbook
from stratmon.facts.workbook.reader import read_book

from .test_workbook import GOOD, wipe, write_xlsx

MEMBERS = ["FJI", "TON", "WSM", "AUS", "NZL"]


def participations(n: int) -> dict:
    rows = [GOOD["participations"][0]]
    rows += [
        [f"P-{i:05d}", "ACT-1", f"Person {i}", MEMBERS[i % 5], ("female", "male")[i % 2], None]
        for i in range(n)
    ]
    return {"activities": GOOD["activities"][:2], "participations": rows}


def count(queries, verb: str) -> int:
    """Statements of one kind (executemany() logs as `N times: INSERT …`; on PostgreSQL new
    rows go in by COPY, logged as `N rows: COPY …`)."""
    return sum(
        bool(re.match(rf"\s*(\d+ times: |\d+ rows: )?{verb}\b", q["sql"], re.I)) for q in queries
    )


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", [True, False])
def test_reads_do_not_grow_with_the_number_of_rows(builtin, tmp_path, dry_run):
    # given two workbooks of 10 and 1,000 participations
    small = write_xlsx(tmp_path / "small.xlsx", participations(10))
    large = write_xlsx(tmp_path / "large.xlsx", participations(1000))
    # when each is imported into an empty database
    with CaptureQueriesContext(connection) as first:
        import_workbook(small, dry_run=dry_run)
    wipe()
    with CaptureQueriesContext(connection) as second:
        import_workbook(large, dry_run=dry_run)
    # then both cost the same queries: 8 reads of referenced keys, 1 per sheet and list
    # column for the stored rows, and (when saving) one INSERT per table written to and
    # one change-history entry per sheet written (activities, participations) and one for
    # the new partners, each with one INSERT of the records it names and, when they name
    # Members, one SELECT of those Members and one INSERT of the links to them
    # on PostgreSQL the import takes its turn with an advisory lock: one more SELECT
    turn = 0 if dry_run or connection.vendor != "postgresql" else 1
    assert count(first, "SELECT") == count(second, "SELECT") == (12 if dry_run else 16) + turn
    writes = "(INSERT|COPY)"
    assert count(first, writes) == count(second, writes) == (0 if dry_run else 5 + 3 + 3 + 2)


@pytest.mark.django_db
def test_reimporting_a_large_workbook_costs_the_same_as_a_small_one(builtin, tmp_path):
    small = write_xlsx(tmp_path / "small.xlsx", participations(10))
    large = write_xlsx(tmp_path / "large.xlsx", participations(1000))
    import_workbook(large)
    with CaptureQueriesContext(connection) as first:
        import_workbook(small)
    with CaptureQueriesContext(connection) as second:
        import_workbook(large)
    # the import's own transaction (a savepoint inside the test's) and, on PostgreSQL, its turn
    turn = 1 if connection.vendor == "postgresql" else 0
    assert len(first) == len(second) == 12 + 2 + turn


def test_the_reader_reads_the_values_openpyxl_reads(tmp_path):
    # given cells of every kind, including date cells in a custom format and a blank row
    path = tmp_path / "mixed.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "evaluations"
    ws.append(["id", "activity", "score", "scale_max", "responses", "comments"])
    ws.append(["E-1", "ACT-1", 4.25, 5, 12, "très utile; merci"])
    ws.append([])
    ws.append(["E-2", datetime.date(2023, 5, 2), "=1+2", True, 7, None])
    ws["B4"].number_format = "dd/mm/yyyy"
    ws.cell(row=6, column=6, value="far away")
    book.save(path)
    # when read by our reader and by openpyxl's read-only mode
    ours = read_book(path).sheets["evaluations"].rows
    theirs = list(openpyxl.load_workbook(path, read_only=True, data_only=True).active.values)
    # then the rows agree, blank rows are skipped and row numbers are the sheet's
    assert [n for n, _ in ours] == [2, 4, 6]
    for number, values in ours:
        expected = [None if v == "" else v for v in (list(theirs[number - 1]) + [None] * 6)[:6]]
        assert values == expected
