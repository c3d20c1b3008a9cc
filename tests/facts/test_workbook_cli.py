"""`stratmon data template|import|export` as users run it: output, exit codes, the template."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from stratmon.facts.models import Activity
from stratmon.facts.workbook.sheets import SHEETS

from .test_workbook import GOOD, with_rows, write_xlsx


def run(args, tmp_path):
    """The CLI in a fresh process, on its own (empty) SQLite file."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["STRATMON_VAR_DIR"] = str(tmp_path / "var")
    return subprocess.run(
        [sys.executable, "-m", "stratmon", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def test_the_template_has_every_sheet_with_its_header_and_a_readme(tmp_path):
    # when the template is written by the CLI with its default name
    result = run(["data", "template"], tmp_path)
    # then it opens with openpyxl and documents every column
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(tmp_path / "stratmon-data-template.xlsx")
    assert book.sheetnames == [s.name for s in SHEETS] + ["README"]
    for sheet in SHEETS:
        ws = book[sheet.name]
        assert [c.value for c in ws[1]] == sheet.header
        assert ws.max_row == 1
        assert ws["A1"].comment is not None
    readme = [row for row in book["README"].values]
    assert readme_row(readme, "gender")[:4] == ("participations", "gender", "choice", "optional")
    assert "female, male, other, not_stated" in readme_row(readme, "gender")[4]
    kinds = [v for v in book["activities"].data_validations.dataValidation]
    assert any("workshop" in v.formula1 and "B2" in str(v.sqref) for v in kinds)


def readme_row(rows, column):
    return next(r for r in rows if r[0] == "participations" and r[1] == column)


def test_an_unreadable_file_exits_1_with_one_line_and_no_traceback(tmp_path):
    (tmp_path / "notes.xlsx").write_text("hello")
    result = run(["data", "import", "notes.xlsx"], tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: notes.xlsx: cannot read: not an .xlsx workbook (File is not a zip file)"
    )


@pytest.mark.django_db
def test_import_prints_counts_and_a_second_run_changes_nothing(builtin, tmp_path):
    path = write_xlsx(tmp_path / "facts.xlsx", GOOD)
    out = StringIO()
    call_command("data", "import", str(path), stdout=out, stderr=StringIO())
    assert "activities: 2 created, 0 updated, 0 unchanged" in out.getvalue()
    assert "18 rows in" in out.getvalue()
    again = StringIO()
    call_command("data", "import", str(path), stdout=again, stderr=StringIO())
    assert "activities: 0 created, 0 updated, 2 unchanged" in again.getvalue()
    assert again.getvalue().rstrip().endswith("nothing changed")


@pytest.mark.django_db
def test_import_dry_run_saves_nothing(builtin, tmp_path):
    out = StringIO()
    path = write_xlsx(tmp_path / "facts.xlsx", GOOD)
    call_command("data", "import", str(path), "--dry-run", stdout=out, stderr=StringIO())
    assert "activities: 2 created" in out.getvalue()
    assert "dry run: nothing was saved" in out.getvalue()
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_import_errors_go_to_stderr_then_one_summary(builtin, tmp_path):
    path = write_xlsx(
        tmp_path / "facts.xlsx",
        with_rows("participations", ["P-9", "ACT-1", "X", "FJX"], ["P-10", "ACT-1", "Y", "ABC"]),
    )
    err = StringIO()
    with pytest.raises(CommandError, match=r"^2 errors; nothing was saved$"):
        call_command("data", "import", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "facts.xlsx:participations:5:member: unknown Member 'FJX'",
        "facts.xlsx:participations:6:member: unknown Member 'ABC'",
    ]
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_import_records_the_named_user(builtin, tmp_path, secretariat_officer):
    path = write_xlsx(tmp_path / "facts.xlsx", GOOD)
    call_command("data", "import", str(path), "--user", "sec-officer", stdout=StringIO())
    assert Activity.objects.get(ref="ACT-1").created_by == secretariat_officer
    with pytest.raises(CommandError, match=r"^no user 'nobody'$"):
        call_command("data", "import", str(path), "--user", "nobody", stdout=StringIO())


@pytest.mark.django_db
def test_export_writes_a_workbook_the_import_accepts(builtin, tmp_path):
    call_command("data", "import", str(write_xlsx(tmp_path / "f.xlsx", GOOD)), stdout=StringIO())
    out = StringIO()
    target = tmp_path / "all.xlsx"
    call_command("data", "export", "--out", str(target), stdout=out)
    assert out.getvalue().startswith(f"wrote {target} (")
    again = StringIO()
    call_command("data", "import", str(target), stdout=again)
    assert again.getvalue().rstrip().endswith("nothing changed")


def test_the_docs_describe_every_sheet_and_column():
    docs = (Path(__file__).parents[2] / "docs" / "data-workbook.md").read_text(encoding="utf-8")
    for sheet in SHEETS:
        section = docs.split(f"### `{sheet.name}`")[1].split("###")[0]
        for column in sheet.columns:
            assert f"| `{column.name}` | {column.type} |" in section
