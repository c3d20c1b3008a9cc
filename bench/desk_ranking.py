"""Benchmark the request desk's ranking (budget: `matching.rank_case` under 200 ms) on a
throwaway SQLite database: 2,000 experts over 30 topics, 30,000 assignments over about three
years with evaluations, unavailable periods; one request ranked, warm, median of N runs.

The baseline, timed in the same run and interleaved: reading the experts table alone (the
columns the ranking reads), so the ratio says what the ranking costs over that one read.

    .venv/bin/python bench/desk_ranking.py [--experts 2000] [--assignments 30000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TOPICS = 30
PER_ACTIVITY = 3  # experts per activity
BUDGET_MS = 200


def generate(experts: int, assignments: int, today: datetime.date) -> None:
    """The pool and its history, bulk-inserted with a fixed seed."""
    from django.db import transaction

    from stratmon.desk.models import Unavailability
    from stratmon.facts.models import Activity, Evaluation, Expert, ExpertAssignment, Topic
    from stratmon.plans.models import Member, Organisation

    rng = random.Random(11)
    have = Topic.objects.count()
    Topic.objects.bulk_create(
        Topic(code=f"bench-topic-{i}", name=f"Bench topic {i}") for i in range(have, TOPICS)
    )
    topics = list(Topic.objects.order_by("code").values_list("pk", flat=True)[:TOPICS])
    members = list(Member.objects.values_list("pk", flat=True))
    rocb = Organisation.objects.get(code="rocb-ap")
    languages = ["English", "English; French", "French", "English; Japanese", "Spanish; English"]
    with transaction.atomic():
        pool = Expert.objects.bulk_create(
            Expert(
                ref=f"BENCH-EXP-{i:05d}",
                name=f"Bench Expert {i:05d}",
                home_id=rng.choice(members),
                gender=rng.choice(["female", "male", "male", "not_stated"]),
                accreditation=rng.choice(["accredited", "provisional", "none", "none"]),
                accredited_on=today - datetime.timedelta(days=rng.randrange(100, 2000)),
                accredited_until=rng.choice(
                    [None, today + datetime.timedelta(days=rng.randrange(-90, 900))]
                ),
                languages=rng.choice(languages),
            )
            for i in range(experts)
        )
        Through = Expert.expertise.through
        Through.objects.bulk_create(
            Through(expert_id=e.pk, topic_id=t)
            for e in pool
            for t in rng.sample(topics, rng.randint(1, 4))
        )
        first = today - datetime.timedelta(days=3 * 365)
        span = 3 * 365 + 90
        activities = Activity.objects.bulk_create(
            Activity(
                ref=f"BENCH-ACT-{i:05d}",
                kind="mission",
                title=f"Bench mission {i}",
                start=(start := first + datetime.timedelta(days=rng.randrange(span))),
                end=start + datetime.timedelta(days=rng.randrange(5)),
                organiser=rocb,
                status="held" if start < today else "planned",
            )
            for i in range(assignments // PER_ACTIVITY)
        )
        ExpertAssignment.objects.bulk_create(
            ExpertAssignment(ref=f"BENCH-EA-{a.pk}-{e.pk}", activity=a, expert=e)
            for a in activities
            for e in rng.sample(pool, PER_ACTIVITY)
        )
        Evaluation.objects.bulk_create(
            Evaluation(
                ref=f"BENCH-EV-{a.pk}",
                activity=a,
                score=Decimal(rng.randint(25, 50)) / 10,
                responses=rng.randint(5, 30),
            )
            for a in activities
            if a.status == "held"
        )
        Unavailability.objects.bulk_create(
            Unavailability(
                expert=e,
                start=(start := today + datetime.timedelta(days=rng.randrange(-30, 120))),
                end=start + datetime.timedelta(days=rng.randrange(1, 20)),
                note="leave",
            )
            for e in rng.sample(pool, experts // 4)
        )


def request_case(today: datetime.date):  # -> Case
    from stratmon.desk import services
    from stratmon.desk.models import Case, Kind
    from stratmon.facts.models import Topic
    from stratmon.plans.models import Member, Organisation

    start = today + datetime.timedelta(days=30)
    filing = services.Filing(
        organisation=Organisation.objects.get(code="rocb-ap"),
        member=Member.objects.get(iso3="FJI"),
        subject="Bench mission",
        kind=Kind.MISSION,
        topics=tuple(Topic.objects.order_by("code")[:2]),
        preferred_start=start,
        preferred_end=start + datetime.timedelta(days=4),
        language="French",
    )
    case = services.file_request(filing, user=None)
    services.accept(case, user=None)
    return (
        Case.objects.select_related("fact__activity", "member", "organisation")
        .prefetch_related("topics")
        .get(pk=case.pk)
    )


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """Milliseconds of wall time and of this process's CPU time (SQLite runs in-process, so
    the CPU time is the whole cost, whatever else the machine is busy with)."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=2000)
    parser.add_argument("--assignments", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="stratmon-bench-desk-") as var:
        os.environ.pop("DATABASE_URL", None)
        os.environ["STRATMON_VAR_DIR"] = var
        os.environ["DJANGO_SETTINGS_MODULE"] = "stratmon.settings"
        import django

        django.setup()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from stratmon.bootstrap import initialise
        from stratmon.desk.matching import COLUMNS, rank_case
        from stratmon.facts.models import Expert

        initialise(lambda _: None)
        today = timezone.localdate()
        started = time.perf_counter()
        generate(args.experts, args.assignments, today)
        built = time.perf_counter() - started
        case = request_case(today)

        def rank() -> object:
            return rank_case(case, today)

        def baseline() -> object:
            return list(Expert.objects.order_by("name", "ref").values_list(*COLUMNS))

        rank(), baseline()  # warm: the connection, SQLite's pages, Django's query compilation
        with CaptureQueriesContext(connection) as queries:
            ranking = rank_case(case, today)
        ranks, bases = [], []
        for _ in range(args.repeat):
            ranks.append(timed(rank))
            bases.append(timed(baseline))
    r, b = (statistics.median(x[0] for x in ranks), statistics.median(x[0] for x in bases))
    rc, bc = (statistics.median(x[1] for x in ranks), statistics.median(x[1] for x in bases))
    print(
        f"{connection.vendor}: {args.experts:,} experts, {args.assignments:,} assignments "
        f"({built:.1f} s to build); {len(ranking.ranked)} ranked, {len(ranking.excluded)} left out"
    )
    print(f"medians of {args.repeat} interleaved runs, load average {os.getloadavg()[0]:.1f}")
    print(f"rank_case       {r:8.1f} ms wall  {rc:8.1f} ms CPU")
    print(f"experts table   {b:8.1f} ms wall  {bc:8.1f} ms CPU  (baseline: its columns read alone)")
    print(f"ratio {r / b:.1f} wall, {rc / bc:.1f} CPU; {len(queries)} queries per ranking")
    verdict = "within budget" if min(r, rc) < BUDGET_MS else "OVER BUDGET"
    print(f"budget < {BUDGET_MS} ms (CPU, or wall on a quiet machine): {verdict}")


if __name__ == "__main__":
    main()
