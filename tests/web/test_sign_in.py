"""Sign-in on every page: StratMon's own form, sign-out, a pause after repeated failures."""

import pytest

from tests.conftest import PASSWORD

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
    # session and user with its role; the plans
    with django_assert_num_queries(3):
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


def test_repeated_failures_pause_that_user_name_from_that_address(client, builtin, viewer):
    for _ in range(5):
        assert sign_in(client, "viewer-rocb", "guess").status_code == 200
    # then even the right password is refused from there, with a reason
    refused = sign_in(client, "viewer-rocb").content.decode()
    assert "Too many failed sign-ins for this user name" in refused
    assert client.get("/").status_code == 302
    # but the user still signs in from its own office
    assert sign_in(client, "viewer-rocb", address="10.0.0.2").status_code == 302


def test_a_success_clears_the_count_of_failures(client, builtin, viewer):
    for _ in range(4):
        sign_in(client, "viewer-rocb", "guess")
    assert sign_in(client, "viewer-rocb").status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, "viewer-rocb", "guess")
    assert sign_in(client, "viewer-rocb").status_code == 302


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
