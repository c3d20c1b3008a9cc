"""Hostile and broken workbooks: one located error line each, never a traceback, bounded memory."""

import datetime
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from stratmon.facts.models import Agreement, Output, Request
from stratmon.facts.workbook import WorkbookError, export_workbook, import_workbook
from stratmon.facts.workbook.sheets import BY_NAME, SHEETS

from .test_workbook import GOOD, write_csv_folder, write_xlsx

pytestmark = pytest.mark.django_db
D = datetime.date
OUTPUT = ["id", "kind", "title", "date"]
REQUEST = BY_NAME["requests"].header


def errors_of(path) -> list[str]:
    with pytest.raises(WorkbookError) as caught:
        import_workbook(path)
    errors = caught.value.errors
    assert errors and all("\n" not in e and "Traceback" not in e for e in errors)
    return errors


def rewrite(src, dst, member, change):
    """Copy an .xlsx, passing one of its parts through `change` (bytes → bytes)."""
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, change(data) if item.filename == member else data)
    return dst


def test_a_blank_optional_choice_is_stored_blank_in_new_and_updated_rows(builtin, tmp_path):
    # given a request whose optional activity kind is blank (as the sample's own export has)
    row = ["R-1", "assistance", "advice", None, D(2023, 1, 1), "FJI", None, None, None]
    path = write_xlsx(tmp_path / "r.xlsx", {"requests": [REQUEST, row]})
    assert import_workbook(path, dry_run=True).changed
    import_workbook(path)
    assert Request.objects.get(ref="R-1").activity_kind == ""
    # when a later import blanks a kind that was set
    Request.objects.filter(ref="R-1").update(activity_kind="mission")
    import_workbook(path)
    assert Request.objects.get(ref="R-1").activity_kind == ""


def test_the_sample_databases_export_imports_again(builtin, tmp_path):
    from stratmon.facts import sample

    sample.load_sample(D(2026, 11, 22))
    export_workbook(tmp_path / "all.xlsx")
    report = import_workbook(tmp_path / "all.xlsx")
    assert not report.changed


@pytest.mark.parametrize(
    "title", ['=HYPERLINK("http://evil.example","click")', "+1+2", "-3", "@SUM(A1)"]
)
def test_text_that_looks_like_a_formula_is_exported_as_text_and_reads_back(
    builtin, tmp_path, title
):
    path = write_xlsx(
        tmp_path / "in.xlsx", {"outputs": [OUTPUT, ["O-1", "report", "x", D(2023, 1, 1)]]}
    )
    import_workbook(path)
    Output.objects.filter(ref="O-1").update(title=title)
    export_workbook(tmp_path / "out.xlsx")
    with zipfile.ZipFile(tmp_path / "out.xlsx") as book:
        xml = b"".join(book.read(n) for n in book.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml and b"<f " not in xml  # no formula anywhere
    Output.objects.filter(ref="O-1").update(title="changed")
    import_workbook(tmp_path / "out.xlsx")
    assert Output.objects.get(ref="O-1").title == title


def test_an_agreement_with_no_members_named_is_refused(builtin, tmp_path):
    head = ["id", "kind", "title", "signed_on", "members"]
    path = write_xlsx(
        tmp_path / "a.xlsx", {"agreements": [head, ["AG-1", "mou", "t", D(2023, 1, 1), " ; "]]}
    )
    assert errors_of(path) == ["a.xlsx:agreements:2:members: required: name at least one"]
    assert not Agreement.objects.exists()


def test_a_boolean_id_cell_is_one_error_on_its_cell(builtin, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", {"topics": [["code", "name"], [True, "x"]]})
    assert errors_of(path) == ["a.xlsx:topics:2:code: expected text, got the boolean True"]


def test_an_id_with_a_nul_character_is_one_error_on_its_cell(builtin, tmp_path):
    folder = write_csv_folder(tmp_path / "data", {"topics": [["code", "name"], ["a\x00b", "x"]]})
    assert errors_of(folder) == [
        "data/topics.csv:topics:2:code: contains the control character U+0000 at position 2; "
        "remove it"
    ]


def test_a_csv_field_over_the_csv_modules_limit_is_a_located_error(builtin, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "outputs.csv").write_text(
        'id,kind,title,date\nO-1,report,"' + "x" * 2_000_000 + '",2023-01-01\n', encoding="utf-8"
    )
    (error,) = errors_of(folder)
    assert error.startswith("data/outputs.csv:2: cannot read this CSV row: field larger than")


def test_a_folder_named_like_a_csv_file_is_an_error(builtin, tmp_path):
    folder = tmp_path / "data"
    (folder / "activities.csv").mkdir(parents=True)
    assert errors_of(folder) == ["data/activities.csv: is a folder, not a CSV file"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda x: x.replace(b'<row r="2"', b'<row r="1000000000"'),
            "beyond a spreadsheet's 1,048,576 rows",
        ),
        (lambda x: x.replace(b'r="A2"', b'r="ZZZ2"'), "out of place"),
        (lambda x: x.replace(b'<row r="2"', b'<row r="' + b"9" * 5000 + b'"'), "a row number is"),
        (
            lambda x: x.replace(
                b"</sheetData>", b'<row r="3"><c r="A3" t="s"><v>999999</v></c></row></sheetData>'
            ),
            "names shared string 999999, which is absent",
        ),
    ],
)
def test_a_crafted_sheet_is_refused_quickly_with_one_message(builtin, tmp_path, change, expected):
    good = write_xlsx(tmp_path / "good.xlsx", {"topics": [["code", "name"], ["abc", "x"]]})
    bad = rewrite(good, tmp_path / "bad.xlsx", "xl/worksheets/sheet1.xml", change)
    (error,) = errors_of(bad)
    assert error.startswith("bad.xlsx: cannot read: not an .xlsx workbook (")
    assert expected in error


def test_a_sheet_that_unpacks_too_large_is_refused_before_it_is_read(
    builtin, tmp_path, monkeypatch
):
    from stratmon.facts.workbook import reader

    monkeypatch.setattr(reader, "MAX_PART_BYTES", 10_000)
    rows = [["code", "name"], *[[f"t{i}", "x" * 50] for i in range(500)]]
    path = write_xlsx(tmp_path / "big.xlsx", {"topics": rows})
    (error,) = errors_of(path)
    assert "unpacks to" in error and "split the workbook" in error


def test_the_good_workbook_still_imports(builtin, tmp_path):
    assert import_workbook(write_xlsx(tmp_path / "g.xlsx", GOOD)).changed


STATUS = ["id", "member", "topic", "status", "effective"]


def statuses(path, *rows):
    return write_xlsx(path, {"member_statuses": [STATUS, *rows]})


def stored() -> dict[str, tuple]:
    from stratmon.facts.models import MemberStatus

    return {
        s.ref: (s.member.iso3, s.topic.code, s.status, s.effective)
        for s in MemberStatus.objects.select_related("member", "topic")
    }


def test_swapping_two_rows_unique_combinations_in_one_import_applies(builtin, tmp_path):
    one, two = D(2023, 1, 1), D(2024, 1, 1)
    import_workbook(
        statuses(
            tmp_path / "a.xlsx",
            ["MS-1", "FJI", "rkc", "planned", one],
            ["MS-2", "FJI", "rkc", "achieved", two],
        )
    )
    report = import_workbook(
        statuses(
            tmp_path / "b.xlsx",
            ["MS-1", "FJI", "rkc", "planned", two],
            ["MS-2", "FJI", "rkc", "achieved", one],
        )
    )
    assert report.counts["member_statuses"].updated == 2
    assert stored() == {
        "MS-1": ("FJI", "rkc", "planned", two),
        "MS-2": ("FJI", "rkc", "achieved", one),
    }


def test_a_moved_status_frees_its_old_combination_for_a_new_row(builtin, tmp_path):
    from stratmon.facts.models import MemberStatus

    one, three = D(2023, 1, 1), D(2025, 1, 1)
    import_workbook(statuses(tmp_path / "a.xlsx", ["MS-1", "FJI", "rkc", "planned", one]))
    first = MemberStatus.objects.get(ref="MS-1")
    import_workbook(
        statuses(
            tmp_path / "b.xlsx",
            ["MS-1", "FJI", "rkc", "planned", three],
            ["MS-3", "FJI", "rkc", "in_progress", one],
        )
    )
    assert stored() == {
        "MS-1": ("FJI", "rkc", "planned", three),
        "MS-3": ("FJI", "rkc", "in_progress", one),
    }
    moved = MemberStatus.objects.get(ref="MS-1")
    assert (moved.pk, moved.created_at) == (first.pk, first.created_at)


CELL = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.sampled_from(["FJI", "rkc", "ACT-1", "2023-01-01", ";", " ; ", "=1+1", "held", "9" * 60]),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sheet=st.sampled_from([s.name for s in SHEETS]),
    rows=st.lists(st.lists(CELL, min_size=0, max_size=12), min_size=1, max_size=6),
    header_noise=st.booleans(),
    as_xlsx=st.booleans(),
)
def test_any_sheet_of_any_cells_imports_or_gives_located_errors(
    builtin, sheet, rows, header_noise, as_xlsx
):
    import tempfile
    from pathlib import Path

    header = [c.name for c in BY_NAME[sheet].columns]
    if header_noise:
        header = [*header[::-1], "extra"]
    with tempfile.TemporaryDirectory() as folder:
        book = {sheet: [header, *rows]}
        if as_xlsx:
            # control characters cannot be stored in an .xlsx at all (CSV covers them)
            book = {
                sheet: [
                    [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
                    for row in book[sheet]
                ]
            }
            path = write_xlsx(Path(folder) / "book.xlsx", book)
            label = "book.xlsx"
        else:
            path = write_csv_folder(Path(folder) / "data", book)
            label = f"data/{sheet}.csv"
        try:
            import_workbook(path, dry_run=True)
        except WorkbookError as exc:
            assert exc.errors
            for error in exc.errors:
                assert "\n" not in error and error.startswith(label), error
