"""Benchmark KPI trends (plan_trends: SQL series) against one whole-plan evaluation, interleaved."""

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
BUDGET = 3.0  # the trend (24 monthly points) may cost at most 3 evaluations, not 24


def check(plan: Any, as_of: datetime.date) -> list[str]:
    """Compare plan_trends with the reference, one whole-plan evaluation per trend date."""
    from stratmon.kpis.trend import plan_trends, plan_trends_by_date

    kpis = list(plan.kpis.select_related("action", "plan").order_by("order"))
    fast = plan_trends(plan, as_of, kpis)
    started = time.perf_counter()
    reference = plan_trends_by_date(plan, as_of, kpis)
    print(f"reference (one evaluate_plan per date): {time.perf_counter() - started:.2f} s")
    problems = []
    for kpi in kpis:
        for got, want in zip(fast[kpi.pk], reference[kpi.pk], strict=True):
            same = got == want and repr(got.measured) == repr(want.measured)
            if not same or got.to_json() != want.to_json():
                problems.append(f"{kpi.code} as of {want.as_of}: {got.measured} != {want.measured}")
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
    parser.add_argument("--as-of", type=datetime.date.fromisoformat, default="2024-06-30")
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

    from stratmon.facts.models import Participation
    from stratmon.kpis.services import evaluate_plan
    from stratmon.kpis.trend import plan_dates, plan_trends
    from stratmon.plans.models import Plan

    plan = Plan.objects.select_related("organisation").get(code=PLAN)
    as_of: datetime.date = args.as_of
    points = len(plan_dates(plan, as_of))
    print(
        f"{connection.vendor}, {Participation.objects.count():,} participations, plan {PLAN} "
        f"({plan.kpis.count()} KPIs), as of {as_of}, {points} trend points"
    )
    if not args.no_check:
        problems = check(plan, as_of)
        for p in problems[:20]:
            print("MISMATCH", p)
        print("check: plan_trends == plan_trends_by_date" if not problems else "check: FAILED")

    def trend() -> Any:
        return plan_trends(plan, as_of)

    def evaluation() -> Any:
        return evaluate_plan(plan, as_of)

    trend(), evaluation()  # warm-up: caches, statement preparation, the database's buffers
    times: dict[str, list[float]] = {"trend": [], "evaluation": []}
    queries: dict[str, int] = {}
    ratios = []
    for i in range(args.repeat):
        first, second = ("trend", trend), ("evaluation", evaluation)
        for name, fn in (first, second) if i % 2 == 0 else (second, first):
            seconds, n = timed(fn)
            times[name].append(seconds)
            queries[name] = n
        ratios.append(times["trend"][-1] / times["evaluation"][-1])
    trend_med = statistics.median(times["trend"])
    eval_med = statistics.median(times["evaluation"])
    ratio = trend_med / eval_med
    print(f"runs: {args.repeat} each, interleaved, after one warm-up")
    print(f"plan_trends ({points} points) median {trend_med:8.3f} s   queries {queries['trend']}")
    print(f"evaluate_plan (one date)  median {eval_med:8.3f} s   queries {queries['evaluation']}")
    print(
        f"ratio trend/evaluation  {ratio:.2f}  (per-run ratios: median "
        f"{statistics.median(ratios):.2f}, min {min(ratios):.2f}, max {max(ratios):.2f})"
    )
    verdict = "within budget" if ratio <= BUDGET else "OVER BUDGET"
    print(f"budget ratio <= {BUDGET}: {verdict}")


if __name__ == "__main__":
    main()
