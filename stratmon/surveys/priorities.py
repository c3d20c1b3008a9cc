"""The regional priorities of an organisation's training-needs assessments: per round (year),
the topics ranked by need over the region, per sub-region and per Member, and compared with
the previous round (docs/surveys.md).

Every rating is read on its own form version's scale and normalised to 1–5 (`SCALE`), so a
round that asked 1–10 one year and 1–5 the next compares alike. Built in a constant number of
queries (`QUERIES`), whatever the number of surveys, forms, responses and Members.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from stratmon.plans.models import Member, Membership, Organisation

from .models import Form, Invitation, Purpose, Response, Survey

SCALE = 5  # every mean and rating is given on 1..SCALE
PLACES = Decimal("0.01")
NO_SUBREGION = "No sub-region"
# The surveys; the responses of the round and the one before; their form versions; the
# topics' names; the organisation's Members with their sub-region; the round's invitations.
QUERIES = 6


@dataclass(frozen=True)
class TopicNeed:
    """One topic's need over a group of Members: the mean rating (1–5), how many Members
    rated it and how many at the top two levels of their scale ("high need")."""

    code: str
    name: str
    rank: int
    mean: Decimal
    rated: int
    high: int


@dataclass(frozen=True)
class SubregionNeeds:
    subregion: str
    members: int  # Members of the sub-region that answered
    topics: tuple[TopicNeed, ...]


@dataclass(frozen=True)
class Rating:
    code: str
    given: int  # as answered, on `scale`
    scale: int
    value: Decimal  # normalised to 1..SCALE


@dataclass(frozen=True)
class MemberNeeds:
    iso3: str
    name: str
    subregion: str
    submitted: datetime.datetime  # when the response counted (its latest of the round) came
    ratings: tuple[Rating, ...]  # in the order of the round's ranking

    def rating(self, code: str) -> Rating | None:
        return next((r for r in self.ratings if r.code == code), None)


@dataclass(frozen=True)
class Change:
    """A topic this round against the previous one; None where it was not rated in one."""

    code: str
    name: str
    rank: int | None
    mean: Decimal | None
    previous_rank: int | None
    previous_mean: Decimal | None

    @property
    def rank_change(self) -> int | None:
        """Places moved up (positive) or down (negative) since the previous round."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank

    @property
    def mean_change(self) -> Decimal | None:
        if self.mean is None or self.previous_mean is None:
            return None
        return self.mean - self.previous_mean


@dataclass(frozen=True)
class Round:
    year: int
    surveys: tuple[int, ...]  # the pks of the round's surveys
    invited: int  # Members invited (or that answered without an invitation)
    answered: int  # Members that answered
    topics: tuple[TopicNeed, ...]
    subregions: tuple[SubregionNeeds, ...]
    members: tuple[MemberNeeds, ...]  # those the reader may see (access.member_scope)
    hidden_members: int  # Members that answered but are outside the reader's scope
    previous_year: int | None
    comparison: tuple[Change, ...]

    @property
    def response_rate(self) -> Decimal | None:
        if not self.invited:
            return None
        return (Decimal(self.answered) / self.invited).quantize(PLACES, ROUND_HALF_UP)


@dataclass(frozen=True)
class Priorities:
    organisation: Organisation
    years: tuple[int, ...]  # every round of the organisation's needs surveys, newest first
    round: Round | None  # the chosen one (the newest by default); None when there is none


def needs_surveys(organisation: Organisation) -> QuerySet[Survey]:
    return Survey.objects.filter(
        organisation=organisation, form__purpose=Purpose.NEEDS, year__isnull=False
    )


def normalised(given: int, scale: int) -> Decimal:
    """`given` of 1..`scale` onto 1..SCALE (8 of 10 is 4.11 of 5)."""
    if scale == SCALE:
        return Decimal(given)
    return 1 + Decimal(given - 1) * (SCALE - 1) / (scale - 1)


def build_priorities(
    organisation: Organisation, year: int | None = None, visible: QuerySet[Member] | None = None
) -> Priorities:
    """The priorities of `organisation`'s round `year` (the newest when None or unknown).
    `visible` are the Members whose own ratings the reader may see (all when None); the
    region and sub-region figures always count every Member that answered."""
    surveys = list(needs_surveys(organisation).values_list("pk", "year"))
    years = tuple(sorted({y for _, y in surveys}, reverse=True))
    if not years:
        return Priorities(organisation, (), None)
    year = year if year in years else years[0]
    earlier = [y for y in years if y < year]
    previous = earlier[0] if earlier else None
    of_round = {pk: y for pk, y in surveys if y in (year, previous)}
    responses = list(
        Response.objects.filter(survey_id__in=of_round)
        .order_by("submitted_at", "pk")
        .values_list("survey_id", "form_id", "member_id", "answers", "submitted_at")
    )
    forms = {
        f.pk: f.definition()
        for f in Form.objects.filter(pk__in={r[1] for r in responses})
        .order_by()
        .only("questions", "purpose")
    }
    from stratmon.facts.models import Topic

    names = dict(Topic.objects.values_list("code", "name"))
    in_view = (
        Exists(visible.filter(pk=OuterRef("member_id")))
        if visible is not None
        else Exists(Member.objects.filter(pk=OuterRef("member_id")))
    )
    members = {
        m["member_id"]: m
        for m in Membership.objects.filter(organisation=organisation)
        .annotate(in_view=in_view)
        .values("member_id", "member__iso3", "member__name", "subregion", "in_view")
    }
    by_iso3 = {m["member__iso3"]: pk for pk, m in members.items()}
    invited = set(
        Invitation.objects.filter(
            survey_id__in=[pk for pk, y in of_round.items() if y == year], member__isnull=False
        )
        .order_by()
        .values_list("member_id", flat=True)
    )
    latest: dict[int, dict[int, tuple[Any, dict[str, tuple[int, int]]]]] = defaultdict(dict)
    for survey_id, form_id, member_id, answers, submitted in responses:
        form = forms[form_id]
        member_id = member_id or _member_answer(form, answers, by_iso3)
        if member_id is None:
            continue  # a response that names no Member counts for no Member
        # Responses come oldest first: a Member's later answer replaces its earlier one.
        latest[of_round[survey_id]][member_id] = (submitted, _ratings(form, answers))
    this, before = latest.get(year, {}), latest.get(previous, {}) if previous else {}
    ranking = _rank(this.values(), names)
    previous_ranking = _rank(before.values(), names)
    order = {t.code: i for i, t in enumerate(ranking)}
    member_rows = []
    for member_id, (submitted, grid) in this.items():
        info = members.get(member_id)
        if info is None or not info["in_view"]:
            continue
        ratings = sorted(
            (Rating(code, g, s, normalised(g, s)) for code, (g, s) in grid.items()),
            key=lambda r: order.get(r.code, len(order)),
        )
        member_rows.append(
            MemberNeeds(
                info["member__iso3"],
                info["member__name"],
                info["subregion"],
                submitted,
                tuple(ratings),
            )
        )
    member_rows.sort(key=lambda m: (m.subregion or "~", m.name))
    return Priorities(
        organisation,
        years,
        Round(
            year=year,
            surveys=tuple(sorted(pk for pk, y in of_round.items() if y == year)),
            invited=len(invited | set(this)),
            answered=len(this),
            topics=ranking,
            subregions=_by_subregion(this, members, names),
            members=tuple(member_rows),
            hidden_members=len(this) - len(member_rows),
            previous_year=previous,
            comparison=_compare(ranking, previous_ranking) if previous else (),
        ),
    )


def _member_answer(form: Any, answers: Mapping[str, Any], by_iso3: Mapping[str, int]) -> Any:
    question = form.feeding("member")
    code = answers.get(question.id) if question else None
    return by_iso3.get(code) if isinstance(code, str) else None


def _ratings(form: Any, answers: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    """{topic code: (rating, scale)} of the response's needs grid."""
    question = form.feeding("needs")
    grid = answers.get(question.id) if question else None
    if not isinstance(grid, Mapping):
        return {}
    return {
        code: (value, question.scale)
        for code, value in grid.items()
        if type(value) is int and 1 <= value <= question.scale
    }


def _rank(
    grids: Iterable[tuple[Any, Mapping[str, tuple[int, int]]]], names: Mapping[str, str]
) -> tuple[TopicNeed, ...]:
    """Topics by mean need (highest first), then more Members at high need, then more
    Members that rated it, then name: each gets its own place."""
    values: dict[str, list[Decimal]] = defaultdict(list)
    high: dict[str, int] = defaultdict(int)
    for _, grid in grids:
        for code, (given, scale) in grid.items():
            values[code].append(normalised(given, scale))
            high[code] += given >= scale - 1
    rows = [
        (
            code,
            names.get(code, code),
            (sum(v) / len(v)).quantize(PLACES, ROUND_HALF_UP),
            len(v),
            high[code],
        )
        for code, v in values.items()
    ]
    rows.sort(key=lambda r: (-r[2], -r[4], -r[3], r[1].casefold()))
    return tuple(TopicNeed(c, n, i, m, rated, h) for i, (c, n, m, rated, h) in enumerate(rows, 1))


def _by_subregion(
    grids: Mapping[int, tuple[Any, Mapping[str, tuple[int, int]]]],
    members: Mapping[int, Mapping[str, Any]],
    names: Mapping[str, str],
) -> tuple[SubregionNeeds, ...]:
    groups: dict[str, list[tuple[Any, Mapping[str, tuple[int, int]]]]] = defaultdict(list)
    for member_id, answer in grids.items():
        info = members.get(member_id)
        groups[(info["subregion"] if info else "") or NO_SUBREGION].append(answer)
    ordered = sorted(groups, key=lambda s: (s == NO_SUBREGION, s))
    return tuple(SubregionNeeds(s, len(groups[s]), _rank(groups[s], names)) for s in ordered)


def _compare(now: tuple[TopicNeed, ...], before: tuple[TopicNeed, ...]) -> tuple[Change, ...]:
    """This round's topics in their order, then those rated only in the previous round."""
    was = {t.code: t for t in before}
    rows = [
        Change(
            t.code,
            t.name,
            t.rank,
            t.mean,
            was[t.code].rank if t.code in was else None,
            was[t.code].mean if t.code in was else None,
        )
        for t in now
    ]
    seen = {t.code for t in now}
    rows += [
        Change(t.code, t.name, None, None, t.rank, t.mean) for t in before if t.code not in seen
    ]
    return tuple(rows)
