"""Bulk loading for the benchmark generator: COPY on PostgreSQL, executemany on SQLite."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable, Sequence
from typing import Any


class Loader:
    """Bulk writer: COPY on PostgreSQL, executemany with synchronous=OFF on SQLite."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.vendor = connection.vendor
        self.rows = 0
        self.seconds = 0.0
        self.tables: list[str] = []

    def next_id(self, table: str) -> int:
        with self.connection.cursor() as cur:
            cur.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
            return int(cur.fetchone()[0])

    def load(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        started = time.perf_counter()
        n = 0
        cols = ", ".join(f'"{c}"' for c in columns)
        with self.connection.cursor() as cur:
            if self.vendor == "postgresql":
                raw = cur.cursor  # the psycopg cursor under Django's wrapper
                with raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        n += 1
            else:
                marks = ", ".join("?" for _ in columns)
                sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"
                batch: list[Sequence[Any]] = []
                raw = cur.cursor
                for row in rows:
                    batch.append(row)
                    if len(batch) >= 50_000:
                        raw.executemany(sql, batch)
                        n += len(batch)
                        batch.clear()
                if batch:
                    raw.executemany(sql, batch)
                    n += len(batch)
        elapsed = time.perf_counter() - started
        self.rows += n
        self.seconds += elapsed
        self.tables.append(table)
        print(
            f"  {table:<28} {n:>10,} rows {elapsed:7.2f} s  {n / max(elapsed, 1e-9):>12,.0f} rows/s"
        )
        return n

    def finish(self) -> None:
        """Bring PostgreSQL's id sequences past the ids written explicitly; refresh statistics."""
        with self.connection.cursor() as cur:
            for table in dict.fromkeys(self.tables):
                if self.vendor == "postgresql":
                    cur.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                    )
            cur.execute("ANALYZE")


def sql_date(d: datetime.date | None, vendor: str) -> Any:
    """A date as the database driver wants it: ISO text for sqlite3, a date for psycopg."""
    return d.isoformat() if d is not None and vendor == "sqlite" else d
