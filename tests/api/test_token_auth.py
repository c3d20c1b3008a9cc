"""`Authorization: Token <token>` on the API: who gets in, what a read-only token may do, the
rate limit, and how often a token's last use is written."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from stratmon.accounts.models import Role
from stratmon.api.auth import TokenRateThrottle
from stratmon.api.models import ApiToken
from stratmon.api.problems import CONTENT_TYPE
from stratmon.api.tokens import create_token, revoke_token

pytestmark = pytest.mark.django_db
PLANS = "/api/v1/plans/"


def call(key=None, method="get", path=PLANS, header=None, **data):
    client = APIClient()
    auth = header if header is not None else (f"Token {key}" if key else None)
    extra = {"HTTP_AUTHORIZATION": auth} if auth is not None else {}
    return getattr(client, method)(path, data or None, format="json", **extra)


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == CONTENT_TYPE
    problem = response.json()
    assert (problem["status"], problem["type"]) == (status, "about:blank")
    assert problem["title"] and problem["detail"]
    return problem


def assert_refused(response):
    problem = assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Token"
    return problem


def test_a_valid_token_reads_the_plans_its_user_may(builtin, viewer):
    _, key = create_token(viewer, via="test")
    response = call(key)
    assert response.status_code == 200
    assert [p["code"] for p in response.json()["results"]] == ["rocb-ap-sap-2022-2024"]
    # the keyword in any case, as HTTP's schemes are
    assert call(header=f"token {key}").status_code == 200


def test_no_token_is_refused_with_the_scheme_to_use(reference):
    problem = assert_refused(call())
    assert "credentials were not provided" in problem["detail"]


@pytest.mark.parametrize(
    "header",
    [
        "Token smt_unknown-token",
        "Token not-even-ours",
        "Token",
        "Token smt_a smt_b",
        "Token " + "smt_" + "x" * 200,
    ],
)
def test_an_unknown_or_malformed_token_is_refused(viewer, header):
    assert_refused(call(header=header))


def test_a_bearer_header_is_ignored(viewer):
    """Only the `Token` scheme is read: a Bearer header, even with a good token, is none."""
    _, key = create_token(viewer, via="test")
    problem = assert_refused(call(header=f"Bearer {key}"))
    assert "credentials were not provided" in problem["detail"]


def test_a_revoked_token_is_refused(viewer):
    token, key = create_token(viewer, via="test")
    assert call(key).status_code == 200
    revoke_token(token, via="test")
    problem = assert_refused(call(key))
    assert "unknown, revoked or expired" in problem["detail"]


def test_an_expired_token_is_refused(viewer):
    token, key = create_token(viewer, days=1, via="test")
    assert call(key).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert_refused(call(key))


def test_a_deactivated_user_s_token_is_refused(viewer):
    _, key = create_token(viewer, via="test")
    viewer.is_active = False
    viewer.save(update_fields=["is_active"])
    assert_refused(call(key))


def test_a_user_whose_role_was_removed_gets_403(viewer):
    _, key = create_token(viewer, via="test")
    Role.objects.filter(user=viewer).delete()
    problem = assert_problem(call(key), 403)
    assert problem["detail"] == "Your user has no role in StratMon: it may not use the API."


def test_a_superuser_without_a_role_may_use_the_api(builtin, superuser):
    _, key = create_token(superuser, via="test")
    assert len(call(key).json()["results"]) == 2


def test_a_read_only_token_reads_but_may_not_write(builtin, secretariat_admin):
    _, reader = create_token(secretariat_admin, read_only=True, via="test")
    _, writer = create_token(secretariat_admin, via="test")
    assert call(reader).status_code == 200
    assert call(reader, method="head").status_code == 200
    # Refused for being read-only before the method is looked at (405 for a full token).
    for method in ("post", "put", "patch", "delete"):
        problem = assert_problem(call(reader, method=method, code="x"), 403)
        assert problem["detail"] == "Your token is read-only: it may read, not change anything."
    assert_problem(call(writer, method="post", code="x"), 405)


@pytest.fixture
def low_rate(settings, monkeypatch):
    """Three requests a minute per token. DRF reads its settings again when they change, but
    the throttle keeps the rates it read at import as a class attribute: set that too."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/min"},
    }
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", api_settings.DEFAULT_THROTTLE_RATES)
    assert TokenRateThrottle().get_rate() == "3/min"


def test_past_the_rate_a_token_gets_429_with_retry_after(low_rate, viewer):
    _, key = create_token(viewer, via="test")
    _, other_key = create_token(viewer, via="test")
    assert [call(key).status_code for _ in range(3)] == [200, 200, 200]
    response = call(key)
    problem = assert_problem(response, 429)
    assert "throttled" in problem["detail"].lower()
    assert 0 < int(response["Retry-After"]) <= 60
    # counted per token: the user's other token still works
    assert call(other_key).status_code == 200


def test_the_last_use_is_written_at_most_every_five_minutes(viewer):
    token, key = create_token(viewer, via="test")
    assert token.last_used_at is None
    call(key)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None and timezone.now() - first < datetime.timedelta(seconds=30)

    def last_use_after_a_call(minutes_ago):
        earlier = timezone.now() - datetime.timedelta(minutes=minutes_ago)
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
        assert call(key).status_code == 200
        return earlier, ApiToken.objects.get(pk=token.pk).last_used_at

    earlier, now = last_use_after_a_call(4)
    assert now == earlier  # used 4 minutes ago: not written again
    earlier, now = last_use_after_a_call(6)
    assert now > earlier + datetime.timedelta(minutes=5)


def test_a_call_within_five_minutes_writes_nothing(builtin, viewer, django_assert_num_queries):
    """The token with its user and role in one query, the plans' count and page; no UPDATE."""
    _, key = create_token(viewer, via="test")
    call(key)
    with django_assert_num_queries(3) as captured:
        assert call(key).status_code == 200
    assert not any(q["sql"].startswith("UPDATE") for q in captured.captured_queries)
    ApiToken.objects.update(last_used_at=None)
    with django_assert_num_queries(4) as captured:  # never used yet: written
        assert call(key).status_code == 200
    assert captured.captured_queries[1]["sql"].startswith("UPDATE")
