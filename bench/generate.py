"""Generate benchmark facts at scale (fixed seed) and bulk-load them into a StratMon database."""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.loader import Loader, sql_date

REF = "BENCH-"
SEED = 20240630
FIRST_DAY = datetime.date(2021, 7, 1)
LAST_DAY = datetime.date(2024, 12, 31)
MEMBERS = 200

# Full-scale row counts; --scale multiplies every one of them (Members stay at 200).
FULL = {
    "activities": 100_000,
    "participations": 2_000_000,
    "evaluations": 200_000,
    "statuses": 50_000,
    "agreements": 4_000,
    "outputs": 20_000,
    "requests": 10_000,
    "experts": 2_000,
    "assignments": 30_000,
}

ACTIVITY_KINDS = (
    ("workshop", 22),
    ("training", 18),
    ("seminar", 10),
    ("mission", 12),
    ("meeting", 12),
    ("webinar", 10),
    ("dialogue", 2),
    ("survey", 3),
    ("publication", 2),
    ("operation", 3),
    ("exchange", 3),
    ("other", 3),
)
OUTPUT_KINDS = (
    ("evaluation_report", 10),
    ("survey", 6),
    ("success_story", 8),
    ("shared_item", 20),
    ("newsletter_article", 15),
    ("high_level_dialogue", 4),
    ("experience_sharing", 20),
    ("report", 8),
    ("post_action", 6),
    ("other", 3),
)
GENDERS = (("female", 36), ("male", 54), ("other", 2), ("not_stated", 8))
ROLES = (
    ("participant", 78),
    ("head_of_delegation", 8),
    ("expert", 5),
    ("trainer", 5),
    ("observer", 4),
)
STATUS_ORDER = ("not_started", "planned", "in_progress", "achieved")


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]], k: int) -> list[str]:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted], k=k)


def _day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def generate(scale: float, seed: int) -> None:
    """Write every benchmark fact in one transaction."""
    from django.db import connection, transaction

    from stratmon.facts.models import Partner, Topic
    from stratmon.plans.models import Action, Member, Membership, Organisation, Plan

    rng = random.Random(seed)
    counts = {k: max(1, round(v * scale)) for k, v in FULL.items()}
    vendor = connection.vendor
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    stamp = now.isoformat() if vendor == "sqlite" else now
    loader = Loader(connection)

    def d(day: datetime.date | None) -> Any:
        return sql_date(day, vendor)

    if Partner.objects.filter(name__startswith=REF).exists():
        sys.exit("benchmark rows are already loaded here: use a fresh database (stratmon init)")

    org = Organisation.objects.get(code="rocb-ap")
    plan = Plan.objects.get(code="rocb-ap-sap-2022-2024")
    action_ids = list(Action.objects.filter(plan=plan).order_by("id").values_list("id", flat=True))
    topic_ids = list(Topic.objects.order_by("id").values_list("id", flat=True))

    started = time.perf_counter()
    if vendor == "sqlite" and not connection.in_atomic_block:
        # For the load only; the file stays WAL. (Not inside a test's transaction.)
        with connection.cursor() as cur:
            cur.execute("PRAGMA synchronous=OFF")
    with transaction.atomic():
        # Members: the built-in ones plus synthetic ones with made-up ISO-like codes.
        used2 = set(Member.objects.values_list("iso2", flat=True))
        used3 = set(Member.objects.values_list("iso3", flat=True))
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        free2 = [a + b for a in "QXZJ" + letters for b in letters if a + b not in used2]
        free3 = ["X" + a + b for a in letters for b in letters if "X" + a + b not in used3]
        missing = MEMBERS - Member.objects.count()
        Member.objects.bulk_create(
            Member(name=f"Bench Member {i:03d}", iso2=free2[i], iso3=free3[i])
            for i in range(max(0, missing))
        )
        member_ids = list(Member.objects.order_by("id").values_list("id", flat=True))
        have = set(Membership.objects.filter(organisation=org).values_list("member_id", flat=True))
        new_memberships = []
        for mid in member_ids:
            if mid in have:
                continue
            joined = left = None
            roll = rng.random()
            if roll < 0.15:
                joined = _day(rng, datetime.date(2019, 1, 1), datetime.date(2024, 6, 30))
            elif roll < 0.20:
                left = _day(rng, datetime.date(2022, 1, 1), datetime.date(2024, 12, 31))
            new_memberships.append(
                Membership(organisation=org, member_id=mid, joined=joined, left=left)
            )
        Membership.objects.bulk_create(new_memberships)
        Partner.objects.bulk_create(Partner(name=f"{REF}partner-{i:02d}") for i in range(20))
        partner_ids = list(
            Partner.objects.filter(name__startswith=REF).values_list("id", flat=True)
        )
        print(f"Members {len(member_ids)}, rocb-ap memberships +{len(new_memberships)}")

        rec = ("ref", "created_at", "updated_at", "sample")

        def recorded(prefix: str, i: int) -> tuple[Any, ...]:
            return (f"{REF}{prefix}-{i:07d}", stamp, stamp, False)

        # Activities and their links.
        n_act = counts["activities"]
        act0 = loader.next_id("facts_activity")
        kinds = _pick(rng, ACTIVITY_KINDS, n_act)
        starts = [_day(rng, FIRST_DAY, LAST_DAY) for _ in range(n_act)]
        statuses = _pick(rng, (("held", 86), ("planned", 9), ("cancelled", 5)), n_act)
        held = [act0 + i for i in range(n_act) if statuses[i] == "held"]

        def activities() -> Iterator[tuple[Any, ...]]:
            for i in range(n_act):
                start = starts[i]
                end = start + datetime.timedelta(days=rng.randrange(5))
                host = rng.choice(member_ids) if rng.random() < 0.6 else None
                requested = rng.choice(member_ids) if rng.random() < 0.2 else None
                yield (
                    act0 + i,
                    *recorded("ACT", i),
                    kinds[i],
                    f"Bench {kinds[i]} {i}",
                    d(start),
                    d(end),
                    "",
                    host,
                    org.id if rng.random() < 0.8 else None,
                    requested,
                    statuses[i],
                )

        loader.load(
            "facts_activity",
            (
                "id",
                *rec,
                "kind",
                "title",
                "start",
                "end",
                "place",
                "host_id",
                "organiser_id",
                "requested_by_id",
                "status",
            ),
            activities(),
        )

        def activity_actions() -> Iterator[tuple[int, int]]:
            for i in range(n_act):
                if rng.random() < 1 / 3:
                    for action in rng.sample(action_ids, rng.choice((1, 1, 1, 2))):
                        yield act0 + i, action

        loader.load("facts_activity_actions", ("activity_id", "action_id"), activity_actions())

        def activity_partners() -> Iterator[tuple[int, int]]:
            for i in range(n_act):
                if rng.random() < 0.15:
                    for partner in rng.sample(partner_ids, rng.choice((1, 1, 2))):
                        yield act0 + i, partner

        loader.load("facts_activity_partners", ("activity_id", "partner_id"), activity_partners())

        # Participations: about 20 per activity, most from a Member.
        n_par = counts["participations"]
        genders = [v for v, _ in GENDERS]
        gender_w = [w for _, w in GENDERS]
        roles = [v for v, _ in ROLES]
        role_w = [w for _, w in ROLES]

        def participations() -> Iterator[tuple[Any, ...]]:
            chunk = 100_000
            for base in range(0, n_par, chunk):
                k = min(chunk, n_par - base)
                gs = rng.choices(genders, gender_w, k=k)
                rs = rng.choices(roles, role_w, k=k)
                for j in range(k):
                    i = base + j
                    yield (
                        *recorded("PAR", i),
                        act0 + rng.randrange(n_act),
                        "",
                        rng.choice(member_ids) if rng.random() < 0.92 else None,
                        gs[j],
                        rs[j],
                    )

        loader.load(
            "facts_participation",
            (*rec, "activity_id", "person", "member_id", "gender", "role"),
            participations(),
        )

        def evaluations() -> Iterator[tuple[Any, ...]]:
            for i in range(counts["evaluations"]):
                scale_max = 10 if rng.random() < 0.05 else 5
                score = rng.randint(1000, scale_max * 1000) / 1000
                responses = rng.randint(5, 40) if rng.random() < 0.1 else 1
                activity = rng.choice(held) if held else act0
                yield (*recorded("EVA", i), activity, f"{score:.3f}", scale_max, responses, "")

        loader.load(
            "facts_evaluation",
            (*rec, "activity_id", "score", "scale_max", "responses", "comments"),
            evaluations(),
        )

        # Member statuses: a dated history per (Member, topic), mostly moving forward.
        def statuses_rows() -> Iterator[tuple[Any, ...]]:
            pairs = [(m, t) for m in member_ids for t in topic_ids]
            rng.shuffle(pairs)
            per_pair = max(1, counts["statuses"] // len(pairs))
            extra = counts["statuses"] - per_pair * len(pairs)
            i = 0
            for n, (member, topic) in enumerate(pairs):
                k = per_pair + (1 if n < extra else 0)
                if k <= 0 or i >= counts["statuses"]:
                    continue
                days = sorted(rng.sample(range((LAST_DAY - datetime.date(2015, 1, 1)).days), k))
                level = 0
                for offset in days:
                    step = rng.random()
                    if step < 0.6:
                        level = min(3, level + 1)
                    elif step < 0.7:
                        level = max(0, level - 1)
                    effective = datetime.date(2015, 1, 1) + datetime.timedelta(days=offset)
                    yield (
                        *recorded("MST", i),
                        member,
                        topic,
                        STATUS_ORDER[level],
                        d(effective),
                        "",
                    )
                    i += 1

        loader.load(
            "facts_memberstatus",
            (*rec, "member_id", "topic_id", "status", "effective", "evidence"),
            statuses_rows(),
        )

        # Agreements between pairs of Members.
        n_agr = counts["agreements"]
        agr0 = loader.next_id("facts_agreement")
        agr_kinds = _pick(
            rng, (("aeo_mra", 40), ("info_exchange", 30), ("mou", 20), ("other", 10)), n_agr
        )

        def agreements() -> Iterator[tuple[Any, ...]]:
            for i in range(n_agr):
                signed = _day(rng, datetime.date(2008, 1, 1), LAST_DAY)
                yield (agr0 + i, *recorded("AGR", i), agr_kinds[i], "", d(signed))

        loader.load("facts_agreement", ("id", *rec, "kind", "title", "signed_on"), agreements())

        def agreement_members() -> Iterator[tuple[int, int]]:
            for i in range(n_agr):
                for member in rng.sample(member_ids, 2):
                    yield agr0 + i, member

        loader.load("facts_agreement_members", ("agreement_id", "member_id"), agreement_members())

        # Outputs, with Members and actions.
        n_out = counts["outputs"]
        out0 = loader.next_id("facts_output")
        out_kinds = _pick(rng, OUTPUT_KINDS, n_out)

        def outputs() -> Iterator[tuple[Any, ...]]:
            for i in range(n_out):
                day = _day(rng, FIRST_DAY, LAST_DAY)
                yield (out0 + i, *recorded("OUT", i), out_kinds[i], f"Output {i}", d(day), "")

        loader.load("facts_output", ("id", *rec, "kind", "title", "date", "link"), outputs())

        def output_members() -> Iterator[tuple[int, int]]:
            for i in range(n_out):
                for member in rng.sample(member_ids, rng.choice((0, 1, 1, 2, 3))):
                    yield out0 + i, member

        loader.load("facts_output_members", ("output_id", "member_id"), output_members())

        def output_actions() -> Iterator[tuple[int, int]]:
            for i in range(n_out):
                if rng.random() < 0.6:
                    for action in rng.sample(action_ids, rng.choice((1, 1, 2))):
                        yield out0 + i, action

        loader.load("facts_output_actions", ("output_id", "action_id"), output_actions())

        # Experts and their assignments to activities.
        n_exp = counts["experts"]
        exp0 = loader.next_id("facts_expert")

        def experts() -> Iterator[tuple[Any, ...]]:
            for i in range(n_exp):
                accreditation = _pick(
                    rng, (("accredited", 45), ("provisional", 20), ("none", 35)), 1
                )[0]
                yield (
                    exp0 + i,
                    *recorded("EXP", i),
                    f"Expert {i}",
                    rng.choice(member_ids),
                    accreditation,
                    "",
                    _pick(rng, GENDERS, 1)[0],
                    "",
                    "",
                )

        loader.load(
            "facts_expert",
            ("id", *rec, "name", "home_id", "accreditation", "category", "gender", "languages",
             "email"),
            experts(),
        )  # fmt: skip
        missions = [act0 + i for i in range(n_act) if kinds[i] == "mission"] or [act0]

        def assignments() -> Iterator[tuple[Any, ...]]:
            seen: set[tuple[int, int]] = set()
            i = 0
            while i < counts["assignments"]:
                pool = missions if rng.random() < 0.5 else held or missions
                pair = (rng.choice(pool), exp0 + rng.randrange(n_exp))
                if pair in seen:
                    continue
                seen.add(pair)
                yield (*recorded("ASG", i), *pair)
                i += 1

        loader.load("facts_expertassignment", (*rec, "activity_id", "expert_id"), assignments())

        # Requests: Members' requests for assistance, the Secretariat's for contributions.
        def requests() -> Iterator[tuple[Any, ...]]:
            for i in range(counts["requests"]):
                kind = "assistance" if rng.random() < 0.7 else "contribution"
                asked = _pick(rng, ACTIVITY_KINDS, 1)[0] if rng.random() < 0.9 else ""
                if kind == "assistance" and rng.random() < 0.5:
                    asked = "mission"
                on = _day(rng, FIRST_DAY, LAST_DAY)
                fulfilled = None
                if rng.random() < 0.7:
                    fulfilled = on + datetime.timedelta(days=rng.randrange(1, 240))
                if kind == "assistance":
                    by, to = rng.choice(member_ids), None
                else:
                    by, to = None, rng.choice(member_ids)
                answered = None
                if fulfilled is not None and rng.random() < 0.8:
                    answered = rng.choice(missions if asked == "mission" else held or missions)
                yield (
                    *recorded("REQ", i),
                    kind,
                    f"Request {i}",
                    asked,
                    d(on),
                    by,
                    to,
                    d(fulfilled),
                    answered,
                )

        loader.load(
            "facts_request",
            (
                *rec,
                "kind",
                "subject",
                "activity_kind",
                "requested_on",
                "requested_by_id",
                "addressed_to_id",
                "fulfilled_on",
                "activity_id",
            ),
            requests(),
        )
        loader.finish()
    total = time.perf_counter() - started
    print(
        f"Loaded {loader.rows:,} rows in {total:.1f} s: {loader.rows / total:,.0f} rows/s overall "
        f"({loader.rows / loader.seconds:,.0f} rows/s in the bulk writes), {vendor}, "
        f"scale {scale}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 2M participations")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--database-url", help="defaults to DATABASE_URL or the SQLite file")
    args = parser.parse_args(argv)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stratmon.settings")
    import django

    django.setup()
    generate(args.scale, args.seed)


if __name__ == "__main__":
    main()
