"""Sample requests for `stratmon init --sample` and `stratmon sample load`: a dozen requests
for assistance over the last eight months, in every state, moved through the desk's own
services (the top-ranked expert is proposed), so the desk's pages and figures have something
to show. Subjects start `[Sample] `; removed with the rest of the sample data."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.db import transaction

from stratmon.facts.models import Activity, Evaluation, ExpertAssignment, Request, Topic
from stratmon.history.recording import delete_records
from stratmon.plans.models import Member, Organisation

from . import delivery, services
from .matching import rank_case
from .models import Case, Channel, Kind, State, Urgency

LABEL = "[Sample] "
SEED = 2026
VIA = "sample"
# (subject, kind, topic codes, the state it reaches)
REQUESTS = [
    ("Diagnostic mission on RKC accession", Kind.MISSION, ("rkc",), State.EVALUATED),
    ("AEO programme design", Kind.MISSION, ("aeo",), State.EVALUATED),
    ("TFA implementation support", Kind.MISSION, ("tfa",), State.DELIVERED),
    ("Valuation database training", Kind.TRAINING, ("valuation-db",), State.DELIVERED),
    ("Risk management workshop", Kind.WORKSHOP, ("rm-compendium",), State.SCHEDULED),
    ("nCEN set-up advice", Kind.OTHER, ("ncen",), State.PROPOSED),
    ("Single Window roadmap", Kind.MISSION, ("rkc", "tfa"), State.ACCEPTED),
    ("Valuation database mission", Kind.MISSION, ("valuation-db",), State.RECEIVED),
    ("HS 2022 implementation", Kind.TRAINING, ("aeo",), State.RECEIVED),
    ("Integrity action plan", Kind.MISSION, ("rkc",), State.DECLINED),
    ("Risk profiling mission", Kind.MISSION, ("ncen",), State.EVALUATED),
    ("e-Commerce framework", Kind.WEBINAR, (), State.DELIVERED),
]
ORDER = [State.ACCEPTED, State.PROPOSED, State.SCHEDULED, State.DELIVERED, State.EVALUATED]


def load_request_sample(end: datetime.date) -> dict[str, int]:
    """The sample requests, received over the 240 days before `end`."""
    rng = random.Random(SEED)
    orgs = {o.code: o for o in Organisation.objects.filter(code__in=("rocb-ap", "oco"))}
    made = 0
    for n, (subject, kind, codes, reach) in enumerate(REQUESTS):
        org = orgs.get("oco" if n % 3 == 2 else "rocb-ap")
        if org is None:
            continue
        members = list(Member.objects.of(org, end).order_by("iso3"))
        if not members:
            continue
        received = end - datetime.timedelta(days=240 - n * 17)
        start = received + datetime.timedelta(days=45 + rng.randint(0, 20))
        filing = services.Filing(
            organisation=org,
            member=rng.choice(members),
            subject=f"{LABEL}{subject}",
            kind=kind,
            details="Requested by the Director General's letter.",
            topics=tuple(Topic.objects.filter(code__in=codes)),
            preferred_start=start,
            preferred_end=start + datetime.timedelta(days=4),
            language=rng.choice(["English", "English", "French"]),
            urgency=rng.choice(Urgency.values),
            channel=Channel.LETTER if n % 4 == 0 else Channel.WEB,
            received_on=received,
        )
        with transaction.atomic():
            case = services.file_request(filing, user=None, via=VIA)
            _move(case, reach, received, start, end, rng)
        made += 1
    _mark_sample()
    return {"desk requests": made}


def _move(
    case: Case,
    reach: str,
    received: datetime.date,
    start: datetime.date,
    end: datetime.date,
    rng: random.Random,
) -> None:
    day = min(received + datetime.timedelta(days=rng.randint(2, 15)), end)
    if reach == State.RECEIVED:
        return
    if reach == State.DECLINED:
        services.decline(
            case, "Covered by the regional workshop already planned", user=None, on=day
        )
        return
    services.accept(case, user=None, on=day)
    goal = ORDER.index(reach)
    ranked = rank_case(case, today=day).ranked
    if goal < 1 or not ranked:
        return
    day = min(day + datetime.timedelta(days=rng.randint(3, 10)), end)
    delivery.propose(case, _expert(ranked[0].candidate.key), user=None, on=day, via=VIA)
    if goal < 2:
        return
    day = min(day + datetime.timedelta(days=5), end)
    last = start + datetime.timedelta(days=3)
    delivery.schedule(case, start, last, user=None, on=day, place="Capital", via=VIA)
    if goal < 3 or last > end:
        return
    delivery.deliver(case, user=None, on=last, via=VIA)
    if goal < 4:
        return
    score = Decimal(rng.choice(["3.8", "4.2", "4.5", "4.7"]))
    delivery.evaluate(case, user=None, score=score, responses=rng.randint(8, 25), on=last, via=VIA)


def _expert(ref: str):
    from stratmon.facts.models import Expert

    return Expert.objects.get(ref=ref)


def _cases() -> Any:
    return Case.objects.filter(subject__startswith=LABEL)


def _mark_sample() -> None:
    """The facts the sample requests wrote are sample data too, so `sample remove` takes them."""
    cases = _cases()
    facts = Request.objects.filter(case__in=cases) | Request.objects.filter(
        contribution_case__in=cases
    )
    activities = Activity.objects.filter(requests__case__in=cases)
    Request.objects.filter(pk__in=facts.values("pk")).update(sample=True)
    Activity.objects.filter(pk__in=activities.values("pk")).update(sample=True)
    ExpertAssignment.objects.filter(activity__in=activities).update(sample=True)
    Evaluation.objects.filter(activity__in=activities).update(sample=True)


def remove_request_sample() -> int:
    """Delete the sample requests' desk files (their facts go with the other sample facts)."""
    return delete_records(_cases(), user=None, via=VIA, source="sample removed")[1].get(
        Case._meta.label, 0
    )
