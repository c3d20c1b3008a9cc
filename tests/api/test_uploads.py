"""Facts uploaded through the API: a workbook or one CSV sheet, checked whole and imported all
or nothing, as the web's workbook upload does."""

import datetime
import io
import zipfile

import openpyxl
import pytest

from stratmon.api.views import uploads
from stratmon.concurrency import BUSY
from stratmon.facts.models import MemberStatus
from stratmon.facts.services import load_topics
from stratmon.facts.workbook import WorkbookError
from stratmon.history.models import Change

from .helpers import client_of

pytestmark = pytest.mark.django_db

URL = "/api/v1/facts/upload/"
D = datetime.date
HEADER = ["id", "member", "topic", "status", "effective", "evidence"]
GOOD = [
    ["MS-1", "FJI", "rkc", "achieved", D(2023, 3, 1), "deposited"],
    ["MS-2", "AUS", "rkc", "planned", D(2023, 5, 1), None],
]


@pytest.fixture(autouse=True)
def topics(reference):
    load_topics()


def xlsx(sheets, name="facts.xlsx"):
    """A real workbook of {sheet: [header, row, …]}, as openpyxl writes it."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = name
    return data


def statuses(*rows, name="facts.xlsx"):
    return xlsx({"member_statuses": [HEADER, *rows]}, name)


def a_file(content: bytes, name: str):
    data = io.BytesIO(content)
    data.name = name
    return data


def zipped():
    """A zip file that is not a workbook."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-a-workbook")
    return data.getvalue()


def upload(user, file, **fields):
    return client_of(user).post(URL, {"file": file, **fields}, format="multipart")


def test_a_workbook_is_imported_and_counted(secretariat_officer):
    response = upload(secretariat_officer, statuses(*GOOD))
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "file": "facts.xlsx",
        "dry_run": False,
        "changed": True,
        "reason_needed": False,
        "rows": 2,
        "counts": {"member_statuses": {"created": 2, "updated": 0, "unchanged": 0}},
        "keys": {"member_statuses": ["MS-1", "MS-2"]},
    }
    assert sorted(MemberStatus.objects.values_list("ref", flat=True)) == ["MS-1", "MS-2"]
    written = Change.objects.get(model="memberstatus")
    assert (written.via, written.user, written.source) == ("api", secretariat_officer, "facts.xlsx")
    again = upload(secretariat_officer, statuses(*GOOD))
    assert again.json()["counts"]["member_statuses"]["unchanged"] == 2
    assert again.json()["changed"] is False


def test_a_dry_run_counts_and_writes_nothing(secretariat_admin):
    response = upload(secretariat_admin, statuses(*GOOD), dry_run="true")
    assert response.status_code == 200
    assert response.json()["dry_run"] is True
    assert response.json()["counts"]["member_statuses"]["created"] == 2
    assert not MemberStatus.objects.exists()
    assert not Change.objects.filter(model="memberstatus").exists()


def test_a_csv_sheet_by_its_file_name_or_by_sheet(secretariat_officer):
    text = "id,member,topic,status,effective\nMS-1,FJI,rkc,achieved,2023-03-01\n"
    response = upload(secretariat_officer, a_file(text.encode(), "member_statuses.csv"))
    assert response.status_code == 200, response.json()
    assert response.json()["counts"]["member_statuses"]["created"] == 1
    more = "\ufeffid,member,topic,status,effective\nMS-2,AUS,rkc,planned,2023-05-01\n"
    named = upload(
        secretariat_officer, a_file(more.encode(), "export 2026.csv"), sheet="member_statuses"
    )
    assert named.status_code == 200, named.json()
    assert named.json()["keys"] == {"member_statuses": ["MS-2"]}
    assert MemberStatus.objects.count() == 2


def test_a_broken_row_is_placed_and_nothing_is_saved(secretariat_officer):
    response = upload(
        secretariat_officer,
        statuses(GOOD[0], ["MS-2", "AUS", "rkc", "done", "1 May", None]),
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    # Row 3 as the file has it: the header is row 1.
    assert [(e["sheet"], e["row"], e["field"]) for e in errors] == [
        ("member_statuses", 3, "status"),
        ("member_statuses", 3, "effective"),
    ]
    assert all(e["message"] for e in errors)
    assert response.json()["detail"].startswith("2 problems; nothing was imported")
    assert not MemberStatus.objects.exists()


def test_a_broken_csv_row_is_placed_too(secretariat_officer):
    text = "id,member,topic,status,effective\nMS-1,FJI,rkc,achieved,2023-03-01\nMS-2,FJI,rkc,,\n"
    response = upload(secretariat_officer, a_file(text.encode(), "member_statuses.csv"))
    assert response.status_code == 400
    places = {(e["sheet"], e["row"], e["field"]) for e in response.json()["errors"]}
    assert places == {("member_statuses", 3, "status"), ("member_statuses", 3, "effective")}
    assert not MemberStatus.objects.exists()


def test_changing_a_recorded_fact_needs_a_reason_in_a_dry_run_too(secretariat_officer):
    upload(secretariat_officer, statuses(*GOOD))
    changed = ["MS-2", "AUS", "rkc", "achieved", D(2023, 5, 1), "signed"]
    for dry_run in ("true", "false"):
        refused = upload(secretariat_officer, statuses(GOOD[0], changed), dry_run=dry_run)
        assert refused.status_code == 400
        assert [e["field"] for e in refused.json()["errors"]] == ["reason"]
    done = upload(secretariat_officer, statuses(GOOD[0], changed), reason="the MRA was signed")
    assert done.status_code == 200
    assert done.json()["reason_needed"] is True
    assert done.json()["counts"]["member_statuses"] == {"created": 0, "updated": 1, "unchanged": 1}
    assert MemberStatus.objects.get(ref="MS-2").status == "achieved"
    assert Change.objects.filter(reason="the MRA was signed", via="api").exists()


def test_rows_may_name_only_the_uploaders_members(secretariat_officer):
    # The Cook Islands are a Member of OCO, not of ROCB A/P.
    response = upload(
        secretariat_officer, statuses(["MS-1", "COK", "rkc", "achieved", D(2023, 3, 1), None])
    )
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["sheet"], error["row"], error["field"]) == ("member_statuses", 2, "member")
    assert not MemberStatus.objects.exists()


def bad_files():
    """(file, form fields, the first problem's sheet, row and column)."""
    return [
        (a_file(b"not a workbook at all", "facts.xlsx"), {}, (None, None, None)),
        (a_file(b"", "facts.xlsx"), {}, (None, None, "file")),
        (a_file(zipped(), "facts.xlsx"), {}, (None, None, None)),
        (a_file(bytes(range(256)) * 8, "member_statuses.csv"), {}, ("member_statuses", None, None)),
        (a_file(b"id,member,topic,status,effective\nMS-1,FJI\x00,rkc,achieved,2023-03-01\n",
             "member_statuses.csv"), {}, ("member_statuses", 2, "member")),
        (a_file(b"id,member\nMS-1,FJI\n", "member_statuses.csv"), {},
             ("member_statuses", 1, "topic")),
        (a_file(b"id\n" + b"x" * (1024 * 1024 + 1), "member_statuses.csv"), {},
             ("member_statuses", 2, None)),
        (xlsx({"statuses": [HEADER, GOOD[0]]}), {}, ("statuses", None, None)),
        (xlsx({"member_statuses": [[*HEADER, "colour"]]}), {}, ("member_statuses", 1, "colour")),
        (xlsx({"member_statuses": [HEADER[:3], ["MS-1", "FJI", "rkc"]]}), {},
             ("member_statuses", 1, "status")),
        (a_file(b"id\n", "statuses.csv"), {}, (None, None, "sheet")),
        (a_file(b"id\n", "facts.csv"), {"sheet": "nonsense"}, (None, None, "sheet")),
        (statuses(*GOOD), {"sheet": "member_statuses"}, (None, None, "sheet")),
        (a_file(b"id\n", "facts.txt"), {}, (None, None, "file")),
    ]  # fmt: skip


def test_bad_files_are_400_problems_never_500(secretariat_officer):
    for file, fields, place in bad_files():
        response = upload(secretariat_officer, file, **fields)
        assert response.status_code == 400, (file.name, response.content[:300])
        first = response.json()["errors"][0]
        assert (first.get("sheet"), first.get("row"), first["field"]) == place, file.name
        assert first["message"]
    assert not MemberStatus.objects.exists()


def test_no_file_is_a_400(secretariat_officer):
    response = client_of(secretariat_officer).post(URL, {"dry_run": "true"}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "file"


def test_a_file_over_the_webs_limit_is_refused(secretariat_officer, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD", 100)
    response = upload(secretariat_officer, statuses(*GOOD))
    assert response.status_code == 413
    assert response.json()["errors"][0]["field"] == "file"
    assert not MemberStatus.objects.exists()


def test_who_may_upload(focal_point, viewer, secretariat_officer, superuser):
    for user in (focal_point, viewer):
        assert upload(user, statuses(*GOOD)).status_code == 403
    assert upload(None, statuses(*GOOD)).status_code == 401
    read_only = client_of(secretariat_officer, read_only=True)
    assert read_only.post(URL, {"file": statuses(*GOOD)}, format="multipart").status_code == 403
    assert not MemberStatus.objects.exists()
    # A superuser records facts for any Member.
    anyone = upload(superuser, statuses(["MS-9", "COK", "rkc", "planned", D(2023, 1, 1), None]))
    assert anyone.status_code == 200
    assert MemberStatus.objects.get().member.iso3 == "COK"


def test_a_busy_database_is_a_503_with_retry_after(secretariat_officer, monkeypatch):
    def busy(*args, **kwargs):
        raise WorkbookError([f"facts.xlsx: {BUSY}"], unreadable=True)

    monkeypatch.setattr(uploads, "import_workbook", busy)
    response = upload(secretariat_officer, statuses(*GOOD))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response.json()["status"] == 503
