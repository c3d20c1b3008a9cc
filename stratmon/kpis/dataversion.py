"""The data version: which state of the recorded data a cached result was computed from.

Every write to a watched table changes the version in the same transaction, through a
database trigger, whatever wrote it: a service, the admin, `QuerySet.update()`, the
workbook's COPY, a restore, a hand-typed SQL statement. Nothing in Python has to remember
to announce a write, so a new write path cannot leave a cached figure stale (docs/caching.md).

Watched: every table of every app but those listed in UNWATCHED_APPS and UNWATCHED_TABLES,
so a new model is watched from the first `migrate` that creates it. The triggers are
(re)installed after every `migrate` (and test-database flush) by `prepare`, connected to
`post_migrate` in apps.py. Before trusting the version, each process checks once that every
watched table has its trigger; if one is missing nothing is cached (and a warning is logged).
"""

from __future__ import annotations

import contextvars
import logging
import secrets
from typing import Any

from django.apps import apps
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

log = logging.getLogger(__name__)

Version = tuple[int, int]  # (bumps, token)

TABLE = "kpis_dataversion"
# Apps whose tables no evaluation or page of recorded data reads: sign-ins write the user's
# last_login, the session and django-axes' attempts, which must not empty every cache.
UNWATCHED_APPS = frozenset({"admin", "auth", "contenttypes", "sessions", "axes"})
# The version itself, and index rows written only beside their history_change row (watched):
# an import names 50,000 records there, and SQLite would run a trigger for each.
UNWATCHED_TABLES = frozenset({TABLE, "history_changeref", "history_change_members"})

PG_TRIGGER = "stratmon_data_version"
PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION stratmon_bump_data_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {TABLE} SET bumps = bumps + 1, token = (random() * 4611686018427387903)::bigint
    WHERE id = 1;
    RETURN NULL;
END $$
"""
SQLITE_OPS = ("INSERT", "UPDATE", "DELETE")
SQLITE_PREFIX = "stratmon_dv_"

# The version read in this request (safe methods only: see middleware.py), else None.
_request_memo: contextvars.ContextVar[dict[str, Version | None] | None] = contextvars.ContextVar(
    "stratmon_data_version", default=None
)
_trusted: dict[str, bool] = {}  # per database alias: every watched table has its trigger


def watched_tables(connection: BaseDatabaseWrapper) -> list[str]:
    """The tables whose writes change the version that exist in this database, sorted."""
    existing = set(connection.introspection.table_names())
    tables = {
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and m._meta.app_label not in UNWATCHED_APPS
    }
    return sorted((tables - UNWATCHED_TABLES) & existing)


def triggered_tables(connection: BaseDatabaseWrapper) -> set[str]:
    """The tables that have the version's trigger (on SQLite: for all three kinds of write)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = %s AND NOT t.tgisinternal",
                [PG_TRIGGER],
            )
            return {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT tbl_name, count(*) FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE %s GROUP BY tbl_name",
            [SQLITE_PREFIX + "%"],
        )
        return {table for table, n in cursor.fetchall() if n >= len(SQLITE_OPS)}


def _sqlite_trigger(table: str, op: str) -> str:
    return f"{SQLITE_PREFIX}{table}_{op.lower()}"


def install_triggers(connection: BaseDatabaseWrapper) -> None:
    """Give every watched table its trigger and take it off tables no longer watched."""
    quote = connection.ops.quote_name
    wanted = set(watched_tables(connection)) if TABLE in _tables(connection) else set()
    have = triggered_tables(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if wanted:
                cursor.execute(PG_FUNCTION)
            for table in sorted(wanted - have):
                cursor.execute(
                    f"CREATE TRIGGER {PG_TRIGGER} AFTER INSERT OR UPDATE OR DELETE "
                    f"OR TRUNCATE ON {quote(table)} FOR EACH STATEMENT "
                    "EXECUTE FUNCTION stratmon_bump_data_version()"
                )
            for table in sorted(have - wanted):
                cursor.execute(f"DROP TRIGGER IF EXISTS {PG_TRIGGER} ON {quote(table)}")
            return
        # SQLite has row triggers only: one UPDATE of the version's row per row written.
        for table in sorted(wanted - have):
            for op in SQLITE_OPS:
                cursor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {quote(_sqlite_trigger(table, op))} "
                    f"AFTER {op} ON {quote(table)} BEGIN "
                    f"UPDATE {TABLE} SET bumps = bumps + 1, token = random() WHERE id = 1; END"
                )
        cursor.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            [SQLITE_PREFIX + "%"],
        )
        for name, table in cursor.fetchall():
            if table not in wanted:
                cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")


def _tables(connection: BaseDatabaseWrapper) -> set[str]:
    return set(connection.introspection.table_names())


def prepare(connection: BaseDatabaseWrapper) -> None:
    """After `migrate`: the version's row, every trigger, and a new version (a migration may
    have changed data, or remade a table without its trigger)."""
    _trusted.pop(connection.alias, None)
    install_triggers(connection)
    if TABLE not in _tables(connection):
        return
    # Checked here, so the processes that serve (forked after `serve` migrates) and tests
    # never spend queries on it.
    trusted(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {TABLE} WHERE id = 1")
        if cursor.fetchone() is None:
            cursor.execute(f"INSERT INTO {TABLE} (id, bumps, token) VALUES (1, 0, 0)")
    bump(connection)


def bump(connection: BaseDatabaseWrapper | None = None) -> None:
    """Change the version now (in the current transaction, if any)."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET bumps = bumps + 1, token = %s WHERE id = 1",
            [secrets.randbits(62)],
        )


def trusted(connection: BaseDatabaseWrapper | None = None) -> bool:
    """Whether every watched table has its trigger; checked once per process and database."""
    connection = connection or default_connection
    found = _trusted.get(connection.alias)
    if found is None:
        missing = set(watched_tables(connection)) - triggered_tables(connection)
        if TABLE not in _tables(connection):
            missing.add(TABLE)
        if missing:
            log.warning(
                "data version: no trigger on %s; results are not cached until `stratmon "
                "migrate` installs them",
                ", ".join(sorted(missing)[:5]),
            )
        found = _trusted[connection.alias] = not missing
    return found


def current(connection: BaseDatabaseWrapper | None = None) -> Version | None:
    """The data version now, or None when it cannot be trusted (then nothing is cached).

    One small query, read once per request of a safe method (GET, HEAD).
    """
    memo = _request_memo.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    connection = connection or default_connection
    version = _read(connection) if trusted(connection) else None
    if memo is not None:
        memo["version"] = version
    return version


def _read(connection: BaseDatabaseWrapper) -> Version | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT bumps, token FROM {TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return (int(row[0]), int(row[1])) if row else None


def remember_per_request() -> contextvars.Token[Any]:
    """Read the version at most once until `forget(token)` (the middleware's request)."""
    return _request_memo.set({})


def forget(token: contextvars.Token[Any]) -> None:
    _request_memo.reset(token)


def forget_checks() -> None:
    """Check the triggers again on the next read (tests that remove one)."""
    _trusted.clear()
