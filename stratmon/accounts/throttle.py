"""A pause after repeated failed sign-ins for one user name from one address.

Counted in Django's cache (per process with the default local-memory cache; give the servers a
shared cache to count across them): settings.SIGN_IN_ATTEMPTS failures within
settings.SIGN_IN_PAUSE_SECONDS, and that user name from that address is refused until the
pause is over. A success clears the count. Other addresses are not locked out, so a guesser
cannot lock a colleague out of the office.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(username: str, address: str) -> str:
    digest = hashlib.sha256(f"{username.strip().lower()}|{address}".encode()).hexdigest()
    return f"stratmon:sign-in-failures:{digest}"


def is_paused(username: str, address: str) -> bool:
    """Whether sign-ins for `username` from `address` are refused for now."""
    return int(cache.get(_key(username, address), 0)) >= settings.SIGN_IN_ATTEMPTS


def record_failure(username: str, address: str) -> None:
    key = _key(username, address)
    # add() starts the window once; incr() keeps its expiry, so the pause ends on time.
    if not cache.add(key, 1, timeout=settings.SIGN_IN_PAUSE_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, timeout=settings.SIGN_IN_PAUSE_SECONDS)


def clear(username: str, address: str) -> None:
    cache.delete(_key(username, address))
