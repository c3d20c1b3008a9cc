"""Many rows into one table in one statement: COPY on PostgreSQL, executemany() elsewhere.

bulk_create() sends a 50,000-row import in batches of a few hundred and prepares every value
of every model instance; the importer and the change history write plain tuples instead.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from django.db import connection


def insert_rows(table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """INSERT `rows` (values already adapted for the database) into `table`'s `columns`."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, f"COPY {quote(table)} ({names}) FROM STDIN", rows)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)


def _copy(cursor: Any, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """PostgreSQL's COPY: twice as fast as executemany() for a 50,000-row import.

    COPY bypasses Django's query log, so it is logged here: query counts in tests stay true.
    """
    started = time.monotonic()
    with cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
    if connection.queries_logged:
        connection.queries_log.append(
            {"sql": f"{len(rows)} rows: {sql}", "time": f"{time.monotonic() - started:.3f}"}
        )
