"""The API tokens page (/account/tokens/): a user makes a token and sees it once, lists its own
tokens only, and revokes one, which the API then refuses at once.

Every count includes the two queries of a signed-in request (costs.SIGNED_IN)."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from rest_framework.test import APIClient

from stratmon.api.models import ApiToken
from stratmon.api.tokens import create_token, find_token
from stratmon.history.models import Change
from tests.web.costs import API_TOKENS, NAV_COUNT, SIGNED_IN

pytestmark = pytest.mark.django_db
PAGE = "/account/tokens/"
KEY = re.compile(r'<code class="secret" id="new-token-key">(smt_[\w-]+)</code>')


def shown_key(response):
    found = KEY.search(response.content.decode())
    return found.group(1) if found else None


def api_status(key):
    return APIClient().get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Token {key}").status_code


def test_a_new_token_is_shown_once_and_works(client, viewer):
    client.force_login(viewer)
    response = client.post(PAGE, {"name": "quarterly export", "expires": "90", "read_only": "on"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = shown_key(response)
    assert key is not None and "Copy it now" in response.content.decode()
    token = find_token(key)
    assert (token.user, token.name, token.read_only) == (viewer, "quarterly export", True)
    assert token.expires_at - timezone.now() > datetime.timedelta(days=89, hours=23)
    assert api_status(key) == 200

    again = client.get(PAGE)
    body = again.content.decode()
    assert shown_key(again) is None and key not in body
    assert f"{token.prefix}…" in body and "quarterly export" in body
    # Only the digest and the first characters are stored, and the history names no more.
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.digest, stored.prefix) and len(stored.prefix) < len(key) // 2
    change = Change.objects.get(refs=[f"{token.prefix}…"])
    assert (change.via, change.user) == ("web", viewer) and key not in str(change.details)


def test_the_expiry_choices_and_a_read_write_token(client, focal_point):
    client.force_login(focal_point)
    client.post(PAGE, {"name": "", "expires": "never"})
    client.post(PAGE, {"name": "yearly", "expires": "365"})
    never, yearly = ApiToken.objects.filter(user=focal_point).order_by("pk")
    assert (never.name, never.expires_at, never.read_only) == ("API token", None, False)
    assert datetime.timedelta(days=364) < yearly.expires_at - timezone.now()
    assert yearly.expires_at - timezone.now() <= datetime.timedelta(days=365)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "x"}, "This field is required."),
        ({"name": "x", "expires": "7"}, "Select a valid choice."),
        ({"name": "x" * 101, "expires": "30"}, "at most 100 characters"),
    ],
)
def test_bad_input_comes_back_with_its_reason_and_makes_nothing(client, viewer, data, message):
    client.force_login(viewer)
    response = client.post(PAGE, data)
    assert response.status_code == 400
    assert message in response.content.decode() and shown_key(response) is None
    assert not ApiToken.objects.exists()


def test_the_list_shows_only_one_s_own_tokens_with_their_state(client, viewer, other_viewer):
    mine, _ = create_token(viewer, name="mine-live", via="test")
    old, _ = create_token(viewer, name="mine-expired", days=1, via="test")
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    create_token(other_viewer, name="someone-else's", via="test")
    client.force_login(viewer)
    body = client.get(PAGE).content.decode()
    assert "mine-live" in body and "mine-expired" in body
    assert "someone-else" not in body
    assert re.search(rf'id="token-{mine.pk}".*?badge-token-active">active<', body, re.S)
    assert re.search(rf'id="token-{old.pk}".*?badge-token-expired">expired<', body, re.S)
    # An expired token has nothing to revoke.
    assert f"/account/tokens/{old.pk}/revoke/" not in body
    assert f"/account/tokens/{mine.pk}/revoke/" in body


def test_revoking_stops_the_token_at_once(client, secretariat_officer):
    token, key = create_token(secretariat_officer, name="script", via="test")
    assert api_status(key) == 200
    client.force_login(secretariat_officer)
    response = client.post(f"/account/tokens/{token.pk}/revoke/", follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    body = response.content.decode()
    assert f"The token {token.prefix}… (script) is revoked." in body
    assert re.search(rf'id="token-{token.pk}".*?badge-token-revoked">revoked<', body, re.S)
    assert api_status(key) == 401
    again = client.post(f"/account/tokens/{token.pk}/revoke/", follow=True)
    assert "was already revoked" in again.content.decode()
    change = Change.objects.filter(refs=[f"{token.prefix}…"]).latest("pk")
    assert (change.verb, change.via, change.user) == ("updated", "web", secretariat_officer)


def test_another_user_s_token_cannot_be_revoked_here(client, secretariat_admin, viewer):
    """Even by the admin who manages that user: the page is for one's own tokens."""
    token, key = create_token(viewer, via="test")
    client.force_login(secretariat_admin)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert find_token(key) is not None


def test_a_user_without_a_role_gets_403_and_no_link(client, reference):
    nobody = User.objects.create_user("no-role", password="x-long-pass-phrase-2")
    client.force_login(nobody)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"name": "x", "expires": "30"}).status_code == 403
    assert not ApiToken.objects.exists()
    assert 'id="nav-tokens"' not in client.get("/").content.decode()


@pytest.mark.parametrize("role", ["superuser", "viewer", "focal_point"])
def test_the_navigation_links_the_page(client, reference, role, request):
    client.force_login(request.getfixturevalue(role))
    assert 'href="/account/tokens/" id="nav-tokens"' in client.get("/").content.decode()


@pytest.mark.parametrize("count", [0, 6])
def test_the_page_costs_the_same_whatever_the_tokens(
    client, secretariat_admin, viewer, django_assert_num_queries, count
):
    for user in (secretariat_admin, viewer):
        for i in range(count):
            create_token(user, name=f"t{i}", via="test")
    # the Secretariat's navigation counts its review inbox
    for user, nav in ((secretariat_admin, NAV_COUNT), (viewer, 0)):
        client.force_login(user)
        with django_assert_num_queries(SIGNED_IN + nav + API_TOKENS):
            response = client.get(PAGE)
        assert response.content.decode().count('<tr id="token-') == count


def test_the_admin_shows_tokens_but_writes_none(admin_client, viewer):
    token, key = create_token(viewer, name="shown", via="test")
    listing = admin_client.get("/admin/api/apitoken/")
    assert listing.status_code == 200 and "shown" in listing.content.decode()
    page = admin_client.get(f"/admin/api/apitoken/{token.pk}/change/")
    assert page.status_code == 200 and token.digest not in page.content.decode()
    assert admin_client.get("/admin/api/apitoken/add/").status_code == 403
    response = admin_client.post(f"/admin/api/apitoken/{token.pk}/change/", {"name": "x"})
    assert response.status_code == 403
    assert (
        admin_client.post(f"/admin/api/apitoken/{token.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert find_token(key).name == "shown"
