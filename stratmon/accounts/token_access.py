"""API tokens: who makes and revokes them, and what a token may do; who reads submissions.
Part of the access rules: callers ask `stratmon.accounts.access`."""

from __future__ import annotations

from typing import Any

from .access import can_manage_user, can_review, is_superuser, reporting_member, role_of


def can_use_api(user: Any) -> bool:
    """Whether the user may hold API tokens: an active user with a role (the API then follows
    the same rules as the pages), or a superuser."""
    return bool(getattr(user, "is_active", False)) and (
        is_superuser(user) or role_of(user) is not None
    )


def can_manage_tokens(user: Any, owner: Any) -> bool:
    """Whether `user` makes and revokes `owner`'s tokens: its own, always; another's, as one
    who manages that user (a Secretariat admin revoking a departed officer's token)."""
    if not can_use_api(user):
        return False
    return user.pk == owner.pk or can_manage_user(user, owner)


def token_allows(token: Any, method: str) -> bool:
    """Whether a request with this token may use this HTTP method: a read-only token reads."""
    return token is None or not token.read_only or method in ("GET", "HEAD", "OPTIONS")


def reads_submissions(user: Any) -> bool:
    """Whether the user has submissions to read at all: focal points (their Member's) and the
    Secretariat; a viewer reads figures, not proposals."""
    return reporting_member(user) is not None or can_review(user)
