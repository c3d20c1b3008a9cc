"""Sign-in on every page: StratMon's own form, sign-out, a lock-out after repeated failures."""

from datetime import timedelta

import pytest

from tests.conftest import PASSWORD
from tests.web.costs import HOME, SIGNED_IN, glance

pytestmark = pytest.mark.django_db


def sign_in(client, username, password=PASSWORD, address="10.0.0.1", next_page="/"):
    return client.post(
        "/sign-in/",
        {"username": username, "password": password, "next": next_page},
        REMOTE_ADDR=address,
    )


def test_a_visitor_of_any_page_is_sent_to_the_sign_in_form_and_sees_no_data(client, builtin):
    response = client.get("/plans/rocb-ap-sap-2022-2024/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/plans/rocb-ap-sap-2022-2024/"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="username"' in html and 'name="password"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Strategic" not in html and "Sign out" not in html


def test_signing_in_leads_to_the_page_asked_for_and_signing_out_ends_it(
    client, builtin, viewer, django_assert_num_queries
):
    response = sign_in(client, "viewer-rocb", next_page="/plans/rocb-ap-sap-2022-2024/")
    assert response.status_code == 302
    assert response["Location"] == "/plans/rocb-ap-sap-2022-2024/"
    # session and user with its role; the home of its organisation (tests/web/test_home.py)
    with django_assert_num_queries(SIGNED_IN + HOME + glance("rocb-ap-sap-2022-2024")):
        assert "ROCB A/P Strategic Action Plan" in client.get("/").content.decode()
    assert client.post("/sign-out/")["Location"] == "/sign-in/"
    assert client.get("/").status_code == 302


def test_a_wrong_password_or_a_deactivated_user_is_refused(client, builtin, viewer):
    response = sign_in(client, "viewer-rocb", "wrong")
    assert response.status_code == 200
    assert 'id="sign-in-error"' in response.content.decode()
    viewer.is_active = False
    viewer.save(update_fields=["is_active"])
    assert sign_in(client, "viewer-rocb").status_code == 200
    assert client.get("/").status_code == 302


def test_five_failures_lock_that_user_name_out_from_that_address(client, builtin, viewer):
    for _ in range(4):
        assert sign_in(client, "viewer-rocb", "guess").status_code == 200
    # the fifth failure locks out: the sign-in page, with the reason, and no data
    locked = sign_in(client, "viewer-rocb", "guess")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert 'id="sign-in-locked"' in html and "Try again in 15 minutes." in html
    assert 'name="username"' in html and "Strategic" not in html
    # then even the right password is refused from there
    assert sign_in(client, "viewer-rocb").status_code == 429
    assert client.get("/").status_code == 302
    # but the user still signs in from its own office, and others from the first address
    assert sign_in(client, "viewer-rocb", address="10.0.0.2").status_code == 302


def test_a_lock_out_holds_for_another_user_name_only_from_elsewhere(
    client, builtin, viewer, focal_point
):
    for _ in range(5):
        sign_in(client, "viewer-rocb", "guess")
    assert sign_in(client, "fp-fiji").status_code == 302


def test_the_lock_out_is_kept_in_the_database_and_ends_after_the_pause(client, builtin, viewer):
    from axes.models import AccessAttempt

    for _ in range(5):
        sign_in(client, "viewer-rocb", "guess")
    attempt = AccessAttempt.objects.get(username="viewer-rocb", ip_address="10.0.0.1")
    assert attempt.failures_since_start == 5
    # sixteen minutes later (the pause is 15 minutes), the right password works again
    AccessAttempt.objects.update(attempt_time=attempt.attempt_time - timedelta(minutes=16))
    assert sign_in(client, "viewer-rocb").status_code == 302


def test_a_success_clears_the_count_of_failures(client, builtin, viewer):
    for _ in range(4):
        sign_in(client, "viewer-rocb", "guess")
    assert sign_in(client, "viewer-rocb").status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, "viewer-rocb", "guess")
    assert sign_in(client, "viewer-rocb").status_code == 302


def test_the_admin_sign_in_is_locked_out_too(client, superuser):
    def admin_sign_in(password):
        return client.post(
            "/admin/login/?next=/admin/",
            {"username": "admin", "password": password, "next": "/admin/"},
            REMOTE_ADDR="10.0.0.9",
        )

    for _ in range(4):
        assert admin_sign_in("guess").status_code == 200
    assert admin_sign_in("guess").status_code == 429
    locked = admin_sign_in(PASSWORD)
    assert locked.status_code == 429 and 'id="sign-in-locked"' in locked.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_sign_in_page_needs_no_query_and_refusals_keep_the_sites_look(
    client, builtin, focal_point, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert client.get("/sign-in/").status_code == 200
    client.force_login(focal_point)
    refused = client.get("/plans/import/")
    assert refused.status_code == 403
    assert 'id="forbidden"' in refused.content.decode()
    assert "Only the Secretariat imports plans." in refused.content.decode()
    missing = client.get("/plans/nope/")
    assert missing.status_code == 404 and 'id="not-found"' in missing.content.decode()


@pytest.mark.parametrize(
    "password, said",
    [
        ("short1", "This password is too short. It must contain at least 8 characters."),
        ("password123", "This password is too common."),
        ("8461937520", "This password is entirely numeric."),
    ],
)
def test_the_password_set_page_applies_the_password_rules(client, builtin, viewer, password, said):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(viewer.pk))
    token = default_token_generator.make_token(viewer)
    page = client.get(f"/password/set/{uid}/{token}/", follow=True)
    form_url = page.redirect_chain[-1][0]
    refused = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert refused.status_code == 200
    assert said in refused.content.decode()
    viewer.refresh_from_db()
    assert viewer.check_password(PASSWORD)
