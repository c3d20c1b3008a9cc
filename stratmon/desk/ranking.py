"""Which experts to propose for a request, best first, and why: a pure function of the request
and the pool, so it is tested on its own and reads no database (the desk's `matching` module
loads the pool in a fixed number of queries and calls `rank`).

An expert is left out, with the reason, when
- they come from the requesting Member;
- the preferred dates overlap one of their assignments or unavailable periods;
- their accreditation (accredited or provisional) has expired by the first preferred day;
- the request names topics and they are expert in none of them.

The others are ranked by points, each part shown in the explanation (docs/desk.md):

| part | points |
|---|---|
| expertise | 40 × the share of the request's topics they cover (40 when it names none) |
| accreditation in force on the dates | accredited 20, provisional 10, none 0 |
| the request's language | 15 when they work in it (15 when the request names none) |
| past evaluation scores | 0–15 from their mean (as a share of each scale); 7.5 with no score yet |
| gender balance | 10 when their gender is less than half of the experts used so far, 5 when \
balanced, not stated or nothing used yet |

Ties are broken by fewer assignments in the 12 months before the first preferred day, then
by name, then by id: a stable order, the same on every run.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

ACCREDITED = "accredited"
PROVISIONAL = "provisional"
NONE = "none"
ACCREDITATION_POINTS = {ACCREDITED: 20, PROVISIONAL: 10, NONE: 0}
EXPERTISE_POINTS = 40
LANGUAGE_POINTS = 15
SCORE_POINTS = 15
BALANCE_POINTS = 10
NOT_STATED = "not_stated"
LOAD_DAYS = 365


@dataclass(frozen=True)
class Busy:
    """A period an expert is taken: an assignment (with its activity's title) or a period
    they said they are unavailable."""

    start: datetime.date
    end: datetime.date
    what: str

    def overlaps(self, start: datetime.date, end: datetime.date) -> bool:
        return self.start <= end and start <= self.end


@dataclass(frozen=True)
class Candidate:
    """One expert of the pool as the ranking reads them."""

    key: str
    name: str
    home: str | None = None  # the home Member's ISO alpha-3 code
    gender: str = NOT_STATED
    accreditation: str = NONE
    accredited_on: datetime.date | None = None
    accredited_until: datetime.date | None = None
    expertise: frozenset[str] = frozenset()  # topic codes
    languages: frozenset[str] = frozenset()  # lower case
    busy: tuple[Busy, ...] = ()
    scores: tuple[Decimal, ...] = ()  # past activities' mean scores, each score ÷ its scale
    recent: int = 0  # assignments in the LOAD_DAYS before the first preferred day


@dataclass(frozen=True)
class Ask:
    """What the request asks for."""

    member: str | None  # the requesting Member's ISO alpha-3 code
    topics: frozenset[str] = frozenset()
    language: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    today: datetime.date = field(default_factory=datetime.date.today)

    @property
    def on(self) -> datetime.date:
        """The day accreditation must be in force: the first preferred day, else today."""
        return self.start or self.today


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    points: Decimal
    reasons: tuple[str, ...]
    covered: tuple[str, ...]

    @property
    def why(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class Excluded:
    candidate: Candidate
    reason: str


@dataclass(frozen=True)
class Ranking:
    ranked: tuple[Ranked, ...]
    excluded: tuple[Excluded, ...]


def languages_of(text: str) -> frozenset[str]:
    """The languages in a list such as "English; French" or "English, French", lower case."""
    parts = text.replace(",", ";").replace("/", ";").split(";")
    return frozenset(p.strip().lower() for p in parts if p.strip())


def accreditation_on(c: Candidate, day: datetime.date) -> str:
    """The accreditation in force on `day`: none before it starts, none after it expires."""
    if c.accreditation == NONE:
        return NONE
    if c.accredited_on is not None and day < c.accredited_on:
        return NONE
    if c.accredited_until is not None and day > c.accredited_until:
        return NONE
    return c.accreditation


def exclusion(c: Candidate, ask: Ask) -> str | None:
    """Why `c` cannot be proposed for `ask`, or None."""
    if ask.member is not None and c.home == ask.member:
        return f"from the requesting Member ({ask.member})"
    if ask.start is not None:
        end = ask.end or ask.start
        for busy in sorted(c.busy, key=lambda b: (b.start, b.end, b.what)):
            if busy.overlaps(ask.start, end):
                return f"not free: {busy.what} {_span(busy.start, busy.end)}"
    if c.accreditation != NONE and c.accredited_until is not None and c.accredited_until < ask.on:
        return f"accreditation expired on {c.accredited_until.isoformat()}"
    if ask.topics and not (ask.topics & c.expertise):
        return "no expertise in the request's topics"
    return None


def balance(used: Mapping[str, int]) -> dict[str, int]:
    """Points per gender for the balance of the experts used so far ({gender: count})."""
    stated = {g: n for g, n in used.items() if g != NOT_STATED and n > 0}
    total = sum(stated.values())
    points: dict[str, int] = {}
    for gender in ("female", "male", "other"):
        share = Decimal(stated.get(gender, 0)) / total if total else None
        if share is None or share == Decimal("0.5"):
            points[gender] = BALANCE_POINTS // 2
        else:
            points[gender] = BALANCE_POINTS if share < Decimal("0.5") else 0
    points[NOT_STATED] = BALANCE_POINTS // 2
    return points


def score(c: Candidate, ask: Ask, balance_points: Mapping[str, int]) -> Ranked:
    """The points of a candidate that is not excluded, with the reasons in words."""
    reasons: list[str] = []
    covered = tuple(sorted(ask.topics & c.expertise))
    if ask.topics:
        points = Decimal(EXPERTISE_POINTS * len(covered)) / len(ask.topics)
        reasons.append(f"expert in {len(covered)} of the {len(ask.topics)} topics")
    else:
        points = Decimal(EXPERTISE_POINTS)
    held = accreditation_on(c, ask.on)
    points += ACCREDITATION_POINTS[held]
    reasons.append(_accreditation_words(c, held, ask.on))
    language = ask.language.strip()
    if not language:
        points += LANGUAGE_POINTS
    elif language.lower() in c.languages:
        points += LANGUAGE_POINTS
        reasons.append(f"speaks {language}")
    else:
        reasons.append(f"does not list {language}")
    reasons.append("free on the dates" if ask.start is not None else "no dates asked")
    if c.scores:
        mean = sum(c.scores, Decimal(0)) / len(c.scores)
        points += SCORE_POINTS * mean
        n = len(c.scores)
        reasons.append(
            f"mean score {_fifths(mean)} over {n} {'activity' if n == 1 else 'activities'}"
        )
    else:
        points += Decimal(SCORE_POINTS) / 2
        reasons.append("no evaluation yet")
    gender_points = balance_points.get(c.gender, BALANCE_POINTS // 2)
    points += gender_points
    if gender_points == BALANCE_POINTS:
        reasons.append(f"{c.gender}: improves the gender balance of experts used")
    reasons.append(f"{c.recent} assignment{'' if c.recent == 1 else 's'} in the last 12 months")
    return Ranked(c, points.quantize(Decimal("0.1")), tuple(reasons), covered)


def rank(pool: Iterable[Candidate], ask: Ask, used: Mapping[str, int] | None = None) -> Ranking:
    """The candidates of `pool` for `ask`, best first, and those left out with the reason.

    `used` counts the experts used so far by gender, for the balance part.
    """
    points = balance(used or {})
    ranked: list[Ranked] = []
    excluded: list[Excluded] = []
    for c in pool:
        reason = exclusion(c, ask)
        if reason is None:
            ranked.append(score(c, ask, points))
        else:
            excluded.append(Excluded(c, reason))
    ranked.sort(key=lambda r: (-r.points, r.candidate.recent, r.candidate.name, r.candidate.key))
    excluded.sort(key=lambda e: (e.candidate.name, e.candidate.key))
    return Ranking(tuple(ranked), tuple(excluded))


def _accreditation_words(c: Candidate, held: str, on: datetime.date) -> str:
    if held == NONE:
        if c.accreditation != NONE and c.accredited_on is not None and on < c.accredited_on:
            return f"{c.accreditation} only from {c.accredited_on.isoformat()}"
        return "not accredited"
    until = f" to {c.accredited_until.isoformat()[:7]}" if c.accredited_until else ""
    return f"{held}{until}"


def _fifths(share: Decimal) -> str:
    """A share of a scale as a score out of 5 (4.6), as people quote evaluation scores."""
    return f"{(share * 5).quantize(Decimal('0.1'))}"


def _span(start: datetime.date, end: datetime.date) -> str:
    if start == end:
        return f"on {start.isoformat()}"
    return f"{start.isoformat()} to {end.isoformat()}"
