"""The expert pool's pages: who may open them, the filters, bad input, pinned query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stratmon.desk import experts as service
from stratmon.desk.models import CV, ProfileUpdate, Unavailability
from stratmon.facts.models import Activity, Evaluation, Expert, ExpertAssignment
from stratmon.plans.models import Organisation
from tests.conftest import make_user
from tests.desk.conftest import make_expert

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
D = datetime.timedelta


@pytest.fixture
def pool(builtin):
    rocb = Organisation.objects.get(code="rocb-ap")
    a = make_expert(
        "EXP-A", "Aiko Tanaka", languages="English; Japanese", accreditation="accredited",
        accredited_until=TODAY + D(days=30), email="aiko@example.org",
    )  # fmt: skip
    b = make_expert(
        "EXP-B", "Bula Vaka", home="FJI", topics=("aeo",), languages="English; French",
        accreditation="accredited", accredited_until=TODAY - D(days=1),
    )  # fmt: skip
    make_expert("EXP-C", "Chen Li", home=None, topics=(), languages="Chinese")
    held = Activity.objects.create(
        ref="ACT-1", kind="mission", title="RKC mission", start=TODAY - D(days=20),
        end=TODAY - D(days=18), organiser=rocb, status=Activity.Status.HELD,
    )  # fmt: skip
    ExpertAssignment.objects.create(ref="EA-1", activity=held, expert=a)
    Evaluation.objects.create(ref="EV-1", activity=held, score=4, scale_max=5, responses=10)
    return {"a": a, "b": b}


@pytest.fixture
def oco_secretariat(reference):
    return make_user("oco-sec", "secretariat_officer", org="oco")


PAGES = [
    "/experts/",
    "/experts/new/",
    "/experts/EXP-A/",
    "/experts/EXP-A/edit/",
    "/experts/updates/",
]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(
    "role,status",
    [
        ("secretariat_officer", 200),
        ("secretariat_admin", 200),
        ("superuser", 200),
        ("oco_secretariat", 200),  # the pool is shared by every organisation
        ("focal_point", 403),
        ("viewer", 403),
        ("other_viewer", 403),
    ],
)
def test_only_a_secretariat_opens_the_pool(client, pool, request, path, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(path).status_code == status


def test_a_visitor_is_sent_to_sign_in(client, pool):
    response = client.get("/experts/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_the_pool_shows_each_expert_with_flags_and_scores(client, pool, secretariat_officer):
    client.force_login(secretariat_officer)
    body = client.get(reverse("desk-experts")).content.decode()
    assert "Aiko Tanaka" in body and "expires soon" in body and "expired" in body
    assert "80%" in body  # 4 of 5


@pytest.mark.parametrize(
    "query,shown",
    [
        ("topic=aeo", {"Bula Vaka"}),
        ("language=french", {"Bula Vaka"}),
        ("accredited=1", {"Aiko Tanaka"}),
        ("home=FJI", {"Bula Vaka"}),
        ("home=NONE", {"Chen Li"}),
        ("q=chen", {"Chen Li"}),
        ("", {"Aiko Tanaka", "Bula Vaka", "Chen Li"}),
    ],
)
def test_the_filters_keep_the_right_experts(client, pool, secretariat_officer, query, shown):
    client.force_login(secretariat_officer)
    body = client.get(f"/experts/?{query}").content.decode()
    names = {"Aiko Tanaka", "Bula Vaka", "Chen Li"}
    assert {n for n in names if f">{n}</a>" in body} == shown


def _more_experts(n):
    for i in range(n):
        e = make_expert(f"EXP-M{i}", f"More {i}", topics=("rkc", "aeo"), languages="English")
        Unavailability.objects.create(expert=e, start=TODAY, end=TODAY)


def test_the_pool_s_queries_do_not_grow_with_it(
    client, pool, secretariat_officer, django_assert_num_queries
):
    client.force_login(secretariat_officer)
    client.get("/experts/")
    with django_assert_num_queries(8):
        client.get("/experts/")
    _more_experts(5)
    with django_assert_num_queries(8):
        assert client.get("/experts/?accredited=").status_code == 200


def test_an_expert_s_page_is_read_in_a_fixed_number_of_queries(
    client, pool, secretariat_officer, django_assert_num_queries, evidence_dir
):
    client.force_login(secretariat_officer)
    expert = pool["a"]
    service.attach_cv(expert, SimpleUploadedFile("cv.pdf", b"%PDF-1.7 x"), user=None)
    service.create_link(expert, user=secretariat_officer)
    Unavailability.objects.create(expert=expert, start=TODAY, end=TODAY)
    with django_assert_num_queries(10):
        body = client.get("/experts/EXP-A/").content.decode()
    assert "RKC mission" in body and "80%" in body and "cv.pdf" in body and "/x/" in body
    rocb = Organisation.objects.get(code="rocb-ap")
    for i in range(3):
        day = TODAY - D(days=100 + i)
        done = Activity.objects.create(
            ref=f"ACT-M{i}", kind="mission", title="m", start=day, end=day, organiser=rocb
        )
        ExpertAssignment.objects.create(ref=f"EA-M{i}", activity=done, expert=expert)
        Evaluation.objects.create(ref=f"EV-M{i}", activity=done, score=3, responses=2)
        Unavailability.objects.create(expert=expert, start=day, end=day)
        service.create_link(expert, user=secretariat_officer)
    with django_assert_num_queries(10):
        client.get("/experts/EXP-A/")


def test_a_new_expert_is_saved_and_shown(client, builtin, secretariat_officer):
    client.force_login(secretariat_officer)
    data = {"name": "Sione Tupou", "home": "FJI", "expertise": ["rkc"], "gender": "male",
            "languages": "English; Tongan", "email": "sione@example.org"}  # fmt: skip
    response = client.post("/experts/new/", data)
    expert = Expert.objects.get(name="Sione Tupou")
    assert response.status_code == 302 and response["Location"] == f"/experts/{expert.ref}/"
    assert expert.email == "sione@example.org" and expert.home.iso3 == "FJI"


@pytest.mark.parametrize(
    "data,field",
    [
        ({"name": ""}, "name"),
        ({"name": "X", "email": "not-mail"}, "email"),
        ({"name": "X", "accredited_on": "2026-05-01", "accredited_until": "2026-01-01"}, ""),
    ],
)
def test_a_bad_profile_is_answered_400_with_the_problem(
    client, builtin, secretariat_officer, data, field
):
    client.force_login(secretariat_officer)
    response = client.post("/experts/new/", data)
    assert response.status_code == 400
    assert not Expert.objects.exists()
    if field:
        assert response.context["form"].errors[field]


def test_an_edit_needs_a_reason_and_keeps_it(client, pool, secretariat_officer):
    client.force_login(secretariat_officer)
    page = client.get("/experts/EXP-A/edit/")
    initial = page.context["form"].initial
    data = {k: v for k, v in initial.items() if v not in (None,)}
    data["languages"] = "English"
    assert client.post("/experts/EXP-A/edit/", data).status_code == 400  # no reason
    data["reason"] = "she told us"
    assert client.post("/experts/EXP-A/edit/", data).status_code == 302
    assert Expert.objects.get(ref="EXP-A").languages == "English"


def test_periods_are_added_and_removed_on_the_expert_s_page(client, pool, secretariat_officer):
    client.force_login(secretariat_officer)
    add = {"action": "unavailable-add", "away-start": "2026-08-01", "away-end": "2026-07-01"}
    response = client.post("/experts/EXP-A/", add)
    assert response.status_code == 400 and not Unavailability.objects.exists()
    assert "ends before it starts" in response.content.decode()
    add["away-end"] = "2026-08-10"
    assert client.post("/experts/EXP-A/", add).status_code == 302
    period = Unavailability.objects.get()
    remove = {"action": "unavailable-remove", "period": period.pk}
    assert client.post("/experts/EXP-A/", remove).status_code == 302
    assert not Unavailability.objects.exists()
    assert client.post("/experts/EXP-A/", remove).status_code == 400


def test_a_cv_is_attached_and_a_bad_file_refused(client, pool, secretariat_officer, evidence_dir):
    client.force_login(secretariat_officer)
    bad = SimpleUploadedFile("cv.pdf", b"MZ not a pdf")
    response = client.post("/experts/EXP-A/", {"action": "cv", "cv": bad})
    assert response.status_code == 400 and not CV.objects.exists()
    good = SimpleUploadedFile("cv.pdf", b"%PDF-1.7 cv")
    assert client.post("/experts/EXP-A/", {"action": "cv", "cv": good}).status_code == 302
    assert CV.objects.get().file.member.iso3 == "JPN"


def test_a_cv_opens_for_every_secretariat_and_no_one_else(
    client,
    pool,
    secretariat_officer,
    oco_secretariat,
    other_viewer,
    other_focal_point,
    evidence_dir,
):
    """The pool is shared: OCO's Secretariat reads the CV of an expert from Japan (not an OCO
    Member), though the file is stored as Japan's evidence; OCO's viewers and focal points
    do not (404, as for any file they may not open)."""
    service.attach_cv(pool["a"], SimpleUploadedFile("cv.pdf", b"%PDF-1.7 x"), user=None)
    url = f"/evidence/{CV.objects.get().file.pk}/cv.pdf"
    for user, status in [
        (oco_secretariat, 200),
        (secretariat_officer, 200),
        (other_viewer, 404),
        (other_focal_point, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_a_link_is_sent_to_the_expert_s_address(client, pool, secretariat_officer, mailoutbox):
    client.force_login(secretariat_officer)
    response = client.post("/experts/EXP-A/", {"action": "link"}, follow=True)
    update = ProfileUpdate.objects.get()
    assert mailoutbox[0].to == ["aiko@example.org"]
    assert f"/x/{update.key}" in mailoutbox[0].body
    assert "Link sent to aiko@example.org" in response.content.decode()


def test_a_refused_mail_server_is_reported_and_the_link_stays(
    client, pool, secretariat_officer, monkeypatch
):
    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("stratmon.desk.experts.send_mail", refuse)
    client.force_login(secretariat_officer)
    body = client.post("/experts/EXP-A/", {"action": "link"}, follow=True).content.decode()
    assert "the mail server refused the message" in body
    update = ProfileUpdate.objects.get()
    assert update.status == "sent" and f"/x/{update.key}" in body


def test_an_expert_without_email_gets_a_link_to_copy(client, pool, secretariat_officer):
    client.force_login(secretariat_officer)
    body = client.post("/experts/EXP-B/", {"action": "link"}, follow=True).content.decode()
    assert "copy it to the expert" in body and "/x/" in body


def test_an_unknown_action_or_expert(client, pool, secretariat_officer):
    client.force_login(secretariat_officer)
    assert client.post("/experts/EXP-A/", {"action": "x"}).status_code == 400
    assert client.get("/experts/EXP-NONE/").status_code == 404
