"""How often the public response page answers: per link and per client address, counted in
Django's cache in fixed one-minute windows (docs/surveys.md#the-response-page). The expert's
profile link page (stratmon.desk) is counted the same way, in its own counts, at its limits.

Over a limit the page answers 429 with Retry-After (the seconds left in the window); it never
raises. Limits come from settings (SURVEY_POSTS_PER_ADDRESS, SURVEY_POSTS_PER_LINK,
SURVEY_VIEWS_PER_ADDRESS). The cache is per server process, so with several workers a limit
holds per worker: the bound is the limit times the workers, still a bound.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW = 60  # seconds
# A room of 100 people behind one NAT sends its answers within a few minutes: 120 a minute
# from one address lets them through; a script on one address stores at most 120 a minute.
POSTS_PER_ADDRESS = 120
# One open link shown on a screen to a hall of several hundred.
POSTS_PER_LINK = 300
# Loading the page (a QR code read by a whole room at once) is cheap: a higher limit.
VIEWS_PER_ADDRESS = 600


@dataclass(frozen=True)
class Limits:
    """Requests a minute: answers per client address, answers per link, pages per address."""

    posts_per_address: int
    posts_per_link: int
    views_per_address: int


def survey_limits() -> Limits:
    return Limits(
        getattr(settings, "SURVEY_POSTS_PER_ADDRESS", POSTS_PER_ADDRESS),
        getattr(settings, "SURVEY_POSTS_PER_LINK", POSTS_PER_LINK),
        getattr(settings, "SURVEY_VIEWS_PER_ADDRESS", VIEWS_PER_ADDRESS),
    )


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds until the window ends, when not allowed


def client_address(request: HttpRequest) -> str:
    """The connection's address (REMOTE_ADDR). X-Forwarded-For is believed only when the
    connection comes from an address in settings.SURVEY_TRUSTED_PROXIES: then the right-most
    forwarded address that is not itself a trusted proxy (the one the proxy saw)."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = set(getattr(settings, "SURVEY_TRUSTED_PROXIES", ()))
    if remote not in trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        if hop in trusted:
            continue
        try:
            return str(ipaddress.ip_address(hop))
        except ValueError:
            break  # a proxy never writes garbage: the chain is not to be believed further
    return remote


def _digest(text: str) -> str:
    # Bounded, printable cache keys whatever a client sends as a token.
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:20]


def _count(scope: str, kind: str, ident: str, limit: int, now: float) -> Verdict:
    window = int(now // WINDOW)
    key = f"{scope}-throttle:{kind}:{_digest(ident)}:{window}"
    cache.add(key, 0, timeout=WINDOW + 5)
    try:
        seen = cache.incr(key)
    except ValueError:  # expired between add and incr: this request opens a new count
        cache.set(key, 1, timeout=WINDOW + 5)
        seen = 1
    if seen <= limit:
        return Verdict(True)
    return Verdict(False, max(1, int((window + 1) * WINDOW - now) + 1))


def check(
    request: HttpRequest, token: str, *, scope: str = "survey", limits: Limits | None = None
) -> Verdict:
    """Count this request against its limits (the survey page's unless given), in the counts
    of `scope`. A POST counts per address and per link (the token as sent; a forged one is
    refused next, cheaply, by its signature); a GET per address, at a higher limit. The first
    limit reached decides."""
    limits = limits or survey_limits()
    now = time.time()
    address = client_address(request)
    if request.method == "POST":
        verdict = _count(scope, "post-addr", address, limits.posts_per_address, now)
        if not verdict.allowed:
            return verdict
        return _count(scope, "post-link", token, limits.posts_per_link, now)
    return _count(scope, "view-addr", address, limits.views_per_address, now)
