"""Make, find and revoke personal API tokens: the one service behind the token page, the
`stratmon users token` command and the API's authentication."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from stratmon.accounts import access
from stratmon.history.recording import record_change

from .models import ApiToken

# Every token starts so, which lets secret scanners and people tell what it is.
PREFIX = "smt_"
SHOWN = 12  # characters kept in clear, to tell tokens apart in lists
MAX_DAYS = 3660
# A token's last use is written at most this often: not every request becomes a write.
TOUCH_EVERY = datetime.timedelta(minutes=5)


class TokenError(Exception):
    """Input that cannot make a token; the message says what to correct."""


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic
def create_token(
    owner: Any,
    *,
    name: str = "",
    read_only: bool = False,
    days: int | None = None,
    by: Any = None,
    via: str,
) -> tuple[ApiToken, str]:
    """A new token for `owner`, and the token itself (shown once: only its digest is kept).

    `days` None: it never expires. `by` None is the operator at the server's command line.
    """
    if by is not None and not access.can_manage_tokens(by, owner):
        raise PermissionDenied("You may not make tokens for this user.")
    if not access.can_use_api(owner):
        raise TokenError(
            f"{owner.get_username()} has no role (or is deactivated): give it a role first"
        )
    name = name.strip() or "API token"
    if len(name) > 100:
        raise TokenError("a token's name has at most 100 characters")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise TokenError(f"a token lasts from 1 to {MAX_DAYS} days (or leave it blank: never)")
    key = PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=owner,
        name=name,
        digest=digest_of(key),
        prefix=key[:SHOWN],
        read_only=read_only,
        created_at=now,
        expires_at=now + datetime.timedelta(days=days) if days else None,
    )
    _record(token, by, via, "created", {"name": name, "read_only": read_only, **_expiry(token)})
    return token, key


@transaction.atomic
def revoke_token(token: ApiToken, *, by: Any = None, via: str) -> bool:
    """Stop the token from working at once; False when it was already revoked."""
    if by is not None and not access.can_manage_tokens(by, token.user):
        raise PermissionDenied("You may not revoke this token.")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return False
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    _record(token, by, via, "updated", {"revoked": [False, True]})
    return True


def find_token(key: str) -> ApiToken | None:
    """The live token `key` names, with its user and role, or None (unknown, revoked, expired,
    or its user deactivated)."""
    if not key.startswith(PREFIX) or len(key) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user__role__organisation", "user__role__member")
        .filter(digest=digest_of(key))
        .first()
    )
    if token is None or not token.is_live() or not token.user.is_active:
        return None
    return token


def touch(token: ApiToken) -> None:
    """Note that the token was used now (at most every TOUCH_EVERY, to spare writes)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def tokens_of(owner: Any) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=owner))


def _expiry(token: ApiToken) -> dict[str, Any]:
    return {"expires_at": token.expires_at.isoformat() if token.expires_at else None}


def _record(token: ApiToken, by: Any, via: str, verb: str, details: dict[str, Any]) -> None:
    role = access.role_of(token.user)
    record_change(
        user=by,
        via=via,
        model=ApiToken,
        verb=verb,
        refs=[f"{token.prefix}…"],
        details={f"{token.prefix}…": {"user": token.user.get_username(), **details}},
        organisation=role.organisation if role else None,
        members=[role.member] if role and role.member else [],
    )
