"""A scratch PostgreSQL database beside the one DATABASE_URL names, for tests that start
StratMon in other processes (the test database itself belongs to pytest-django)."""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """Yield the URL of a new, empty database; dropped afterwards. Skips without PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("DATABASE_URL names no PostgreSQL server; .ci/run starts one")
    import psycopg

    base, _, _ = url.rpartition("/")
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    # Through the maintenance database, as createdb does: the one DATABASE_URL names need not
    # exist (pytest-django creates only test_<name>).
    with psycopg.connect(url, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(url, dbname="postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
