"""The request desk's figures for one organisation, as plain data (rendered as HTML tables and
CSV by the views): open requests by age and state, the median days to answer and to deliver
by sub-region, and the experts' load month by month over a year. Read in a fixed number of
queries (5) whatever the number of requests and assignments; medians computed here.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Min

from stratmon.facts.models import Activity, ExpertAssignment
from stratmon.plans.models import Membership, Organisation

from .models import OPEN, Case, State, Step

# Age bands of an open request, in whole days since it was received: (first, last, label).
AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 30, "0–30 days"),
    (31, 90, "31–90 days"),
    (91, 180, "91–180 days"),
    (181, None, "over 180 days"),
)
NO_SUBREGION = "no sub-region"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def median(values: Iterable[int]) -> Decimal | None:
    """The median of `values` (whole days): the middle one, or the mean of the two middle
    ones for an even count (so 1.5 may come out); None for no value."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    middle = n // 2
    if n % 2:
        return Decimal(ordered[middle])
    return Decimal(ordered[middle - 1] + ordered[middle]) / 2


def band_of(days: int) -> int:
    """The index in AGE_BANDS of a request open for `days` days (0 the day it came)."""
    for i, (_, last, _) in enumerate(AGE_BANDS):
        if last is None or days <= last:
            return i
    return len(AGE_BANDS) - 1


@dataclass(frozen=True)
class AgeRow:
    state: str
    label: str
    counts: tuple[int, ...]  # one per age band

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Timing:
    """The days from received to answered (accepted or declined) and to delivered, for one
    sub-region (or all: `subregion` "all")."""

    subregion: str
    answered: int
    answer_median: Decimal | None
    delivered: int
    deliver_median: Decimal | None


@dataclass(frozen=True)
class Load:
    """One expert's assignments in the year: per month (by the activity's first day), the
    activities and the days they last within the year."""

    key: str
    name: str
    months: tuple[int, ...]
    activities: int
    days: int


@dataclass(frozen=True)
class Figures:
    organisation: Organisation
    today: datetime.date
    year: int
    ages: tuple[AgeRow, ...]
    age_totals: tuple[int, ...]
    timings: tuple[Timing, ...]  # by sub-region, then "all"
    load: tuple[Load, ...]
    month_totals: tuple[int, ...]

    @property
    def open_total(self) -> int:
        return sum(self.age_totals)


def open_by_age(organisation: Organisation, today: datetime.date) -> list[AgeRow]:
    counts: dict[str, list[int]] = {s: [0] * len(AGE_BANDS) for s in OPEN}
    rows = Case.objects.filter(organisation=organisation, state__in=OPEN).values_list(
        "state", "received_on"
    )
    for state, received in rows:
        counts[state][band_of(max((today - received).days, 0))] += 1
    return [AgeRow(s, State(s).label, tuple(counts[s])) for s in OPEN]


def timings(organisation: Organisation) -> list[Timing]:
    """Median days to answer and to deliver, by sub-region of the requesting Member within
    the organisation, then over all (last)."""
    subregions = dict(
        Membership.objects.filter(organisation=organisation).values_list("member_id", "subregion")
    )
    cases = Case.objects.filter(organisation=organisation)
    answer: dict[str, list[int]] = defaultdict(list)
    for member_id, received, answered in cases.filter(answered_on__isnull=False).values_list(
        "member_id", "received_on", "answered_on"
    ):
        answer[subregions.get(member_id) or NO_SUBREGION].append((answered - received).days)
    deliver: dict[str, list[int]] = defaultdict(list)
    delivered = (
        Step.objects.filter(case__organisation=organisation, state=State.DELIVERED)
        .values("case_id", "case__member_id", "case__received_on")
        .annotate(on=Min("on"))
        .order_by()
    )
    for row in delivered:
        region = subregions.get(row["case__member_id"]) or NO_SUBREGION
        deliver[region].append((row["on"] - row["case__received_on"]).days)
    found = [_timing(r, answer[r], deliver[r]) for r in sorted(set(answer) | set(deliver))]
    every = [d for ds in answer.values() for d in ds], [d for ds in deliver.values() for d in ds]
    return [*found, _timing("all", *every)]


def _timing(subregion: str, answer: Sequence[int], deliver: Sequence[int]) -> Timing:
    return Timing(subregion, len(answer), median(answer), len(deliver), median(deliver))


def experts_load(organisation: Organisation, year: int) -> list[Load]:
    """The experts the organisation's activities used in `year` (cancelled ones aside), with
    their assignments by the month the activity begins, busiest first."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = (
        ExpertAssignment.objects.filter(
            activity__organiser=organisation,
            activity__start__lte=last,
            activity__end__gte=first,
        )
        .exclude(activity__status=Activity.Status.CANCELLED)
        .values_list("expert__ref", "expert__name", "activity__start", "activity__end")
    )
    months: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 12)
    days: dict[tuple[str, str], int] = defaultdict(int)
    for ref, name, start, end in rows:
        months[(ref, name)][max(start, first).month - 1] += 1
        days[(ref, name)] += (min(end, last) - max(start, first)).days + 1
    load = [
        Load(ref, name, tuple(m), sum(m), days[(ref, name)]) for (ref, name), m in months.items()
    ]
    return sorted(load, key=lambda x: (-x.activities, -x.days, x.name, x.key))


def build_figures(organisation: Organisation, year: int, today: datetime.date) -> Figures:
    ages = open_by_age(organisation, today)
    load = experts_load(organisation, year)
    return Figures(
        organisation=organisation,
        today=today,
        year=year,
        ages=tuple(ages),
        age_totals=tuple(sum(r.counts[i] for r in ages) for i in range(len(AGE_BANDS))),
        timings=tuple(timings(organisation)),
        load=tuple(load),
        month_totals=tuple(sum(x.months[i] for x in load) for i in range(12)),
    )


def figures_rows(f: Figures) -> list[list[str]]:
    """The figures as rows of a CSV file: one block per table, a blank row between."""
    rows: list[list[str]] = [[f"{f.organisation.short_name}: request desk, {f.today.isoformat()}"]]
    rows += [[], ["open requests by age", *(b[2] for b in AGE_BANDS), "total"]]
    rows += [[r.label, *map(str, r.counts), str(r.total)] for r in f.ages]
    rows += [["all open", *map(str, f.age_totals), str(f.open_total)]]
    rows += [
        [],
        ["sub-region", "answered", "median days to answer", "delivered", "median days to deliver"],
    ]
    rows += [
        [
            t.subregion,
            str(t.answered),
            _text(t.answer_median),
            str(t.delivered),
            _text(t.deliver_median),
        ]
        for t in f.timings
    ]
    rows += [[], [f"experts' assignments in {f.year}", "ref", *MONTHS, "activities", "days"]]
    rows += [[x.name, x.key, *map(str, x.months), str(x.activities), str(x.days)] for x in f.load]
    return rows


def _text(value: Decimal | None) -> str:
    return "" if value is None else str(value)
