"""How an API request says who it is (`Authorization: Token <token>`, or the session of a
signed-in page for the browsable docs), what a token may do, and how often."""

from __future__ import annotations

from typing import Any

from rest_framework import authentication, exceptions, permissions, throttling
from rest_framework.request import Request

from stratmon.accounts import access

from . import tokens

KEYWORD = "Token"


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token smt_…` (CONTRACT.md). A bad token is refused outright rather
    than treated as anonymous, so a script learns at once that its token stopped working."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Write the header as `Authorization: Token <token>`, with one token."
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The token has characters none has.") from None
        token = tokens.find_token(key)
        if token is None:
            raise exceptions.AuthenticationFailed(
                "This token is unknown, revoked or expired, or its user is deactivated."
            )
        tokens.touch(token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class SessionAuthentication(authentication.SessionAuthentication):
    """The signed-in page's session (for the docs' "Try it out"), with Django's CSRF check on
    writes as the pages have."""


class FollowsRoles(permissions.BasePermission):
    """A signed-in user with a role (the access module decides the rest, per endpoint), and a
    read-only token only reads."""

    message = "Your token is read-only: it may read, not change anything."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not access.can_use_api(request.user):
            self.message = "Your user has no role in StratMon: it may not use the API."
            return False
        if not access.token_allows(request.auth, request.method or "GET"):
            self.message = "Your token is read-only: it may read, not change anything."
            return False
        return True


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """At most settings' `token` rate of requests per token (per user on a session).

    Counted in Django's cache, which is per server process: with several workers the limit is
    per worker (docs/api.md)."""

    scope = "token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        token = request.auth
        if token is not None and hasattr(token, "pk"):
            ident = f"token-{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"addr-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
