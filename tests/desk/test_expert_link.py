"""An expert's own profile update through a single-use link (no account), and the
Secretariat's review queue: a used link is refused, accepting applies exactly what was sent,
rejecting changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from stratmon.desk import experts as service
from stratmon.desk import profile_links
from stratmon.desk.models import CV, ProfileUpdate, Unavailability
from stratmon.facts.models import Expert
from tests.desk.conftest import make_expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert(builtin):
    return make_expert("EXP-A", "Aiko Tanaka", languages="English", email="aiko@example.org")


@pytest.fixture
def link(expert, secretariat_officer):
    update = service.create_link(expert, user=secretariat_officer)
    return update, profile_links.url_of(update)


SENT = {
    "languages": "English; French",
    "expertise": ["rkc", "aeo"],
    "start_1": "2026-09-01",
    "end_1": "2026-09-10",
    "note_1": "leave",
}


def test_the_page_opens_without_an_account_and_shows_the_profile(client, link):
    _, url = link
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Aiko Tanaka" in body and 'value="English"' in body
    assert "<nav" not in body and "nav-" not in body  # its own light page


def test_a_submission_is_kept_for_review_and_changes_nothing(link, expert, evidence_dir):
    update, url = link
    cv = SimpleUploadedFile("cv.pdf", b"%PDF-1.7 cv")
    response = Client(enforce_csrf_checks=True).post(url, {**SENT, "cv": cv})
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    update.refresh_from_db()
    assert update.status == "pending"
    assert update.proposed == {
        "languages": "English; French",
        "expertise": ["aeo", "rkc"],
        "unavailable": [{"start": "2026-09-01", "end": "2026-09-10", "note": "leave"}],
    }
    assert update.cv.name == "cv.pdf" and update.cv.member.iso3 == "JPN"
    expert.refresh_from_db()
    assert expert.languages == "English" and not Unavailability.objects.exists()
    assert not CV.objects.exists()


def test_a_used_link_cannot_be_used_again(client, link):
    _, url = link
    assert client.post(url, SENT).status_code == 200
    again = client.post(url, {**SENT, "languages": "German"})
    assert again.status_code == 410 and "already been used" in again.content.decode()
    assert client.get(url).status_code == 410


def test_an_expired_link_is_gone(client, link):
    update, url = link
    ProfileUpdate.objects.filter(pk=update.pk).update(expires=timezone.now())
    response = client.get(url)
    assert response.status_code == 410 and "expired" in response.content.decode()


def test_a_forged_link_is_refused_before_any_query(client, link, django_assert_num_queries):
    update, _ = link
    with django_assert_num_queries(0):
        assert client.get(f"/x/{update.key}:forged/").status_code == 404
    assert client.get(f"/x/{update.key}/").status_code == 404  # the key without its signature


@pytest.mark.parametrize(
    "data,field",
    [
        ({"start_1": "2026-09-10", "end_1": "2026-09-01"}, "end_1"),
        ({"start_1": "2026-09-10"}, "end_1"),
        ({"accredited_on": "2026-01-01"}, "accredited_until"),
        ({"accredited_on": "2027-01-01", "accredited_until": "2026-01-01"}, "accredited_until"),
        ({"expertise": ["no-such-topic"]}, "expertise"),
    ],
)
def test_bad_input_is_answered_400_beside_its_field_and_the_link_stays(client, link, data, field):
    update, url = link
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    update.refresh_from_db()
    assert update.status == "sent"


def test_a_bad_cv_is_refused_and_the_link_stays(client, link, evidence_dir):
    update, url = link
    response = client.post(url, {"cv": SimpleUploadedFile("cv.pdf", b"MZ")})
    assert response.status_code == 400
    update.refresh_from_db()
    assert update.status == "sent"


def test_posts_over_the_links_limit_are_answered_429_and_the_link_stays(client, link, settings):
    settings.EXPERT_LINK_POSTS_PER_LINK = 3
    update, url = link
    bad = {"start_1": "2026-09-10"}  # each refused (400), as a script guessing would be
    got = [client.post(url, bad, REMOTE_ADDR=f"10.0.0.{n}").status_code for n in range(5)]
    assert got == [400, 400, 400, 429, 429]
    refused = client.post(url, SENT, REMOTE_ADDR="10.0.0.9")
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 61
    assert "Please wait a minute" in refused.content.decode()
    update.refresh_from_db()
    assert update.status == "sent"


def test_views_are_counted_per_address_apart_from_the_survey_pages(client, link, settings):
    settings.EXPERT_LINK_VIEWS_PER_ADDRESS = 2
    settings.SURVEY_VIEWS_PER_ADDRESS = 2
    _, url = link
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(url, REMOTE_ADDR="10.9.9.9").status_code == 200
    assert client.get("/s/forged:sig/").status_code == 404  # the survey page's own count


def test_the_queue_shows_the_differences(client, link, secretariat_officer):
    _, url = link
    client.post(url, SENT)
    client.force_login(secretariat_officer)
    body = client.get("/experts/updates/").content.decode()
    assert "English; French" in body and "2026-09-01 to 2026-09-10 (leave)" in body


def test_the_queue_is_read_in_a_fixed_number_of_queries(
    client, builtin, secretariat_officer, django_assert_num_queries
):
    client.force_login(secretariat_officer)
    for n in (1, 3):
        for i in range(n):
            e = make_expert(f"EXP-{n}-{i}", f"E {n} {i}")
            service.submit_update(service.create_link(e, user=None), {"languages": "Fijian"})
        with django_assert_num_queries(6):
            client.get("/experts/updates/")


def test_accepting_in_the_queue_applies_the_update(client, link, expert, secretariat_admin):
    update, url = link
    client.post(url, SENT)
    client.force_login(secretariat_admin)
    response = client.post("/experts/updates/", {"update": update.pk, "action": "accept"})
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.languages == "English; French"
    assert sorted(expert.expertise.values_list("code", flat=True)) == ["aeo", "rkc"]
    assert Unavailability.objects.get().note == "leave"
    # The history reads every entry the flow wrote (updates as [old, new] pairs).
    assert client.get("/history/").status_code == 200
    assert client.get("/").status_code == 200


def test_rejecting_in_the_queue_needs_a_note_and_changes_nothing(
    client, link, expert, secretariat_officer
):
    update, url = link
    client.post(url, SENT)
    client.force_login(secretariat_officer)
    before = Expert.objects.values().get(pk=expert.pk)
    no_note = client.post("/experts/updates/", {"update": update.pk, "action": "reject"})
    assert no_note.status_code == 400 and "say why" in no_note.content.decode()
    done = client.post(
        "/experts/updates/", {"update": update.pk, "action": "reject", "note": "unclear"}
    )
    assert done.status_code == 302
    assert Expert.objects.values().get(pk=expert.pk) == before
    assert not Unavailability.objects.exists()
    assert client.post("/experts/updates/", {"update": 999, "action": "accept"}).status_code == 400
