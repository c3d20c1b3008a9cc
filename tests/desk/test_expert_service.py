"""The expert pool's service: profiles through the workbook's checks, unavailable periods, the
CV, and the profile update flow (a proposal applies only when accepted, exactly as sent)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from stratmon.desk import experts as service
from stratmon.desk import profile_links
from stratmon.desk.models import CV, ProfileUpdate, Unavailability
from stratmon.evidence.models import EvidenceFile
from stratmon.facts.models import Expert
from stratmon.facts.workbook import WorkbookError
from stratmon.history.models import Change
from tests.desk.conftest import make_expert

pytestmark = pytest.mark.django_db
D = datetime.date


def pdf(name="cv.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.7 curriculum vitae")


@pytest.fixture
def expert(builtin):
    return make_expert("EXP-1", "Aiko Tanaka", languages="English", email="aiko@example.org")


def test_a_new_profile_goes_through_the_workbook_with_its_email(builtin, secretariat_officer):
    row = {"id": "", "name": "Sione Tupou", "home": "FJI", "expertise": ["rkc", "aeo"]}
    expert = service.save_profile(row, email="sione@example.org", user=secretariat_officer)
    assert expert.ref.startswith("EXP-")
    assert expert.email == "sione@example.org"
    assert sorted(expert.expertise.values_list("code", flat=True)) == ["aeo", "rkc"]
    recorded = Change.objects.filter(model="expert")
    assert recorded.count() == 2  # created, then its e-mail


def test_a_profile_with_a_bad_column_saves_nothing(builtin, secretariat_officer):
    row = {"id": "", "name": "", "home": "FJI"}
    with pytest.raises(WorkbookError) as raised:
        service.save_profile(row, email="x@example.org", user=secretariat_officer)
    assert any(p.column == "name" for p in raised.value.problems)
    assert not Expert.objects.exists()


def test_a_bad_email_is_refused_before_anything_is_saved(builtin, secretariat_officer):
    with pytest.raises(ValidationError) as raised:
        service.save_profile({"id": "", "name": "A"}, email="nope", user=secretariat_officer)
    assert "email" in raised.value.message_dict
    assert not Expert.objects.exists()


def test_an_unavailable_period_is_kept_and_removed_with_history(expert, secretariat_officer):
    period = service.add_unavailable(
        expert, D(2026, 5, 1), D(2026, 5, 9), "leave", user=secretariat_officer
    )
    assert Change.objects.filter(model="unavailability", verb="created").count() == 1
    service.remove_unavailable(period, user=secretariat_officer)
    assert not Unavailability.objects.exists()
    assert Change.objects.filter(model="unavailability", verb="deleted").count() == 1


def test_a_period_ending_before_it_starts_is_refused(expert, secretariat_officer):
    with pytest.raises(ValidationError) as raised:
        service.add_unavailable(expert, D(2026, 5, 9), D(2026, 5, 1), user=secretariat_officer)
    assert raised.value.message_dict["end"] == ["ends before it starts (2026-05-09)"]


def test_a_cv_is_evidence_of_the_home_member_and_replaces_the_one_before(
    expert, secretariat_officer, evidence_dir
):
    first = service.attach_cv(expert, pdf("old.pdf"), user=secretariat_officer)
    assert first.file.member.iso3 == "JPN"
    service.attach_cv(expert, pdf("new.pdf"), user=secretariat_officer)
    assert CV.objects.get(expert=expert).file.name == "new.pdf"
    assert CV.objects.count() == 1


def test_a_cv_of_an_expert_without_home_is_the_acting_organisation_s(
    builtin, secretariat_officer, evidence_dir
):
    homeless = make_expert("EXP-2", "No Home", home=None)
    cv = service.attach_cv(homeless, pdf(), user=secretariat_officer)
    assert cv.file.organisation.code == "rocb-ap" and cv.file.member is None


def test_a_file_that_is_not_a_cv_is_refused(expert, secretariat_officer, evidence_dir):
    with pytest.raises(ValidationError) as raised:
        service.attach_cv(expert, SimpleUploadedFile("cv.pdf", b"MZ"), user=secretariat_officer)
    assert "cv" in raised.value.message_dict


def _submitted(expert, user, wanted, cv=None):
    update = service.create_link(expert, user=user)
    return service.submit_update(update, wanted, cv)


def test_a_link_takes_one_submission_and_changes_nothing(expert, secretariat_officer):
    update = service.create_link(expert, user=secretariat_officer)
    token = profile_links.token_of(update.key)
    assert profile_links.find(token) == update
    service.submit_update(update, {"languages": "English; French"})
    expert.refresh_from_db()
    assert expert.languages == "English"
    update.refresh_from_db()
    assert update.status == "pending" and update.proposed == {"languages": "English; French"}
    with pytest.raises(profile_links.LinkError) as refused:
        profile_links.find(token)
    assert refused.value.status == 410
    with pytest.raises(ProfileUpdate.DoesNotExist):
        service.submit_update(update, {"languages": "German"})


def test_a_forged_or_expired_link_is_refused(expert, secretariat_officer):
    with pytest.raises(profile_links.LinkError) as forged:
        profile_links.find("abc:def")
    assert forged.value.status == 404
    update = service.create_link(expert, user=secretariat_officer)
    ProfileUpdate.objects.filter(pk=update.pk).update(expires=timezone.now())
    with pytest.raises(profile_links.LinkError) as expired:
        profile_links.find(profile_links.token_of(update.key))
    assert expired.value.status == 410 and expired.value.reason == profile_links.EXPIRED


def test_accepting_applies_exactly_the_proposed_fields(
    expert, secretariat_officer, secretariat_admin, evidence_dir
):
    wanted = {
        "languages": "English; French",
        "expertise": ["rkc", "aeo"],
        "accredited_on": D(2026, 1, 1),
        "accredited_until": D(2028, 12, 31),
        "unavailable": [(D(2026, 7, 1), D(2026, 7, 14), "holiday")],
    }
    update = _submitted(expert, secretariat_officer, wanted, pdf())
    before = Expert.objects.values().get(pk=expert.pk)
    service.accept_update(update, user=secretariat_admin)
    after = Expert.objects.values().get(pk=expert.pk)
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {
        "languages",
        "accredited_on",
        "accredited_until",
        "updated_at",
        "updated_by_id",
    }
    assert after["languages"] == "English; French"
    assert after["accredited_until"] == D(2028, 12, 31)
    assert sorted(expert.expertise.values_list("code", flat=True)) == ["aeo", "rkc"]
    assert list(expert.unavailable.values_list("start", "note")) == [(D(2026, 7, 1), "holiday")]
    assert CV.objects.get(expert=expert).file == update.cv
    update.refresh_from_db()
    assert update.status == "accepted" and update.reviewed_by == secretariat_admin
    linked = Change.objects.filter(via="expert link", user=secretariat_admin)
    assert {c.model for c in linked} >= {"expert", "unavailability", "cv"}


def test_accepting_only_languages_leaves_the_rest(expert, secretariat_officer):
    expert.accredited_until = D(2027, 1, 1)
    expert.save()
    update = _submitted(expert, secretariat_officer, {"languages": "Japanese"})
    service.accept_update(update, user=secretariat_officer)
    expert.refresh_from_db()
    assert expert.languages == "Japanese" and expert.accredited_until == D(2027, 1, 1)
    assert list(expert.expertise.values_list("code", flat=True)) == ["rkc"]


def test_rejecting_changes_nothing_and_needs_a_note(
    expert, secretariat_officer, evidence_dir, django_capture_on_commit_callbacks
):
    update = _submitted(expert, secretariat_officer, {"languages": "French"}, pdf())
    with pytest.raises(ValidationError):
        service.reject_update(update, " ", user=secretariat_officer)
    before = Expert.objects.values().get(pk=expert.pk)
    sent = update.cv.file_path
    assert sent.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        service.reject_update(update, "not our pool's languages", user=secretariat_officer)
    assert Expert.objects.values().get(pk=expert.pk) == before
    assert not CV.objects.exists()
    assert not sent.exists() and not EvidenceFile.objects.exists()  # the CV sent is gone
    update.refresh_from_db()
    assert update.cv is None
    assert update.status == "rejected" and update.review_note == "not our pool's languages"
    with pytest.raises(ValidationError):
        service.accept_update(update, user=secretariat_officer)
