"""Benchmark evaluate_plan (ORM path) against the hand-written SQL baseline, interleaved."""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PLAN = "rocb-ap-sap-2022-2024"
BUDGET = 1.5


def check(plan: Any, as_of: datetime.date) -> list[str]:
    """Compare the baseline's raw values with the raw values of every ORM evaluation."""
    from bench.baseline import PlanBaseline
    from stratmon.kpis import services

    orm = services.evaluate_plan(plan, as_of)
    base = PlanBaseline(plan, as_of)
    kpis, raws, _ = base.raw_values()
    problems: list[str] = []
    for kpi, evaluation in zip(kpis, orm, strict=True):
        got, want = evaluation.measured, raws[kpi.id].measured
        if kpi.measure is None or got is None:
            continue
        # With nothing recorded both paths report no data: the engine results say so below.
        if got.recorded != 0:
            for name in ("total", "series", "numerator", "denominator"):
                if getattr(got, name) != getattr(want, name):
                    problems.append(
                        f"{kpi.code} {name}: ORM {getattr(got, name)} != SQL {getattr(want, name)}"
                    )
            at_start = raws[kpi.id].at_start
            if got.baseline is not None and at_start is not None and got.baseline != at_start:
                problems.append(f"{kpi.code} baseline: ORM {got.baseline} != SQL {at_start}")
        result = base.result(kpi, raws[kpi.id], evaluation.members)
        if result.to_json() != evaluation.result.to_json():
            problems.append(f"{kpi.code}: engine results differ")
    return problems


def timed(fn: Callable[[], Any]) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - started
    return elapsed, len(ctx.captured_queries)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--as-of", type=datetime.date.fromisoformat, default="2024-03-31")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each (≥5)")
    parser.add_argument("--database-url", help="defaults to DATABASE_URL or the SQLite file")
    parser.add_argument("--no-check", action="store_true", help="skip the equality check")
    args = parser.parse_args(argv)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stratmon.settings")
    import django

    django.setup()
    from django.db import connection

    from bench.baseline import evaluate_plan_sql
    from stratmon.facts.models import Participation
    from stratmon.kpis.services import evaluate_plan
    from stratmon.plans.models import Plan

    plan = Plan.objects.select_related("organisation").get(code=PLAN)
    as_of: datetime.date = args.as_of
    print(
        f"{connection.vendor}, {Participation.objects.count():,} participations, "
        f"plan {PLAN}, as of {as_of}"
    )
    if not args.no_check:
        problems = check(plan, as_of)
        for p in problems:
            print("MISMATCH", p)
        print("check: baseline == ORM for every KPI" if not problems else "check: FAILED")

    def orm() -> Any:
        return evaluate_plan(plan, as_of)

    def sql() -> Any:
        return evaluate_plan_sql(plan, as_of)

    orm(), sql()  # warm-up: caches, statement preparation, the database's buffers
    times: dict[str, list[float]] = {"orm": [], "sql": []}
    queries: dict[str, int] = {}
    ratios = []
    for i in range(args.repeat):
        pair = (("orm", orm), ("sql", sql)) if i % 2 == 0 else (("sql", sql), ("orm", orm))
        for name, fn in pair:
            seconds, n = timed(fn)
            times[name].append(seconds)
            queries[name] = n
        ratios.append(times["orm"][-1] / times["sql"][-1])
    orm_med, sql_med = statistics.median(times["orm"]), statistics.median(times["sql"])
    ratio = orm_med / sql_med
    print(f"runs: {args.repeat} each, interleaved, after one warm-up")
    print(f"ORM evaluate_plan   median {orm_med:8.3f} s   queries {queries['orm']}")
    print(f"SQL baseline        median {sql_med:8.3f} s   queries {queries['sql']}")
    print(
        f"ratio ORM/baseline  {ratio:.2f}  (per-run ratios: median {statistics.median(ratios):.2f},"
        f" min {min(ratios):.2f}, max {max(ratios):.2f})"
    )
    verdict = "within budget" if ratio <= BUDGET else "OVER BUDGET"
    print(f"budget ratio <= {BUDGET}: {verdict}")


if __name__ == "__main__":
    main()
