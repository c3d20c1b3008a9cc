"""The expert pool as the ranking reads it, loaded in a fixed number of queries whatever its
size (7: experts, their topics, assignments and unavailable periods on the dates, past
scores, recent load, the gender of the experts used so far), and the ranking of a request.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import BigIntegerField, Count, F, QuerySet, Sum, Value
from django.db.models.functions import Cast, Round
from django.utils import timezone

from stratmon.facts.models import Activity, Expert, ExpertAssignment

from .models import Case, Unavailability
from .ranking import LOAD_DAYS, Ask, Busy, Candidate, Ranking, languages_of, rank

COLUMNS = (
    "pk",
    "ref",
    "name",
    "home__iso3",
    "gender",
    "accreditation",
    "accredited_on",
    "accredited_until",
    "languages",
)


def ask_of(case: Case, today: datetime.date | None = None) -> Ask:
    """What `case` asks for, as the ranking reads it."""
    return Ask(
        member=case.member.iso3,
        topics=frozenset(t.code for t in case.topics.all()),
        language=case.language,
        start=case.preferred_start,
        end=case.preferred_end or case.preferred_start,
        today=today or timezone.localdate(),
    )


def candidates(
    ask: Ask,
    experts: QuerySet[Expert] | None = None,
    *,
    skip_activity: Activity | None = None,
) -> list[Candidate]:
    """The experts of `experts` (the whole pool) who could answer `ask`: with the request's
    topics among theirs when it names any, each with what makes them busy on its dates.
    `skip_activity` is left out of the busy periods (the request's own, when rescheduling)."""
    pool = Expert.objects.all() if experts is None else experts
    if ask.topics:
        pool = pool.filter(expertise__code__in=sorted(ask.topics)).distinct()
    ids = pool.order_by().values("pk")
    rows = list(pool.order_by("name", "ref").values_list(*COLUMNS))
    expertise: dict[int, set[str]] = defaultdict(set)
    through = Expert.expertise.through.objects.filter(expert_id__in=ids)
    for expert_id, code in through.values_list("expert_id", "topic__code"):
        expertise[expert_id].add(code)
    busy = _busy(ask, ids, skip_activity)
    scores = _scores(ids)
    recent = _recent(ask, ids)
    found = []
    for pk, ref, name, home, gender, accreditation, since, until, languages in rows:
        found.append(
            Candidate(
                key=ref,
                name=name,
                home=home,
                gender=gender,
                accreditation=accreditation,
                accredited_on=since,
                accredited_until=until,
                expertise=frozenset(expertise[pk]),
                languages=languages_of(languages),
                busy=tuple(busy[pk]),
                scores=tuple(scores[pk]),
                recent=recent.get(pk, 0),
            )
        )
    return found


def _busy(ask: Ask, ids: Any, skip: Activity | None) -> dict[int, list[Busy]]:
    busy: dict[int, list[Busy]] = defaultdict(list)
    if ask.start is None:
        return busy
    end = ask.end or ask.start
    taken = ExpertAssignment.objects.filter(
        expert_id__in=ids, activity__start__lte=end, activity__end__gte=ask.start
    ).exclude(activity__status=Activity.Status.CANCELLED)
    if skip is not None:
        taken = taken.exclude(activity=skip)
    for expert_id, start, last, ref, title in taken.values_list(
        "expert_id", "activity__start", "activity__end", "activity__ref", "activity__title"
    ):
        busy[expert_id].append(Busy(start, last, f"assigned to {ref} {title}"))
    away = Unavailability.objects.filter(expert_id__in=ids, start__lte=end, end__gte=ask.start)
    for expert_id, start, last, note in away.values_list("expert_id", "start", "end", "note"):
        busy[expert_id].append(
            Busy(start, last, f"unavailable ({note})" if note else "unavailable")
        )
    return busy


def _scores(ids: Any) -> dict[int, list[Decimal]]:
    """Each expert's past activities' mean scores, as a share of each evaluation's scale
    (weighted by responses, as the KPIs read scores), in activity order.

    Summed as whole thousandths of a point, as the KPIs do (facts.measure_rows.MILLIPOINTS):
    SQLite keeps a whole score such as 4.0 as an integer, and dividing it there by the
    scale truncated (4 × 21 / 5 gave 16)."""
    evaluation = "activity__evaluations__"
    milli = Cast(Round(F(f"{evaluation}score") * Value(Decimal(1000))), BigIntegerField()) * F(
        f"{evaluation}responses"
    )
    rows = (
        ExpertAssignment.objects.filter(
            expert_id__in=ids,
            activity__status=Activity.Status.HELD,
            activity__evaluations__isnull=False,
        )
        .values_list("expert_id", "activity_id", f"{evaluation}scale_max")
        .annotate(milli=Sum(milli), n=Sum(f"{evaluation}responses"))
        .order_by("expert_id", "activity_id")
    )
    points: dict[tuple[int, int], list[Decimal]] = {}
    for expert_id, activity_id, scale, millipoints, n in rows:
        # An activity evaluated on two scales: each brought to a share of its own.
        sums = points.setdefault((expert_id, activity_id), [Decimal(0), Decimal(0)])
        sums[0] += Decimal(millipoints) / (1000 * scale)
        sums[1] += n
    scores: dict[int, list[Decimal]] = defaultdict(list)
    for (expert_id, _), (total, n) in points.items():
        scores[expert_id].append((total / n).quantize(Decimal("0.0001")))
    return scores


def _recent(ask: Ask, ids: Any) -> dict[int, int]:
    since = ask.on - datetime.timedelta(days=LOAD_DAYS)
    rows = (
        ExpertAssignment.objects.filter(
            expert_id__in=ids, activity__start__gte=since, activity__start__lt=ask.on
        )
        .exclude(activity__status=Activity.Status.CANCELLED)
        .values("expert_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["expert_id"]: r["n"] for r in rows}


def used_genders(case: Case, on: datetime.date) -> dict[str, int]:
    """The experts the case's organisation used in the 12 months before `on`, by gender
    (an expert used twice counts once)."""
    since = on - datetime.timedelta(days=LOAD_DAYS)
    # From the assignments: excluding a cancelled activity from the experts' side would drop
    # every expert with any cancelled assignment anywhere (and scan them all: 0.8 s at 2,000).
    rows = (
        ExpertAssignment.objects.filter(
            activity__organiser=case.organisation,
            activity__start__gte=since,
            activity__start__lte=on,
        )
        .exclude(activity__status=Activity.Status.CANCELLED)
        .values("expert__gender")
        .annotate(n=Count("expert_id", distinct=True))
        .order_by()
    )
    return {r["expert__gender"]: r["n"] for r in rows}


def rank_case(case: Case, today: datetime.date | None = None) -> Ranking:
    """The pool ranked for `case`, best first, with the experts left out and why."""
    ask = ask_of(case, today)
    skip = case.fact.activity
    return rank(candidates(ask, skip_activity=skip), ask, used_genders(case, ask.on))


def candidate_of(expert: Expert, ask: Ask, *, skip_activity: Activity | None = None) -> Candidate:
    """One expert as the ranking reads them, for checking a choice made by hand."""
    found = candidates(
        Ask(ask.member, frozenset(), ask.language, ask.start, ask.end, ask.today),
        Expert.objects.filter(pk=expert.pk),
        skip_activity=skip_activity,
    )
    return found[0]
