"""Every change to users goes through one service that checks who makes it and records it."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import PermissionDenied

from stratmon.accounts import services
from stratmon.accounts.models import Role
from stratmon.history.models import Change

pytestmark = pytest.mark.django_db


def test_a_user_added_from_the_cli_is_recorded_with_its_role(reference):
    spec = services.role_spec("focal_point", member="fji")
    user, generated = services.add_user("fp", spec, email="FP@Example.org", via="cli")
    assert generated and user.check_password(generated)
    assert user.role.member.iso3 == "FJI" and user.email == "fp@example.org"
    change = Change.objects.get(model="user")
    assert (change.via, change.verb, change.refs, change.user) == ("cli", "created", ["fp"], None)
    assert change.details == {
        "fp": {"email": "fp@example.org", "role": "focal_point", "member": "FJI", "is_active": True}
    }


def test_an_invitation_mails_a_link_that_works_once(
    client, reference, secretariat_admin, django_capture_on_commit_callbacks
):
    spec = services.role_spec("viewer", org="rocb-ap")
    with django_capture_on_commit_callbacks(execute=True):
        user = services.invite_user(
            "New.Viewer@example.org",
            spec,
            by=secretariat_admin,
            via="web",
            site_url="http://testserver/",
        )
    assert user.username == "new.viewer@example.org" and not user.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["new.viewer@example.org"]
    link = message.body.split("(the link works once): ")[1].split()[0]
    assert link.startswith("http://testserver/password/set/")
    path = link.removeprefix("http://testserver")
    page = client.get(path, follow=True)
    assert page.status_code == 200 and 'id="password-set"' in page.content.decode()
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a-long-pass-phrase-2", "new_password2": "a-long-pass-phrase-2"},
        follow=True,
    )
    assert "Your password is set. Sign in with it." in done.content.decode()
    assert (
        client.post(
            "/sign-in/", {"username": "new.viewer@example.org", "password": "a-long-pass-phrase-2"}
        ).status_code
        == 302
    )
    client.logout()
    again = client.get(path, follow=True).content.decode()
    assert 'id="link-invalid"' in again
    change = Change.objects.get(model="user")
    assert change.user == secretariat_admin and change.details[user.username]["invited"] is True


def test_an_admin_gives_roles_only_within_its_organisation(reference, secretariat_admin):
    own = services.role_spec("secretariat_officer", org="rocb-ap")
    other = services.role_spec("secretariat_officer", org="oco")
    cook_islands = services.role_spec("focal_point", member="COK")  # OCO only
    services.add_user("ok", own, by=secretariat_admin, via="web", password="a-long-pass-phrase-3")
    for spec in (other, cook_islands):
        with pytest.raises(PermissionDenied):
            services.add_user("no", spec, by=secretariat_admin, via="web")
    assert not User.objects.filter(username="no").exists()


def test_a_role_change_and_a_deactivation_are_recorded_old_to_new(
    reference, secretariat_admin, viewer
):
    spec = services.role_spec("secretariat_officer", org="rocb-ap")
    assert services.change_role(viewer, spec, by=secretariat_admin, via="web")
    assert not services.change_role(viewer, spec, by=secretariat_admin, via="web")
    assert services.deactivate_user(viewer, by=secretariat_admin, via="web")
    assert not services.deactivate_user(viewer, by=secretariat_admin, via="web")
    viewer.refresh_from_db()
    assert not viewer.is_active and Role.objects.get(user=viewer).kind == "secretariat_officer"
    lines = [c.lines() for c in Change.objects.filter(model="user").order_by("pk")]
    assert lines == [
        ["viewer-rocb — role: viewer → secretariat_officer"],
        ["viewer-rocb — is_active: yes → no"],
    ]


def test_an_admin_cannot_change_itself_or_users_of_other_organisations(
    reference, secretariat_admin, other_viewer, other_focal_point
):
    spec = services.role_spec("viewer", org="rocb-ap")
    for user in (secretariat_admin, other_viewer, other_focal_point):
        with pytest.raises(PermissionDenied):
            services.change_role(user, spec, by=secretariat_admin, via="web")
        with pytest.raises(PermissionDenied):
            services.deactivate_user(user, by=secretariat_admin, via="web")
