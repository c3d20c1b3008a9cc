"""The users page: a Secretariat admin lists, invites, re-roles and deactivates its users."""

import pytest
from django.contrib.auth.models import User
from django.core import mail

from stratmon.history.models import Change

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, secretariat_admin):
    client.force_login(secretariat_admin)
    return client


def test_an_admin_sees_its_organisations_users_and_its_members_focal_points(
    admin_client,
    secretariat_officer,
    viewer,
    focal_point,
    other_focal_point,
    other_viewer,
    django_assert_num_queries,
):
    # session and user; the users with their roles; organisations and Members to choose from
    # + 1: the navigation's count of submissions waiting (or to act on)
    with django_assert_num_queries(2 + 3 + 1):
        response = admin_client.get("/users/")
    html = response.content.decode()
    rows = html.split("<tbody>")[1].split("</tbody>")[0]
    for username in ("sec-officer", "viewer-rocb", "fp-fiji"):
        assert f'id="user-{username}"' in rows
    assert "fp-cook-islands" not in html and "viewer-oco" not in html
    row = rows.split('id="user-fp-fiji"')[1].split("</tr>")[0]
    assert "Member focal point of Fiji" in row and "never" in row
    assert 'id="user-sec-admin"' in rows  # itself, without the buttons
    own = rows.split('id="user-sec-admin"')[1].split("</tr>")[0]
    assert "Deactivate" not in own


def test_the_query_count_does_not_grow_with_the_users(
    admin_client, reference, django_assert_num_queries
):
    from tests.conftest import make_user

    for n in range(20):
        make_user(f"viewer-{n}", "viewer", org="rocb-ap")
    # + 1: the navigation's count of submissions waiting (or to act on)
    with django_assert_num_queries(2 + 3 + 1):
        admin_client.get("/users/")


def test_an_invitation_from_the_page_sends_a_one_time_link(
    admin_client, reference, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/users/invite/",
            {"email": "ana@example.org", "role": "focal_point", "scope": "member:FJI"},
            follow=True,
        )
    assert "Invited ana@example.org" in response.content.decode()
    assert mail.outbox[0].to == ["ana@example.org"]
    assert "/password/set/" in mail.outbox[0].body
    user = User.objects.get(username="ana@example.org")
    assert str(user.role) == "Member focal point of Fiji" and not user.has_usable_password()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "x@example.org", "role": "viewer", "scope": "org:oco"}, "You may not"),
        ({"email": "x@example.org", "role": "viewer", "scope": "member:FJI"}, "belongs to an"),
        ({"email": "not-an-address", "role": "viewer", "scope": "org:rocb-ap"}, "not an e-mail"),
        ({"email": "", "role": "viewer", "scope": "org:rocb-ap"}, "give the e-mail address"),
    ],
)
def test_a_bad_invitation_says_why_and_creates_nobody(admin_client, reference, data, message):
    response = admin_client.post("/users/invite/", data)
    assert response.status_code in (400, 403)
    if response.status_code == 400:
        assert message in response.content.decode()
    assert not User.objects.filter(username="x@example.org").exists()
    assert not mail.outbox


def test_an_admin_changes_a_role_and_deactivates_a_user(admin_client, viewer):
    response = admin_client.post(
        f"/users/{viewer.pk}/role/",
        {"role": "secretariat_officer", "scope": "org:rocb-ap"},
        follow=True,
    )
    assert "viewer-rocb is now Secretariat officer of ROCB A/P." in response.content.decode()
    response = admin_client.post(f"/users/{viewer.pk}/deactivate/", follow=True)
    assert "viewer-rocb can no longer sign in." in response.content.decode()
    viewer.refresh_from_db()
    assert not viewer.is_active and viewer.role.kind == "secretariat_officer"
    assert [(c.via, c.verb) for c in Change.objects.filter(model="user")] == [
        ("web", "updated"),
        ("web", "updated"),
    ]


def test_an_admin_cannot_deactivate_itself(admin_client, secretariat_admin):
    assert admin_client.post(f"/users/{secretariat_admin.pk}/deactivate/").status_code == 403
    secretariat_admin.refresh_from_db()
    assert secretariat_admin.is_active
