"""Who took part and how they rated it, over a plan's period: participations by gender and
evaluation scores, grouped in SQL in a fixed number of queries whatever the data size.

The population is the one the plan's participation and evaluation KPIs count (see
`aggregates._participations` and `aggregates._evaluations`): every held activity whose start
falls between the plan's first day and the as-of date (or the plan's end), whoever organised
it and whether or not it is linked to one of the plan's actions.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from stratmon.engine.periods import Period, periods_for
from stratmon.plans.models import KPI, Member, Membership, Plan

from .measure_rows import MILLIPOINTS
from .models import Activity, Evaluation, Participation

GENDERS: tuple[str, ...] = tuple(Participation.Gender.values)  # female, male, other, not_stated
HEAD = Participation.Role.HEAD_OF_DELEGATION
KINDS: tuple[str, ...] = tuple(Activity.Kind.values)
SCALE = 5  # scores are shown out of 5, as the KPIs' targets ("4 out of 5") put them
# Where a participant's Member has no sub-region to put it in: said, never dropped.
NO_SUBREGION = "No sub-region recorded"
NO_MEMBER = "No Member recorded"


def not_a_member(plan: Plan) -> str:
    return f"Not a Member of {plan.organisation.short_name}"


@dataclass(frozen=True)
class GenderCounts:
    """Participations by gender; the share of women is women ÷ all, as KPI shares count."""

    female: int = 0
    male: int = 0
    other: int = 0
    not_stated: int = 0

    @property
    def total(self) -> int:
        return self.female + self.male + self.other + self.not_stated

    @property
    def women_share(self) -> Decimal | None:
        """Women ÷ all participations (other and not stated included), None for none."""
        return Decimal(self.female) / self.total if self.total else None

    def __add__(self, other: GenderCounts) -> GenderCounts:
        pairs = zip(self.as_tuple(), other.as_tuple(), strict=True)
        return GenderCounts(*(a + b for a, b in pairs))

    def as_tuple(self) -> tuple[int, int, int, int]:
        return self.female, self.male, self.other, self.not_stated

    def as_dict(self) -> dict[str, int]:
        return dict(zip(GENDERS, self.as_tuple(), strict=True))


def _counts(found: dict[str, int]) -> GenderCounts:
    return GenderCounts(**{g: found.get(g, 0) for g in GENDERS})


@dataclass(frozen=True)
class Scores:
    """Evaluation points (each score as a fraction of its scale, times its responses) and
    responses; the mean is points ÷ responses, out of 5."""

    points: Decimal = Decimal(0)
    responses: int = 0

    @property
    def mean(self) -> Decimal | None:
        """The mean score out of 5, to two decimals; None without a response."""
        if not self.responses:
            return None
        return (self.points / self.responses * SCALE).quantize(Decimal("0.01"))

    def __add__(self, other: Scores) -> Scores:
        return Scores(self.points + other.points, self.responses + other.responses)


@dataclass(frozen=True)
class Group:
    """A row of the breakdown by sub-region (or by Member): its label and counts."""

    label: str
    counts: GenderCounts
    members: int = 0  # Members of the organisation in it (0 for the catch-all rows)


@dataclass(frozen=True)
class PeopleFigures:
    plan: Plan
    as_of: datetime.date
    window: Period | None  # plan start to min(as_of, plan end); None before the plan starts
    kinds: tuple[str, ...]  # the activity kinds filtered on; () for all
    subregion: str  # the sub-region filtered on; "" for all
    subregions: list[str]  # the organisation's sub-regions, for the filter
    by_subregion: bool  # False when no membership records a sub-region: grouped by Member
    total: GenderCounts = GenderCounts()
    years: list[tuple[Period, GenderCounts]] = field(default_factory=list)
    by_kind: list[tuple[str, GenderCounts]] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    members: list[Group] = field(default_factory=list)  # the Members the user may see
    heads: list[tuple[Period, GenderCounts]] = field(default_factory=list)
    heads_total: GenderCounts = GenderCounts()
    scores_total: Scores = Scores()
    scores_by_kind: list[tuple[str, Scores]] = field(default_factory=list)
    scores_by_year: list[tuple[Period, Scores]] = field(default_factory=list)
    scores_by_quarter: list[tuple[Period, Scores]] = field(default_factory=list)
    kpis: list[KPI] = field(default_factory=list)  # the plan's KPIs on these facts


def plan_window(plan: Plan, as_of: datetime.date) -> Period | None:
    """The days whose activities count: the plan's start to the as-of date (or its end)."""
    if as_of < plan.period_start:
        return None
    return Period(plan.period_start, min(as_of, plan.period_end))


def begun(plan: Plan, window: Period, months: int) -> list[Period]:
    """The plan's periods of `months` months begun by the window's end, the last cut there."""
    return [
        Period(p.start, min(p.end, window.end))
        for p in periods_for(plan.period_start, plan.period_end, months, plan.year_start_month)
        if p.start <= window.end
    ]


def people_figures(
    plan: Plan,
    as_of: datetime.date,
    visible_members: QuerySet[Member],
    *,
    kinds: Sequence[str] = (),
    subregion: str = "",
) -> PeopleFigures:
    """The gender and evaluation figures of `plan` as of `as_of`, in five queries.

    `kinds` limits both to activities of those kinds (unknown kinds are dropped);
    `subregion` limits participations to those of Members of the plan's organisation in that
    sub-region (ignored, and "" in the result, when the organisation has no such sub-region;
    evaluations are not recorded per Member, so it does not limit them). Per-Member rows are
    given only for Members in `visible_members` (access.member_scope); the others are summed
    into one row. Counts of the breakdowns always add up to the total.
    """
    kinds = tuple(k for k in KINDS if k in kinds)
    memberships = _memberships(plan, visible_members)  # query 1
    subregions = sorted({s for _, _, s, _ in memberships if s})
    if subregion not in subregions:
        subregion = ""
    window = plan_window(plan, as_of)
    figures = PeopleFigures(
        plan=plan,
        as_of=as_of,
        window=window,
        kinds=kinds,
        subregion=subregion,
        subregions=subregions,
        by_subregion=bool(subregions),
        kpis=list(  # query 2
            plan.kpis.filter(measure__source__in=("participations", "evaluations")).order_by(
                "order"
            )
        ),
    )
    if window is None:
        return figures
    years, quarters = begun(plan, window, 12), begun(plan, window, 3)
    activity = Q(
        activity__status=Activity.Status.HELD,
        activity__start__gte=window.start,
        activity__start__lte=window.end,
    )
    if kinds:
        activity &= Q(activity__kind__in=kinds)
    participations = Participation.objects.filter(activity)
    if subregion:
        in_region = Membership.objects.filter(organisation=plan.organisation, subregion=subregion)
        participations = participations.filter(member__in=in_region.values("member_id"))
    by_kind, by_year, heads = _participations(participations, years)  # query 3
    per_member = _per_member(participations)  # query 4
    groups, members = _groups(plan, memberships, per_member, by_subregion=bool(subregions))
    scores = _scores(Evaluation.objects.filter(activity), years, quarters)  # query 5
    total = sum(by_kind.values(), GenderCounts())
    return replace(
        figures,
        total=total,
        years=[(p, by_year[i]) for i, p in enumerate(years)],
        by_kind=[(k, by_kind[k]) for k in KINDS if k in by_kind],
        groups=groups,
        members=members,
        heads=[(p, heads[i]) for i, p in enumerate(years)],
        heads_total=sum(heads.values(), GenderCounts()),
        scores_total=sum((s for s, _, _ in scores.values()), Scores()),
        scores_by_kind=[(k, scores[k][0]) for k in KINDS if k in scores],
        scores_by_year=[
            (p, sum((s[1][i] for s in scores.values()), Scores())) for i, p in enumerate(years)
        ],
        scores_by_quarter=[
            (p, sum((s[2][i] for s in scores.values()), Scores())) for i, p in enumerate(quarters)
        ],
    )


def _memberships(plan: Plan, visible_members: QuerySet[Member]) -> list[tuple[int, str, str, bool]]:
    """(Member id, name, sub-region, visible) of every Member that belongs or belonged to the
    plan's organisation: a participant keeps its Member's sub-region whatever the dates."""
    visible = Exists(visible_members.filter(pk=OuterRef("member_id")))
    return list(
        Membership.objects.filter(organisation=plan.organisation)
        .annotate(visible=visible)
        .order_by("member__name")
        .values_list("member_id", "member__name", "subregion", "visible")
    )


def _in(period: Period) -> Q:
    return Q(activity__start__range=(period.start, period.end))


def _participations(
    qs: QuerySet[Participation], years: list[Period]
) -> tuple[dict[str, GenderCounts], dict[int, GenderCounts], dict[int, GenderCounts]]:
    """One grouped query: by kind, by plan year, and heads of delegation by plan year.

    Rows come per (kind, gender): at most 12 × 4, whatever the number of participations.
    """
    head = Q(role=HEAD)
    aggregates: dict[str, Any] = {"n": Count("pk")}
    for i, p in enumerate(years):
        aggregates[f"y{i}"] = Count("pk", filter=_in(p))
        aggregates[f"h{i}"] = Count("pk", filter=_in(p) & head)
    rows = qs.values("activity__kind", "gender").annotate(**aggregates).order_by()
    kinds: dict[str, dict[str, int]] = {}
    years_found: dict[int, dict[str, int]] = {i: {} for i in range(len(years))}
    heads_found: dict[int, dict[str, int]] = {i: {} for i in range(len(years))}
    for row in rows:
        kind, gender = row["activity__kind"], row["gender"]
        found = kinds.setdefault(kind, {})
        found[gender] = found.get(gender, 0) + row["n"]
        for i in range(len(years)):
            years_found[i][gender] = years_found[i].get(gender, 0) + row[f"y{i}"]
            heads_found[i][gender] = heads_found[i].get(gender, 0) + row[f"h{i}"]
    return (
        {k: _counts(v) for k, v in kinds.items()},
        {i: _counts(v) for i, v in years_found.items()},
        {i: _counts(v) for i, v in heads_found.items()},
    )


def _per_member(qs: QuerySet[Participation]) -> dict[int | None, GenderCounts]:
    """One grouped query: participations per Member (None: no Member recorded) and gender."""
    found: dict[int | None, dict[str, int]] = {}
    rows = qs.values_list("member_id", "gender").annotate(n=Count("pk")).order_by()
    for member_id, gender, n in rows:
        found.setdefault(member_id, {})[gender] = n
    return {m: _counts(v) for m, v in found.items()}


def _groups(
    plan: Plan,
    memberships: list[tuple[int, str, str, bool]],
    per_member: dict[int | None, GenderCounts],
    *,
    by_subregion: bool,
) -> tuple[list[Group], list[Group]]:
    """The breakdown (by sub-region, else by Member) and the rows of the Members one may see.

    A Member the user may not see is never named: by Member, the others are summed in one
    row "Other Members of …". Participants of no Member, or of a Member outside the
    organisation, get rows of their own, so the rows add up to the total.
    """
    outside = dict(per_member)
    regions: dict[str, GenderCounts] = {}
    region_members: dict[str, int] = {}
    members, hidden, hidden_n = [], GenderCounts(), 0
    for member_id, name, subregion, visible in memberships:
        counts = outside.pop(member_id, GenderCounts())
        region = subregion or NO_SUBREGION
        regions[region] = regions.get(region, GenderCounts()) + counts
        region_members[region] = region_members.get(region, 0) + 1
        if visible:
            members.append(Group(name, counts, 1))
        else:
            hidden, hidden_n = hidden + counts, hidden_n + 1
    if by_subregion:
        named = sorted(r for r in regions if r != NO_SUBREGION)
        groups = [Group(r, regions[r], region_members[r]) for r in named]
        if NO_SUBREGION in regions and regions[NO_SUBREGION].total:
            groups.append(Group(NO_SUBREGION, regions[NO_SUBREGION], region_members[NO_SUBREGION]))
    else:
        groups = list(members)
        if hidden_n:
            label = f"Other Members of {plan.organisation.short_name}"
            groups.append(Group(label, hidden, hidden_n))
    nobody = outside.pop(None, GenderCounts())
    elsewhere = sum(outside.values(), GenderCounts())
    if elsewhere.total:
        groups.append(Group(not_a_member(plan), elsewhere))
    if nobody.total:
        groups.append(Group(NO_MEMBER, nobody))
    return groups, members


def _scores(
    qs: QuerySet[Evaluation], years: list[Period], quarters: list[Period]
) -> dict[str, tuple[Scores, list[Scores], list[Scores]]]:
    """One grouped query: per kind, the scores overall, per plan year and per quarter.

    As KPI evaluation does (`measure_rows.MILLIPOINTS`, `measure_rows.scores`): each score is
    brought to a fraction of its own scale and weighed by its responses, exactly, from
    integer sums per scale.
    """
    # Named apart from the fields: an annotation called "responses" would shadow the column.
    aggregates: dict[str, Any] = {"all_p": Sum(MILLIPOINTS), "all_r": Sum("responses")}
    for prefix, periods in (("y", years), ("q", quarters)):
        for i, p in enumerate(periods):
            aggregates[f"{prefix}{i}p"] = Sum(MILLIPOINTS, filter=_in(p))
            aggregates[f"{prefix}{i}r"] = Sum("responses", filter=_in(p))
    rows = qs.values("activity__kind", "scale_max").annotate(**aggregates).order_by()

    def scores(row: dict[str, Any], points: str, responses: str) -> Scores:
        value = Decimal(int(row[points] or 0)) / (1000 * row["scale_max"])
        return Scores(value, int(row[responses] or 0))

    found: dict[str, tuple[Scores, list[Scores], list[Scores]]] = {}
    for row in rows:
        kind = row["activity__kind"]
        total, by_year, by_quarter = found.get(
            kind, (Scores(), [Scores()] * len(years), [Scores()] * len(quarters))
        )
        found[kind] = (
            total + scores(row, "all_p", "all_r"),
            [s + scores(row, f"y{i}p", f"y{i}r") for i, s in enumerate(by_year)],
            [s + scores(row, f"q{i}p", f"q{i}r") for i, s in enumerate(by_quarter)],
        )
    return found
