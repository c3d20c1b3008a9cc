"""Serving evidence files: to those who see the data, with headers that keep browsers safe."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stratmon.accounts import access
from stratmon.evidence.services import store_evidence
from stratmon.plans.models import Member, Organisation

pytestmark = pytest.mark.django_db


def store(name, data, **owner):
    return store_evidence(SimpleUploadedFile(name, data), user=None, **owner)


@pytest.fixture
def fiji(reference):
    return Member.objects.get(iso3="FJI")


def body(response):
    return b"".join(response.streaming_content)


def test_a_pdf_is_shown_in_the_browser_sandboxed_and_not_sniffed(
    client, focal_point, fiji, evidence_dir
):
    stored = store("RKC accession (Fiji).pdf", b"%PDF-1.7 accession", member=fiji)
    client.force_login(focal_point)
    response = client.get(stored.get_absolute_url())
    assert response.status_code == 200 and body(response) == b"%PDF-1.7 accession"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="RKC accession (Fiji).pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "name, data, content_type",
    [
        ("figures.csv", b"a,b\n1,2\n", "text/csv; charset=utf-8"),
        ("notes.txt", b"some notes", "text/plain; charset=utf-8"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8, "application/msword"),
    ],
)
def test_other_kinds_are_downloaded(
    client, secretariat_officer, fiji, evidence_dir, name, data, content_type
):
    stored = store(name, data, member=fiji)
    client.force_login(secretariat_officer)
    response = client.get(stored.get_absolute_url())
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["Content-Security-Policy"] == "sandbox"
    assert body(response) == data


def test_a_name_outside_ascii_is_sent_encoded(client, superuser, fiji, evidence_dir):
    stored = store("税関 report.pdf", b"%PDF-1.4", member=fiji)
    client.force_login(superuser)
    response = client.get(stored.get_absolute_url())
    assert response.status_code == 200
    assert "filename*=utf-8''%E7%A8%8E%E9%96%A2%20report.pdf" in response["Content-Disposition"]


def test_the_path_comes_from_the_row_and_a_missing_file_answers_404(
    client, superuser, fiji, evidence_dir
):
    stored = store("rkc.pdf", b"%PDF-1.4", member=fiji)
    client.force_login(superuser)
    assert client.get("/evidence/1/..%2F..%2Fsecret_key").status_code == 404
    (evidence_dir / stored.path).unlink()
    assert client.get(stored.get_absolute_url()).status_code == 404


def test_only_get_and_head_are_served(client, superuser, fiji, evidence_dir):
    stored = store("rkc.pdf", b"%PDF-1.4", member=fiji)
    client.force_login(superuser)
    assert client.head(stored.get_absolute_url()).status_code == 200
    assert client.post(stored.get_absolute_url()).status_code == 405


def test_the_access_rules_follow_the_members_data_and_the_organisations(
    secretariat_admin, focal_point, other_focal_point, viewer, other_viewer, fiji
):
    cook = Member.objects.get(iso3="COK")
    oco = Organisation.objects.get(code="oco")
    assert access.can_view_member_data(focal_point, fiji)
    assert not access.can_view_member_data(focal_point, cook)
    assert access.can_view_member_data(other_viewer, fiji)  # Fiji is a Member of OCO too
    assert not access.can_view_member_data(secretariat_admin, cook)
    assert not access.can_view_organisation_data(other_focal_point, oco)
    assert access.can_view_organisation_data(other_viewer, oco)
    assert not access.can_view_organisation_data(viewer, oco)
