"""A focal point's report forms: checked like the workbook, saved as drafts, submitted with
evidence files, participants pasted, corrected after a return."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stratmon.facts.models import MemberStatus, Participation
from stratmon.submissions import services
from stratmon.submissions.models import Submission

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def status_post(**values):
    data = {"topic": "rkc", "status": "achieved", "effective": "2026-03-12", "step": "submit"}
    return {**data, **values}


def test_a_focal_point_submits_a_status_with_a_pdf(
    client, builtin, focal_point, secretariat_officer, evidence_dir
):
    client.force_login(focal_point)
    page = client.get("/submissions/new/status/").content.decode()
    assert 'name="member"' not in page  # its own Member, pinned
    pdf = SimpleUploadedFile("rkc accession.pdf", PDF, content_type="application/pdf")
    response = client.post("/submissions/new/status/", {**status_post(), "evidence_files": pdf})
    assert response.status_code == 302
    sent = Submission.objects.get()
    assert (sent.state, sent.member.iso3, sent.evidence.count()) == ("submitted", "FJI", 1)
    assert not MemberStatus.objects.exists()
    services.approve(secretariat_officer, sent)
    recorded = MemberStatus.objects.get()
    file = sent.evidence.get()
    assert f"/evidence/{file.pk}/" in recorded.evidence
    client.force_login(secretariat_officer)
    assert client.get(f"/evidence/{file.pk}/{file.name}").status_code == 200


def test_a_refused_submission_shows_the_problem_at_its_field_and_saves_nothing(
    client, builtin, focal_point, evidence_dir
):
    client.force_login(focal_point)
    pdf = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    response = client.post(
        "/submissions/new/status/", {**status_post(effective="2031-02-30"), "evidence_files": pdf}
    )
    assert response.status_code == 400
    assert 'id="field-effective"' in response.content.decode()
    assert "field-error" in response.content.decode()
    assert not Submission.objects.exists()
    assert not any(evidence_dir.rglob("*.pdf"))


def test_a_bad_file_is_refused_at_the_field(client, builtin, focal_point, evidence_dir):
    client.force_login(focal_point)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00", content_type="application/pdf")
    response = client.post("/submissions/new/status/", {**status_post(), "evidence_files": fake})
    assert response.status_code == 400
    assert "report.pdf is not a PDF file" in response.content.decode()
    assert not Submission.objects.exists()


def test_thirty_pasted_participants_go_with_a_national_workshop(
    client, builtin, focal_point, secretariat_officer
):
    client.force_login(focal_point)
    pasted = "Name\tMember\tGender\n" + "\n".join(
        f"Officer {i}\tFJI\t{'F' if i % 2 else 'M'}" for i in range(30)
    )
    activity = {
        "kind": "workshop",
        "title": "National RKC workshop",
        "start": "2026-05-04",
        "end": "2026-05-06",
        "place": "Suva",
    }
    filled = client.post(
        "/submissions/new/activity/", {**activity, "step": "fill", "paste": pasted}
    )
    html = filled.content.decode()
    assert 'value="Officer 29"' in html
    rows = {f"p-{i}-person": f"Officer {i}" for i in range(30)}
    rows |= {f"p-{i}-member": "FJI" for i in range(30)}
    response = client.post("/submissions/new/activity/", {**activity, **rows, "step": "submit"})
    assert response.status_code == 302
    sent = Submission.objects.get()
    assert sent.title == "National RKC workshop (30 participants)"
    services.approve(secretariat_officer, sent)
    assert Participation.objects.filter(member__iso3="FJI").count() == 30


def test_a_participant_of_an_unknown_member_is_marked_on_its_row(client, builtin, focal_point):
    client.force_login(focal_point)
    activity = {"kind": "workshop", "title": "W", "start": "2026-05-04", "end": "2026-05-04"}
    rows = {"p-0-person": "A", "p-0-member": "FJI", "p-1-person": "B", "p-1-member": "XYZ"}
    response = client.post("/submissions/new/activity/", {**activity, **rows, "step": "submit"})
    assert response.status_code == 400
    html = response.content.decode()
    row = html.split('id="participant-1"')[1].split("</tr>")[0]
    assert "XYZ" in row and "field-error" in row
    assert not Submission.objects.exists()


def test_a_draft_may_be_incomplete_then_is_corrected_after_a_return(
    client, builtin, focal_point, secretariat_officer
):
    client.force_login(focal_point)
    response = client.post("/submissions/new/status/", status_post(effective="", step="draft"))
    assert response.status_code == 302
    draft = Submission.objects.get()
    assert draft.state == "draft"
    response = client.post(f"/submissions/{draft.pk}/edit/", {**status_post(), "version": 1})
    sent = Submission.objects.get()
    assert sent.state == "submitted"
    services.return_(secretariat_officer, sent, "Give the date of deposit, not of signature")
    page = client.get(f"/submissions/{sent.pk}/edit/").content.decode()
    assert "Give the date of deposit" in page and 'value="2026-03-12"' in page
    back = Submission.objects.get()
    client.post(
        f"/submissions/{sent.pk}/edit/",
        {**status_post(effective="2026-04-02"), "version": back.version},
    )
    again = Submission.objects.get()
    assert again.state == "submitted"
    assert again.rows["member_statuses"][0]["effective"] == "2026-04-02"


def test_only_focal_points_report(client, builtin, secretariat_officer, viewer):
    for user in (secretariat_officer, viewer):
        client.force_login(user)
        assert client.get("/submissions/new/status/").status_code == 403
    client.force_login(secretariat_officer)
    assert client.get("/submissions/new/nonsense/").status_code == 404


def test_the_form_costs_the_same_queries_whatever_is_recorded(
    client, builtin, focal_point, django_assert_num_queries
):
    client.force_login(focal_point)
    # session and user; the navigation's count; topics for the topic choice
    with django_assert_num_queries(2 + 1 + 1):
        client.get("/submissions/new/status/")
    for n in range(1, 20):
        client.post("/submissions/new/status/", status_post(effective=f"2025-01-{n:02d}"))
    with django_assert_num_queries(2 + 1 + 1):
        client.get("/submissions/new/status/")


def test_the_evaluation_form_suggests_only_activities_the_member_took_part_in(
    client, builtin, focal_point
):
    from stratmon.facts.records import save_records

    def activity(ref, title, host):
        row = {"id": ref, "kind": "workshop", "title": title, "start": "2025-03-03",
               "end": "2025-03-04", "host": host}  # fmt: skip
        save_records({"activities": [row]}, user=None, via="test")

    activity("ACT-FJI", "Suva workshop on AEO", "FJI")
    activity("ACT-COK", "Rarotonga workshop on risk", "COK")
    client.force_login(focal_point)
    page = client.get("/submissions/new/evaluation/").content.decode()
    assert "Suva workshop on AEO" in page
    assert "Rarotonga workshop on risk" not in page and "ACT-COK" not in page
