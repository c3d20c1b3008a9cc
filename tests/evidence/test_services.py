"""Storing evidence: allowed kinds kept with their checksum, everything else refused whole."""

import hashlib
from unittest import mock

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stratmon.evidence import services
from stratmon.evidence.forms import EvidenceField
from stratmon.evidence.models import EvidenceFile
from stratmon.evidence.sniff import KINDS, Refused, sniff
from stratmon.history.models import Change
from stratmon.plans.models import Member, Organisation

from .conftest import SAMPLES, files_in, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def fiji(reference):
    return Member.objects.get(iso3="FJI")


def message(exc_info):
    return " ".join(exc_info.value.messages)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_allowed_kind_is_stored_with_its_type_size_and_checksum(
    name, fiji, focal_point, evidence_dir
):
    data, content_type = SAMPLES[name]
    stored = services.store_evidence(upload(name), member=fiji, user=focal_point)
    stored.refresh_from_db()
    assert stored.name == name and stored.content_type == content_type
    assert stored.size == len(data) and stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.uploaded_by == focal_point and stored.member == fiji
    assert files_in(evidence_dir) == [evidence_dir / stored.path]
    assert (evidence_dir / stored.path).read_bytes() == data
    year, month, file_name = stored.path.split("/")
    assert len(year) == 4 and len(month) == 2 and file_name.endswith(name.rsplit(".")[-1].lower())
    assert name.split(".")[0] not in file_name  # a random name on disk, not the user's


def test_an_oversize_file_is_refused_with_its_size_and_nothing_is_written(
    fiji, focal_point, evidence_dir, settings
):
    settings.EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
    big = upload("rkc.pdf", b"%PDF-" + b"0" * int(12.4 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        services.store_evidence(big, member=fiji, user=focal_point)
    assert message(refused) == "rkc.pdf is 12.4 MB; evidence files may be at most 10 MB"
    assert files_in(evidence_dir) == [] and not EvidenceFile.objects.exists()
    assert not Change.objects.filter(model="evidencefile").exists()


@pytest.mark.parametrize(
    "name, data, said",
    [
        ("report.pdf", b"MZ\x90\x00\x03" + b"\x00" * 60, "report.pdf is not a PDF file"),
        ("photo.png", b"<html><script>alert(1)</script>", "photo.png is not a PNG image"),
        ("evil.html", b"<html><script>alert(1)</script>", "evil.html: type not allowed"),
        ("setup.exe", b"MZ\x90\x00", "setup.exe: type not allowed"),
        ("notes.txt", b"<!DOCTYPE html><html></html>", "notes.txt is not a text file"),
        ("notes.txt", b"\xff\xfe\x00b\x00a", "notes.txt is not a text file"),
        ("minutes.docx", b"PK\x03\x04not really", "minutes.docx is not a Word document"),
        ("minutes.odt", SAMPLES["minutes.docx"][0], "is not an OpenDocument text document"),
        ("old.doc", b"%PDF-1.4", "old.doc is not a Word document"),
        ("README", b"plain words", "README: type not allowed"),
        ("empty.pdf", b"", "empty.pdf is empty"),
    ],
)
def test_a_renamed_program_or_page_or_a_wrong_type_is_refused(
    name, data, said, fiji, focal_point, evidence_dir
):
    with pytest.raises(ValidationError) as refused:
        services.store_evidence(upload(name, data), member=fiji, user=focal_point)
    assert said in message(refused)
    assert files_in(evidence_dir) == [] and not EvidenceFile.objects.exists()


def test_the_refusal_lists_what_is_allowed():
    with pytest.raises(Refused) as refused:
        sniff("evil.html", b"<html>")
    assert str(refused.value) == (
        "evil.html: type not allowed; allowed: PDF, images, office documents, text"
    )


@pytest.mark.parametrize(
    "given_name, shown",
    [
        ("C:\\Users\\ana\\rkc.pdf", "rkc.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ('a"b;c\r\nd.pdf', "a_b_c__d.pdf"),
        ("  税関 report .pdf", "税関 report.pdf"),
        ("folder/", "evidence"),
        ("<>.pdf", "__.pdf"),
        (".hidden", "hidden"),
        ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
    ],
)
def test_the_file_name_is_made_safe_to_show_and_send(given_name, shown):
    assert services.display_name(given_name) == shown


def test_a_failure_writing_the_row_leaves_no_file(fiji, focal_point, evidence_dir):
    with (
        mock.patch.object(services, "record_created", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        services.store_evidence(upload("rkc accession.pdf"), member=fiji, user=focal_point)
    assert files_in(evidence_dir) == [] and not EvidenceFile.objects.exists()


def test_a_failure_renaming_the_file_leaves_no_row(fiji, focal_point, evidence_dir):
    with (
        mock.patch.object(services.os, "replace", side_effect=OSError("no space")),
        pytest.raises(OSError),
    ):
        services.store_evidence(upload("rkc accession.pdf"), member=fiji, user=focal_point)
    assert files_in(evidence_dir) == [] and not EvidenceFile.objects.exists()


def test_evidence_belongs_to_a_member_or_to_an_organisation(fiji, focal_point):
    with pytest.raises(ValueError):
        services.store_evidence(upload("notes.txt"), user=focal_point)
    oco = Organisation.objects.get(code="oco")
    with pytest.raises(ValueError):
        services.store_evidence(upload("notes.txt"), member=fiji, organisation=oco, user=None)


def test_storing_and_deleting_are_in_the_change_history(
    fiji, focal_point, secretariat_admin, evidence_dir, django_capture_on_commit_callbacks
):
    stored = services.store_evidence(upload("rkc accession.pdf"), member=fiji, user=focal_point)
    created = Change.objects.get(model="evidencefile", verb="created")
    assert created.user == focal_point and created.via == "form"
    values = created.details[str(stored.pk)]
    assert values["member"] == "FJI" and values["name"] == "rkc accession.pdf"
    assert values["sha256"] == stored.sha256
    with django_capture_on_commit_callbacks(execute=True):
        pk = stored.pk
        services.delete_evidence(stored, secretariat_admin)
    deleted = Change.objects.get(model="evidencefile", verb="deleted")
    assert deleted.user == secretariat_admin and deleted.refs == [str(pk)]
    assert not EvidenceFile.objects.exists() and files_in(evidence_dir) == []


class StatusForm(forms.Form):
    evidence = EvidenceField(required=False)


def bound(*uploads):
    return StatusForm(data={}, files=MultiValueDict({"evidence": list(uploads)}))


def test_the_form_field_checks_every_file_and_puts_each_refusal_on_the_field(evidence_dir):
    form = bound(
        upload("rkc accession.pdf"), upload("evil.html", b"<html>"), upload("a.exe", b"MZ")
    )
    assert not form.is_valid()
    assert form.errors["evidence"] == [
        "evil.html: type not allowed; allowed: PDF, images, office documents, text",
        "a.exe: type not allowed; allowed: PDF, images, office documents, text",
    ]
    assert files_in(evidence_dir) == []


def test_when_the_second_of_two_files_is_bad_none_is_stored(fiji, focal_point, evidence_dir):
    form = bound(upload("rkc accession.pdf"), upload("report.pdf", b"MZ\x90"))
    assert not form.is_valid()
    assert form.errors["evidence"] == ["report.pdf is not a PDF file"]
    assert files_in(evidence_dir) == [] and not EvidenceFile.objects.exists()


def test_the_form_field_gives_the_good_files_to_store(fiji, focal_point, evidence_dir):
    form = bound(upload("rkc accession.pdf"), upload("table.csv"))
    assert form.is_valid(), form.errors
    for good in form.cleaned_data["evidence"]:
        services.store_evidence(good, member=fiji, user=focal_point)
    assert EvidenceFile.objects.count() == 2 and len(files_in(evidence_dir)) == 2
    assert bound().is_valid()
    assert 'accept=".csv,.doc' in str(StatusForm()["evidence"])


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from([*KINDS, ".html", ".exe", ""]).map(lambda ext: f"file{ext}"),
    data=st.one_of(
        st.binary(max_size=300),
        st.sampled_from([d for d, _ in SAMPLES.values()]).flatmap(
            lambda good: st.binary(max_size=40).map(lambda tail: good[:30] + tail)
        ),
    ),
)
def test_sniffing_arbitrary_bytes_only_accepts_or_refuses(name, data):
    try:
        content_type = sniff(name, data)
    except Refused as exc:
        assert str(exc).startswith("file")
    else:
        assert content_type == KINDS[name[4:].lower()].content_type


def test_the_admin_shows_evidence_read_only_and_deletes_it_through_the_service(
    admin_client, fiji, evidence_dir, django_capture_on_commit_callbacks
):
    stored = services.store_evidence(upload("rkc accession.pdf"), member=fiji, user=None)
    assert admin_client.get("/admin/evidence/evidencefile/").status_code == 200
    page = admin_client.get(f"/admin/evidence/evidencefile/{stored.pk}/change/")
    assert page.status_code == 200 and stored.get_absolute_url() in page.content.decode()
    assert admin_client.get("/admin/evidence/evidencefile/add/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/evidence/evidencefile/{stored.pk}/delete/", {"post": "yes"})
    assert not EvidenceFile.objects.exists() and files_in(evidence_dir) == []
    assert Change.objects.get(model="evidencefile", verb="deleted").via == "admin"


def test_unreferenced_files_are_found(fiji, evidence_dir):
    kept = services.store_evidence(upload("notes.txt"), member=fiji, user=None)
    stray = evidence_dir / "2020" / "01" / "stray.pdf"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"%PDF-")
    assert services.unreferenced_files() == [stray]
    assert (evidence_dir / kept.path).exists()
