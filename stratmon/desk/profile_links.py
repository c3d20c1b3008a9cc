"""Profile update links: a random key, signed (as survey links are, stratmon.surveys.links), so
that a forged or altered link is refused before the database is asked; each takes one
submission and expires LINK_DAYS days after it is made."""

from __future__ import annotations

import secrets

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .models import ProfileUpdate

SALT = "stratmon.desk.profile-link"

INVALID = "This link is not valid. Check that it was copied whole, or ask the sender for a new one."
EXPIRED = "This link has expired. Ask the Secretariat for a new one."
USED = "This link has already been used. Each link takes one update; ask for a new one."


class LinkError(Exception):
    """Why a link cannot take an update; `reason` is shown to the expert as it is."""

    def __init__(self, reason: str, status: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def new_key() -> str:
    """A fresh secret: 18 random bytes, 24 URL-safe characters."""
    return secrets.token_urlsafe(18)


def token_of(key: str) -> str:
    return signing.Signer(salt=SALT).sign(key)


def url_of(update: ProfileUpdate) -> str:
    """The path of `update`'s link, /x/<token>/; pages add the site's address."""
    return reverse("desk-profile-update", args=[token_of(update.key)])


def find(token: str) -> ProfileUpdate:
    """The open update a link stands for; LinkError 404 when forged or unknown, 410 when used
    or expired. The reasons name nobody."""
    try:
        key = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        raise LinkError(INVALID, 404) from None
    found = ProfileUpdate.objects.select_related("expert", "created_by").filter(key=key).first()
    if found is None:
        raise LinkError(INVALID, 404)
    if found.status != ProfileUpdate.Status.SENT:
        raise LinkError(USED, 410)
    if timezone.now() >= found.expires:
        raise LinkError(EXPIRED, 410)
    return found


def is_open(update: ProfileUpdate) -> bool:
    """Whether the link still takes its update (sent, not expired)."""
    return update.status == ProfileUpdate.Status.SENT and timezone.now() < update.expires
