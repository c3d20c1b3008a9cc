"""The data workbook on the web: check an upload, confirm it, download the data and template."""

import datetime
import io
import os
import time

import openpyxl
import pytest
from django.utils import timezone

from stratmon.facts.models import Activity, MemberStatus
from stratmon.history.models import Change
from stratmon.web import workbook_upload

pytestmark = pytest.mark.django_db

D = datetime.date
STATUS_HEADER = ["id", "member", "topic", "status", "effective", "evidence"]


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def xlsx(sheets, name="facts.xlsx"):
    """An uploadable workbook of {sheet: [header, row, …]}."""
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


def statuses(*rows):
    return xlsx({"member_statuses": [STATUS_HEADER, *rows]})


GOOD = [
    ["MS-1", "FJI", "rkc", "achieved", D(2023, 3, 1), "deposited"],
    ["MS-2", "AUS", "rkc", "planned", D(2023, 5, 1), None],
]


def uploads(tmp_path):
    folder = tmp_path / "uploads"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def upload(client, data):
    return client.post("/data/workbook/", {"workbook": data})


def token_of(response):
    return response.context["token"]


def test_an_upload_with_errors_shows_every_one_and_imports_nothing(
    client, builtin, secretariat_officer, tmp_path
):
    client.force_login(secretariat_officer)
    response = upload(
        client,
        statuses(
            ["MS-1", "FJX", "rkc", "achieved", D(2023, 3, 1), None],
            ["MS-2", "FJI", "rkc", "done", "1 March", None],
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "3 problems; nothing was imported" in html
    table = html.split('id="workbook-errors"')[1].split("</table>")[0]
    for sheet_row_column_message in (
        ("member_statuses", "2", "member", "unknown Member"),
        ("member_statuses", "3", "status", "done"),
        ("member_statuses", "3", "effective", "1 March"),
    ):
        sheet, row, column, message = sheet_row_column_message
        line = next(tr for tr in table.split("<tr>") if f'<td class="code">{column}</td>' in tr)
        assert "<td>facts.xlsx</td>" in line
        assert f'<td class="code">{sheet}</td><td class="num">{row}</td>' in line
        assert message in line
    assert 'id="workbook-confirm"' not in html
    assert not MemberStatus.objects.exists()
    assert uploads(tmp_path) == []


def test_a_structural_error_is_listed_apart(client, builtin, secretariat_officer):
    client.force_login(secretariat_officer)
    response = upload(client, xlsx({"notes": [["a"], ["b"]]}))
    assert response.status_code == 400
    general = response.content.decode().split('id="workbook-general"')[1].split("</ul>")[0]
    assert "unknown sheet" in general


def test_a_clean_upload_shows_the_counts_then_confirm_imports_it(
    client, builtin, secretariat_officer, tmp_path
):
    client.force_login(secretariat_officer)
    response = upload(client, statuses(*GOOD))
    assert response.status_code == 200
    counts = response.content.decode().split('id="workbook-counts"')[1].split("</table>")[0]
    assert '<td class="code">member_statuses</td><td class="num">2</td>' in counts
    assert 'name="reason"' not in response.content.decode()  # nothing stored changes
    assert not MemberStatus.objects.exists()
    token = token_of(response)
    assert len(uploads(tmp_path)) == 1
    assert str(tmp_path) not in response.content.decode()  # the page carries no path

    response = client.post("/data/workbook/confirm/", {"token": token}, follow=True)
    assert response.redirect_chain == [("/data/workbook/", 302)]
    assert "Imported facts.xlsx: member_statuses: 2 created" in response.content.decode()
    assert MemberStatus.objects.count() == 2
    entry = Change.objects.get(model="memberstatus")
    assert (entry.via, entry.user, entry.source) == (
        "web workbook",
        secretariat_officer,
        "facts.xlsx",
    )
    assert uploads(tmp_path) == []


def test_changing_recorded_facts_needs_a_reason(client, builtin, secretariat_officer):
    client.force_login(secretariat_officer)
    token = token_of(upload(client, statuses(*GOOD)))
    client.post("/data/workbook/confirm/", {"token": token})
    changed = [["MS-2", "AUS", "rkc", "achieved", D(2023, 5, 1), None]]
    response = upload(client, statuses(*changed))
    assert 'name="reason"' in response.content.decode()
    token = token_of(response)

    response = client.post("/data/workbook/confirm/", {"token": token, "reason": " "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="reason-error"' in html and "a reason is required" in html
    assert MemberStatus.objects.get(ref="MS-2").status == "planned"

    # The same upload, confirmed with a reason.
    response = client.post(
        "/data/workbook/confirm/", {"token": token_of(response), "reason": "ratified in May"}
    )
    assert response.status_code == 302
    assert MemberStatus.objects.get(ref="MS-2").status == "achieved"
    entry = Change.objects.get(verb="updated")  # its reason is stored by the history app
    assert (entry.via, entry.user) == ("web workbook", secretariat_officer)


def test_errors_found_on_confirmation_are_shown_and_nothing_is_imported(
    client, builtin, secretariat_officer, tmp_path
):
    client.force_login(secretariat_officer)
    token = token_of(upload(client, statuses(*GOOD)))
    # Meanwhile someone records FJI's RKC status of that date under another id.
    other = xlsx({"member_statuses": [STATUS_HEADER, ["X-1", *GOOD[0][1:]]]}, "other.xlsx")
    client.post("/data/workbook/confirm/", {"token": token_of(upload(client, other))})
    response = client.post("/data/workbook/confirm/", {"token": token})
    assert response.status_code == 400
    assert "already recorded as id &#x27;X-1&#x27;" in response.content.decode()
    assert list(MemberStatus.objects.values_list("ref", flat=True)) == ["X-1"]
    assert uploads(tmp_path) == []


def test_a_token_is_used_once(client, builtin, secretariat_officer):
    client.force_login(secretariat_officer)
    token = token_of(upload(client, statuses(*GOOD)))
    assert client.post("/data/workbook/confirm/", {"token": token}).status_code == 302
    response = client.post("/data/workbook/confirm/", {"token": token})
    assert response.status_code == 400
    assert "already imported" in response.content.decode()


def test_another_users_token_is_refused(client, builtin, secretariat_officer, secretariat_admin):
    client.force_login(secretariat_officer)
    token = token_of(upload(client, statuses(*GOOD)))
    client.force_login(secretariat_admin)
    response = client.post("/data/workbook/confirm/", {"token": token})
    assert response.status_code == 400
    assert not MemberStatus.objects.exists()


@pytest.mark.parametrize("token", ["", "../../etc/passwd", "x" * 32])
def test_a_made_up_token_is_refused(client, builtin, secretariat_officer, token):
    client.force_login(secretariat_officer)
    assert client.post("/data/workbook/confirm/", {"token": token}).status_code == 400


def test_an_expired_token_is_refused_and_old_files_are_cleaned_on_the_next_upload(
    client, builtin, secretariat_officer, tmp_path, monkeypatch
):
    client.force_login(secretariat_officer)
    token = token_of(upload(client, statuses(*GOOD)))
    later = time.time() + workbook_upload.TOKEN_SECONDS + 1
    monkeypatch.setattr(workbook_upload.time, "time", lambda: later)
    response = client.post("/data/workbook/confirm/", {"token": token})
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not MemberStatus.objects.exists()

    monkeypatch.undo()
    kept = token_of(upload(client, statuses(*GOOD)))
    stale = tmp_path / "uploads" / "stale-upload"
    stale.mkdir()
    old = time.time() - workbook_upload.TOKEN_SECONDS - 5
    os.utime(stale, (old, old))
    upload(client, statuses(["bad"]))
    assert uploads(tmp_path) == [kept]


def test_an_oversize_upload_is_refused(client, builtin, secretariat_officer, monkeypatch, tmp_path):
    monkeypatch.setattr(workbook_upload, "MAX_UPLOAD", 1000)
    client.force_login(secretariat_officer)
    response = upload(client, statuses(*GOOD))
    assert response.status_code == 400
    assert "too large" in response.content.decode() and "at most 50 MB" in response.content.decode()
    assert uploads(tmp_path) == []


def test_a_file_that_is_not_a_workbook_gives_one_clear_message(
    client, builtin, secretariat_officer, tmp_path
):
    client.force_login(secretariat_officer)
    data = io.BytesIO(b"id,member\nMS-1,FJI\n")
    data.name = "facts.csv"
    response = upload(client, data)
    assert response.status_code == 400
    general = response.content.decode().split('id="workbook-general"')[1].split("</ul>")[0]
    assert general.count("<li>") == 1
    assert "cannot read: not an .xlsx workbook" in general
    assert uploads(tmp_path) == []


def test_an_unchanged_workbook_has_nothing_to_confirm(client, builtin, secretariat_officer):
    client.force_login(secretariat_officer)
    client.post("/data/workbook/confirm/", {"token": token_of(upload(client, statuses(*GOOD)))})
    response = upload(client, statuses(*GOOD))
    assert 'id="nothing-to-import"' in response.content.decode()
    assert 'id="workbook-confirm"' not in response.content.decode()


def test_the_data_and_the_template_download_as_workbooks(client, builtin, secretariat_officer):
    client.force_login(secretariat_officer)
    client.post("/data/workbook/confirm/", {"token": token_of(upload(client, statuses(*GOOD)))})
    for path, sheets in (
        ("/data/workbook/export/", {"MS-1", "MS-2"}),
        ("/data/workbook/template/", set()),
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        ids = {row[0] for row in book["member_statuses"].iter_rows(min_row=2, values_only=True)}
        assert ids == sheets


def test_the_navigation_links_the_workbook_for_the_secretariat_only(
    client, builtin, secretariat_officer, viewer
):
    client.force_login(secretariat_officer)
    assert 'href="/data/workbook/">Workbook</a>' in client.get("/").content.decode()
    client.force_login(viewer)
    assert "/data/workbook/" not in client.get("/").content.decode()


@pytest.mark.parametrize("rows", [0, 40])
def test_the_upload_page_costs_the_same_whatever_is_recorded(
    client, builtin, secretariat_officer, django_assert_num_queries, rows
):
    Activity.objects.bulk_create(
        Activity(ref=f"A-{n}", title="t", start=D(2023, 1, 1), end=D(2023, 1, 1))
        for n in range(rows)
    )
    client.force_login(secretariat_officer)
    # session and user; the navigation's count of submissions waiting
    with django_assert_num_queries(2 + 1):
        assert client.get("/data/workbook/").status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/data/workbook/template/").status_code == 200


def test_a_milestone_done_date_is_checked_as_on_the_plan_page(client, builtin, secretariat_officer):
    client.force_login(secretariat_officer)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    milestones = [["kpi", "done_on", "evidence"], ["oco-sp-2022-2027:6.5.1.m", tomorrow, "x"]]
    response = upload(client, xlsx({"milestones": milestones}))
    assert response.status_code == 400
    table = response.content.decode().split('id="workbook-errors"')[1].split("</table>")[0]
    assert '<td class="code">milestones</td><td class="num">2</td>' in table
    assert "is in the future" in table


def test_a_secretariat_uploads_facts_of_its_own_members_only(
    client, builtin, secretariat_officer, superuser, tmp_path
):
    # The Cook Islands are a Member of OCO only: not WCO A/P's to record.
    cook = ["MS-9", "COK", "rkc", "achieved", D(2023, 3, 1), None]
    client.force_login(secretariat_officer)
    response = upload(client, statuses(GOOD[0], cook))
    assert response.status_code == 400
    assert "COK is not a Member of your organisation" in response.content.decode()
    assert not MemberStatus.objects.exists()
    client.force_login(superuser)
    assert upload(client, statuses(GOOD[0], cook)).status_code == 200


def test_the_download_holds_only_the_organisations_members_rows(
    client, builtin, secretariat_officer, superuser
):
    from stratmon.facts.records import save_records

    rows = [
        {"id": f"MS-{iso3}", "member": iso3, "topic": "rkc", "status": "achieved",
         "effective": "2023-03-01"}
        for iso3 in ("FJI", "COK")
    ]  # fmt: skip
    save_records({"member_statuses": rows}, user=None, via="test")

    def ids(user):
        client.force_login(user)
        response = client.get("/data/workbook/export/")
        book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        return {row[0] for row in book["member_statuses"].iter_rows(min_row=2, values_only=True)}

    assert ids(secretariat_officer) == {"MS-FJI"}
    assert ids(superuser) == {"MS-FJI", "MS-COK"}
