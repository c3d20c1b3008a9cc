"""Writers take turns: one long write at a time, and a clear word when the database is busy.

On SQLite a write transaction starts with BEGIN IMMEDIATE (settings.py), which already
takes the database's single write lock, and others wait up to the busy timeout. On
PostgreSQL a transaction-level advisory lock gives the same order to the writers that ask
for it (imports, plan loads), while readers never wait.
"""

from __future__ import annotations

from django.db import OperationalError, connection

# Any constant shared by the writers that take turns; "StratMon" in ASCII.
_LOCK_KEY = 0x53747261744D6F6E & 0x7FFFFFFFFFFFFFFF
BUSY = (
    "the database is busy with another large change and did not free up in time; "
    "nothing was saved: try again in a minute"
)


def take_write_turn() -> None:
    """Inside a transaction: wait for the other writers that take turns, until it ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def is_busy(exc: OperationalError) -> bool:
    """True for SQLite's "database is locked" (the busy timeout passed) and PostgreSQL's
    lock timeout: a writer waited its turn too long, which is worth a retry, not a 500."""
    text = str(exc).lower()
    return "database is locked" in text or "lock timeout" in text or "locknotavailable" in text
