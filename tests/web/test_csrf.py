"""Every page refuses a POST that carries no CSRF token: a form on another site cannot act."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# A value for each kind of path parameter; the page need not exist, the refusal comes first.
SAMPLE = {"int": "1", "slug": "x", "str": "x", "path": "x"}
PARAMETER = re.compile(r"<(?:(\w+):)?\w+>")


def pages(patterns, prefix=""):
    """A path for every page of our URL configuration (the admin's apart, as Django's own)."""
    for p in patterns:
        route = prefix + str(p.pattern)
        if route.startswith(("admin/", "static/")):
            continue
        if isinstance(p, URLResolver):
            yield from pages(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield "/" + PARAMETER.sub(lambda m: SAMPLE.get(m.group(1) or "str", "x"), route)


ALL = [*sorted(set(pages(get_resolver().url_patterns))), "/admin/login/", "/admin/logout/"]


def test_the_walk_finds_the_pages():
    assert {"/sign-in/", "/users/invite/", "/plans/x/confirm/", "/evidence/1/x"} <= set(ALL)
    assert set(ALL) >= SIGNED_LINKS


# The API's schema and docs only read (and take no session): a POST is not allowed at all.
API_READ_ONLY = {"/api/schema/", "/api/docs/"}
# The survey response page and an expert's profile update link take no session: the signed
# link is the only right, so they are CSRF-exempt (docs/surveys.md, docs/desk.md); a POST on
# a made-up link is that link's refusal, 404.
SIGNED_LINKS = {"/s/x/", "/x/x/"}


@pytest.mark.parametrize("path", ALL)
@pytest.mark.parametrize("who", ["anonymous", "superuser"])
def test_a_post_without_a_csrf_token_is_refused(path, who, superuser):
    client = Client(enforce_csrf_checks=True)
    if who == "superuser":
        client.force_login(superuser)
    response = client.post(path, {"username": "admin", "password": "x"})
    if path in API_READ_ONLY:
        assert response.status_code == 405, path
        return
    if path in SIGNED_LINKS:
        assert response.status_code == 404, path
        return
    if path.startswith("/api/") and who == "anonymous":
        # No session to ride on: the API asks for a token (a token is no cookie, so a form
        # on another site cannot send one).
        assert response.status_code == 401, path
        return
    assert response.status_code == 403, path
    assert b"CSRF" in response.content
