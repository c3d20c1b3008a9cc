"""Time the progress report of a plan in every format: build (the model) and each renderer.

Budget (issue 12): the ROCB report as PDF in under 3 s on the sample data and under 10 s at
full benchmark scale. Runs against whatever database the environment names (see README.md):

    STRATMON_VAR_DIR=/tmp/sample-var .venv/bin/python bench/report.py          # sample data
    STRATMON_VAR_DIR=/tmp/bench-var .venv/bin/python bench/report.py --as-of 2024-06-30
    DATABASE_URL=postgres://… .venv/bin/python bench/report.py
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PLAN = "rocb-ap-sap-2022-2024"
BUDGETS = {"sample": 3.0, "full": 10.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", default=PLAN)
    parser.add_argument("--as-of", default="2024-06-30")
    parser.add_argument("--since", default="2023-06-30")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stratmon.settings")
    import django

    django.setup()
    from django.db import connection

    from stratmon.facts.models import Participation
    from stratmon.kpis import live
    from stratmon.plans import services
    from stratmon.reports.build import build_report
    from stratmon.reports.render import FORMATS, render

    plan = services.current_plan(args.plan)
    if plan is None:
        print(f"no plan {args.plan}", file=sys.stderr)
        return 1
    as_of = datetime.date.fromisoformat(args.as_of)
    since = datetime.date.fromisoformat(args.since)
    scale = "full" if Participation.objects.count() > 100_000 else "sample"
    render(build_report(plan, as_of, since), "pdf")  # warm-up: imports, fonts, caches
    timings: dict[str, list[float]] = {"build": [], **{f: [] for f in FORMATS}}
    for _ in range(args.repeat):
        live.clear()  # a report is made once: its evaluations and trends from cold
        started = time.perf_counter()
        report = build_report(plan, as_of, since)
        timings["build"].append(time.perf_counter() - started)
        for fmt in FORMATS:
            started = time.perf_counter()
            render(report, fmt)
            timings[fmt].append(time.perf_counter() - started)
    medians = {k: statistics.median(v) for k, v in timings.items()}
    pdf_total = medians["build"] + medians["pdf"]
    print(f"{connection.vendor}, {scale} data, {plan.code} as of {as_of}, since {since}")
    for name, value in medians.items():
        print(f"  {name:<6} median {value:.3f} s over {args.repeat} runs")
    verdict = "within budget" if pdf_total < BUDGETS[scale] else "OVER BUDGET"
    print(f"  PDF report (build + render): {pdf_total:.2f} s; budget {BUDGETS[scale]} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
