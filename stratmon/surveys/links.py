"""Survey links: a random key, signed, so that a forged or altered link is refused before the
database is asked, and a guessed one is as unlikely as guessing 144 random bits."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core import signing
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .models import Invitation, Response, Survey

SALT = "stratmon.surveys.link"


class LinkError(Exception):
    """Why a link cannot take a response; `reason` is shown to the respondent as it is."""

    def __init__(self, reason: str, status: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


INVALID = "This link is not valid. Check that it was copied whole, or ask the sender for a new one."


EXPIRED = "This survey has closed: the link has expired. Thank you all the same."
USED = "This link has already been used to answer. Each link takes one answer."


def new_key() -> str:
    """A fresh secret: 18 random bytes, 24 URL-safe characters."""
    return secrets.token_urlsafe(18)


def token_of(key: str) -> str:
    """The part of the link after /s/: the key and its signature."""
    return signing.Signer(salt=SALT).sign(key)


@dataclass(frozen=True)
class Link:
    survey: Survey
    invitation: Invitation | None


def find(token: str) -> Link:
    """The survey (and invitation) a link opens; LinkError when the token is forged, unknown,
    used, not yet open or expired. The reasons name no other respondent and no plan."""
    try:
        key = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        raise LinkError(INVALID, 404) from None
    invitation = (
        Invitation.objects.select_related("survey__form", "survey__activity", "member")
        .filter(key=key)
        .first()
    )
    if invitation is not None:
        survey = invitation.survey
    else:
        surveys = Survey.objects.select_related("form", "activity")
        survey = surveys.filter(key=key, open_link=True).first()
        if survey is None:
            raise LinkError(INVALID, 404)
    now = timezone.now()
    if now < survey.opens:
        when = timezone.localtime(survey.opens).strftime("%d %B %Y, %H:%M")
        raise LinkError(f"This survey opens on {when}. Please come back then.", 403)
    if now >= survey.closes:
        raise LinkError(EXPIRED, 410)
    if invitation is not None and invitation.used_at is not None:
        raise LinkError(USED, 410)
    return Link(survey, invitation)


def resent(token: str, client_key: str) -> bool:
    """Whether an answer stored through this link came with `client_key`: the same page
    resending after a dropped connection is thanked, not told "already used"."""
    client_key = client_key.strip()[:40]
    if not client_key:
        return False
    try:
        key = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return False
    through = Q(invitation__key=key) | Q(survey__key=key, invitation=None)
    return Response.objects.filter(through, client_key=client_key).exists()


def url_of(key: str) -> str:
    """The path of the link that opens `key`'s survey (or invitation): /s/<token>/. Pages add
    the site's address."""
    return reverse("survey-respond", args=[token_of(key)])
