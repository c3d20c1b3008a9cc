"""Benchmark the data workbook import (budget: at least 10,000 rows/s), on a fresh database."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def write_workbook(path: Path, activities: int, participations: int) -> int:
    """A real .xlsx written by openpyxl: activities linked to ROCB actions, and participants."""
    from openpyxl import Workbook

    rng = random.Random(7)
    members = ["FJI", "TON", "WSM", "AUS", "NZL", "JPN", "KOR", "IND", "THA", "PNG"]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("activities")
    sheet.append(
        [
            "id",
            "kind",
            "title",
            "start",
            "end",
            "place",
            "host",
            "organiser",
            "partners",
            "actions",
            "requested_by",
            "status",
        ]
    )
    for i in range(activities):
        day = f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}"
        sheet.append(
            [
                f"WB-ACT-{i:05d}",
                "workshop",
                f"Workshop {i}",
                day,
                day,
                "Suva",
                members[i % 10],
                "rocb-ap",
                "",
                "rocb-ap-sap-2022-2024:1.hh",
                "",
                "held",
            ]
        )
    sheet = book.create_sheet("participations")
    sheet.append(["id", "activity", "person", "member", "gender", "role"])
    for i in range(participations):
        sheet.append(
            [
                f"WB-PAR-{i:07d}",
                f"WB-ACT-{i % activities:05d}",
                f"Person {i}",
                members[rng.randrange(10)],
                rng.choice(["female", "male"]),
                "participant",
            ]
        )
    book.save(path)
    return activities + participations


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participations", type=int, default=50_000)
    parser.add_argument("--activities", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3, help="timed unchanged re-imports")
    parser.add_argument("--database-url", help="defaults to DATABASE_URL or the SQLite file")
    args = parser.parse_args(argv)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stratmon.settings")
    import django

    django.setup()
    from django.db import connection

    from stratmon.bootstrap import initialise
    from stratmon.facts.models import Activity
    from stratmon.facts.workbook import import_workbook

    initialise(lambda _: None)
    if Activity.objects.filter(ref__startswith="WB-").exists():
        sys.exit("this database already holds the workbook benchmark's rows: use a fresh one")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "facts.xlsx"
        rows = write_workbook(path, args.activities, args.participations)
        size = path.stat().st_size
        started = time.perf_counter()
        import_workbook(path, dry_run=True)
        dry = time.perf_counter() - started
        started = time.perf_counter()
        report = import_workbook(path)
        first = time.perf_counter() - started
        again = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            unchanged = import_workbook(path)
            again.append(time.perf_counter() - started)
            assert not unchanged.changed, "re-importing the same workbook changed something"
    print(f"{connection.vendor}: {rows:,} rows ({size / 1e6:.1f} MB .xlsx), {report.rows:,} saved")
    print(f"dry run (read + validate)  {dry:6.2f} s  {rows / dry:9,.0f} rows/s")
    print(f"first import               {first:6.2f} s  {rows / first:9,.0f} rows/s")
    median = statistics.median(again)
    print(f"unchanged re-import        {median:6.2f} s  {rows / median:9,.0f} rows/s (median)")
    verdict = "within budget" if rows / first >= 10_000 else "UNDER BUDGET"
    print(f"budget >= 10,000 rows/s for the first import: {verdict}")


if __name__ == "__main__":
    main()
