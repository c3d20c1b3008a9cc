"""The fact rows each measure counts, on any date, and the raw values made of them.

One evaluation (`aggregates`) and the series over many dates (`series`) start from the same
querysets here, so they cannot disagree on which rows count.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import BigIntegerField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Round

from stratmon.engine.periods import Period, add_months
from stratmon.planfiles.measures import Measure
from stratmon.plans.models import Organisation

from .models import (
    Activity,
    Agreement,
    Evaluation,
    ExpertAssignment,
    Output,
    Participation,
    Request,
    accredited_in_force,
)

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Measured:
    """Raw values for the engine: a total, per-period values, or a numerator and denominator."""

    total: Decimal | None = None
    series: tuple[tuple[Period, Decimal], ...] = ()
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    # The level at the plan start (Member statuses, agreements), or the count in the 12
    # months before the plan (a change); None when the measure has no baseline.
    baseline: Decimal | None = None
    # Whether anything of the measured kind is recorded by the as-of date, whatever its
    # value (a count, or a count of joined rows): zero means "no data", not a zero.
    recorded: int | None = None


def is_level(m: Measure) -> bool:
    """A level: what is in force on the date, whenever it began (Member statuses, agreements).

    A level has a value before the plan starts, and its value on the plan's first day is its
    baseline. New adopters (`new_in_period`) are counted within the plan instead.
    """
    return m.source in ("member_statuses", "agreements") and not m.get("new_in_period")


def is_status_level(m: Measure) -> bool:
    """Member-status levels: all of a plan's are evaluated together."""
    return m.source == "member_statuses" and is_level(m)


def activity_facts(m: Measure, action_id: int) -> QuerySet[Activity]:
    """The activities measure `m` counts, on any date."""
    qs = Activity.objects.filter(status__in=m.get("statuses") or ("held",))
    if m.get("kinds"):
        qs = qs.filter(kind__in=m.get("kinds"))
    if m.linked:
        qs = qs.filter(actions=action_id)
    if m.get("with_partners"):
        qs = qs.filter(Exists(Activity.partners.through.objects.filter(activity=OuterRef("pk"))))
    return qs


def output_facts(m: Measure, action_id: int) -> QuerySet[Output]:
    """The outputs measure `m` counts, on any date."""
    qs = Output.objects.all()
    if m.get("kinds"):
        qs = qs.filter(kind__in=m.get("kinds"))
    if m.linked:
        qs = qs.filter(actions=action_id)
    return qs


def agreement_facts(m: Measure) -> QuerySet[Agreement]:
    """The agreements measure `m` counts, on any date."""
    qs = Agreement.objects.all()
    if m.get("kinds"):
        qs = qs.filter(kind__in=m.get("kinds"))
    return qs


def change_baseline(plan_start: datetime.date) -> Period:
    """Growth in the first plan year is measured against the 12 months before the plan."""
    return Period(add_months(plan_start, -12), plan_start - ONE_DAY)


def participation_facts(m: Measure, action_id: int, plan_start: datetime.date) -> QuerySet[Any]:
    """The participations measure `m` counts, on any date (a change's from its baseline on)."""
    qs = Participation.objects.filter(activity__status="held")
    if m.get("activity_kinds"):
        qs = qs.filter(activity__kind__in=m.get("activity_kinds"))
    if m.get("genders"):
        qs = qs.filter(gender__in=m.get("genders"))
    if m.get("roles"):
        qs = qs.filter(role__in=m.get("roles"))
    if m.linked:
        qs = qs.filter(activity__actions=action_id)
    if m.aggregate == "change":
        qs = qs.filter(activity__start__gte=change_baseline(plan_start).start)
    return qs


def participation_part(m: Measure) -> Q:
    """A participation share's numerator: the part of the participations it counts."""
    numerator = dict(m.numerator)
    part = Q()
    if numerator.get("genders"):
        part &= Q(gender__in=numerator["genders"])
    if numerator.get("roles"):
        part &= Q(role__in=numerator["roles"])
    return part


def request_facts(m: Measure, organisation: Organisation) -> QuerySet[Request]:
    """The requests measure `m` counts for a plan of `organisation`, on any date: those made
    to it (or by it), and those that name no organisation."""
    qs = Request.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation))
    if m.get("kinds"):
        qs = qs.filter(kind__in=m.get("kinds"))
    if m.get("activity_kinds"):
        qs = qs.filter(activity_kind__in=m.get("activity_kinds"))
    return qs


def request_part(m: Measure) -> tuple[Q | None, bool]:
    """A request share's numerator: a filter that holds on every date (None for none), and
    whether the request must also be fulfilled by the as-of date."""
    numerator = dict(m.numerator)
    part = None
    if numerator.get("with_accredited_expert"):
        accredited = ExpertAssignment.objects.filter(
            accredited_in_force(), activity=OuterRef("activity")
        )
        part = Q(Exists(accredited))
    return part, bool(numerator.get("fulfilled"))


def evaluation_facts(
    m: Measure, action_id: int, first: datetime.date, last: datetime.date
) -> QuerySet[Evaluation]:
    """The evaluations measure `m` averages, of activities held from `first` to `last`."""
    qs = Evaluation.objects.filter(
        activity__status="held", activity__start__gte=first, activity__start__lte=last
    )
    if m.get("activity_kinds"):
        qs = qs.filter(activity__kind__in=m.get("activity_kinds"))
    if m.linked:
        qs = qs.filter(activity__actions=action_id)
    return qs


# Thousandths of a point times responses: scores have three decimals, so this is an exact
# integer on every database (SQLite stores the decimal as a float, hence the rounding).
MILLIPOINTS = Cast(Round(F("score") * Value(Decimal(1000))), BigIntegerField()) * F("responses")


def scores(per_scale: dict[int, tuple[int, int]]) -> Measured:
    """A mean's numerator and denominator from {scale_max: (millipoints, responses)}.

    Scores on every scale are brought to a 0..1 fraction of their scale; the caller
    multiplies by the target's scale (4 out of 5). The sum weighs by responses and is
    computed exactly in Decimal, then kept to six decimals.
    """
    points = sum(
        (Decimal(int(milli)) / (1000 * scale) for scale, (milli, _) in sorted(per_scale.items())),
        Decimal(0),
    )
    responses = sum(int(n) for _, n in per_scale.values())
    return Measured(
        numerator=points.quantize(Decimal("0.000001")).normalize(),
        denominator=Decimal(responses),
        recorded=responses,
    )
