"""The expert pool's part of the labelled sample data (`stratmon init --sample`, `stratmon
sample load`): the sample experts get languages, topics, accreditation dates (some in force,
one expiring soon, one expired) and a few unavailable periods, fixed for a given end day.
Removed with the sample experts (facts.sample.remove_sample: the periods go with them)."""

from __future__ import annotations

import datetime

from stratmon.facts.models import Expert, Topic
from stratmon.history.recording import record_created, record_updates, snapshots

from .models import Unavailability

VIA = "sample"
LOADED = "sample data: load"
LANGUAGES = ("English", "English; French", "English; Japanese", "English; Bahasa Indonesia")
TOPICS = (("rkc", "tfa"), ("aeo",), ("rm-compendium", "valuation-db"), ("ncen", "rkc"))


def load_desk_sample(end: datetime.date, *, requests: bool = True) -> dict[str, int]:
    """The desk's sample: the pool's details, then (with `requests`) a dozen requests moved
    through the desk."""
    from .sample_requests import load_request_sample

    return load_pool_sample(end) | (load_request_sample(end) if requests else {})


def remove_desk_sample() -> int:
    """Delete the sample requests' desk files; the rest goes with the sample facts."""
    from .sample_requests import remove_request_sample

    return remove_request_sample()


def load_pool_sample(end: datetime.date) -> dict[str, int]:
    """Fill in the sample experts' pool details relative to `end` (the sample's last day)."""
    experts = Expert.objects.filter(sample=True).order_by("ref")
    before = snapshots(experts)
    topics = {t.code: t for t in Topic.objects.filter(code__in={c for t in TOPICS for c in t})}
    periods = []
    for i, expert in enumerate(experts):
        expert.languages = LANGUAGES[i % len(LANGUAGES)]
        if expert.accreditation != Expert.Accreditation.NONE:
            # From before the sample's first missions (July 2022), so they count for 3.b.
            expert.accredited_on = datetime.date(2021, 1, 4) + datetime.timedelta(days=30 * i)
            # Most run two years more; the second expires within 90 days, the fourth has expired.
            days = {1: 45, 3: -20}.get(i, 730)
            expert.accredited_until = end + datetime.timedelta(days=days)
        expert.save(update_fields=["languages", "accredited_on", "accredited_until"])
        expert.expertise.set([topics[c] for c in TOPICS[i % len(TOPICS)] if c in topics])
        if i % 4 == 0:
            start = end + datetime.timedelta(days=14 + 7 * i)
            periods.append(
                Unavailability(
                    expert=expert,
                    start=start,
                    end=start + datetime.timedelta(days=9),
                    note="[Sample] on leave",
                )
            )
    record_updates(Expert, before, user=None, via=VIA, source=LOADED)
    Unavailability.objects.bulk_create(periods)
    # Recorded as removing them records them (by row, with the sample experts' cascade).
    added = Unavailability.objects.filter(expert__sample=True)
    record_created(added, user=None, via=VIA, source=LOADED)
    return {"unavailable periods": len(periods)}
