"""Per-question results of surveys' responses, as plain data for the pages (docs/surveys.md).

A question is summarised on the definition of the form version each response answered: the
same question id with the same type (and, for a rating, the same scale) over several versions
is one summary; a question whose type or scale changed between versions gives one summary per
definition, each naming its versions. A question missing from some versions is counted over
the responses of the versions that ask it (`asked`).

Four queries, whatever the number of responses or surveys: the responses, their form
versions, the Members and the topics they name.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from stratmon.facts.models import Topic
from stratmon.plans.models import Member

from . import definition as d
from .models import Form, Survey

MEAN_PLACES = Decimal("0.01")
COUNTED = frozenset({d.RATING, d.CHOICE, d.MULTI, d.MEMBER, d.TOPIC})
TEXTS = frozenset({d.TEXT, d.LONGTEXT})


@dataclass(frozen=True)
class Bar:
    """One value's count among the answers: `share` of the responses answering (0..1)."""

    label: str
    count: int
    share: Decimal
    key: str = ""  # the answer as stored: a Member's ISO3, a topic's code, an option's text

    @property
    def percent(self) -> int:
        return int((self.share * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class GridRow:
    """A topic of a "rate each topic" grid: its mean rating over those who rated it."""

    code: str
    name: str
    mean: Decimal
    count: int


@dataclass(frozen=True)
class Numbers:
    count: int
    mean: Decimal
    minimum: Decimal
    maximum: Decimal
    total: Decimal


@dataclass(frozen=True)
class QuestionResult:
    """One question's summary. `asked`: responses whose version has the question; `answered`:
    those that answered it. Only the fields of its type are filled."""

    id: str
    type: str
    label: str
    versions: tuple[int, ...]
    asked: int
    answered: int
    scale: int = 0
    mean: Decimal | None = None
    bars: tuple[Bar, ...] = ()  # ratings 1..scale, options, Members, topics
    numbers: Numbers | None = None
    texts: tuple[str, ...] = ()
    texts_hidden: bool = False  # the answers in the respondents' words are not for this reader
    earliest: datetime.date | None = None
    latest: datetime.date | None = None
    grid: tuple[GridRow, ...] = ()

    @property
    def type_label(self) -> str:
        return d.TYPES.get(self.type, self.type)


@dataclass(frozen=True)
class SurveyResults:
    survey_id: int
    responses: int
    versions: tuple[int, ...]
    questions: tuple[QuestionResult, ...] = field(default=())


@dataclass
class _Tally:
    """What one question (one definition over versions) has collected so far."""

    question: d.Question
    versions: set[int] = field(default_factory=set)
    asked: int = 0
    values: list[Any] = field(default_factory=list)


def _key(q: d.Question) -> tuple[str, str, int]:
    return (q.id, q.type, q.scale if q.type in (d.RATING, d.TOPIC_GRID) else 0)


def survey_results(survey: Survey, *, with_text: bool) -> SurveyResults:
    """The per-question results of one survey (see `results_of`)."""
    return results_of([survey], with_text=with_text)[0]


def results_of(surveys: Sequence[Survey], *, with_text: bool) -> list[SurveyResults]:
    """The per-question results of each of `surveys`, in their order. `with_text` gives the
    text answers (the Secretariat's only); otherwise a text question says they are hidden."""
    from .models import Response

    rows = list(
        Response.objects.filter(survey__in=[s.pk for s in surveys])
        .order_by("submitted_at", "pk")
        .values_list("survey_id", "form_id", "answers")
    )
    form_ids = {s.form_id for s in surveys} | {form_id for _, form_id, _ in rows}
    forms = {f.pk: f for f in Form.objects.filter(pk__in=form_ids)}
    defs = {pk: f.definition() for pk, f in forms.items()}
    tallies: dict[int, dict[tuple[str, str, int], _Tally]] = {s.pk: {} for s in surveys}
    counts: dict[int, int] = dict.fromkeys(tallies, 0)
    versions: dict[int, set[int]] = {pk: set() for pk in tallies}
    for survey in surveys:  # the current version's order first, even before any answer
        for q in defs[survey.form_id].questions:
            tallies[survey.pk][_key(q)] = _Tally(q)
    for survey_id, form_id, answers in rows:
        counts[survey_id] += 1
        versions[survey_id].add(forms[form_id].version)
        for q in defs[form_id].questions:
            tally = tallies[survey_id].setdefault(_key(q), _Tally(q))
            tally.versions.add(forms[form_id].version)
            tally.asked += 1
            value = answers.get(q.id) if isinstance(answers, dict) else None
            if value not in (None, "", [], {}):
                tally.values.append((q, value))
    members, topics = _names(tallies.values())
    return [
        SurveyResults(
            survey_id=s.pk,
            responses=counts[s.pk],
            versions=tuple(sorted(versions[s.pk])),
            questions=tuple(
                _summary(t, members, topics, with_text) for t in tallies[s.pk].values()
            ),
        )
        for s in surveys
    ]


def _names(
    tallies: Iterable[dict[tuple[str, str, int], _Tally]],
) -> tuple[dict[str, str], dict[str, str]]:
    """Names of the Members and topics the answers give (one query each, when any)."""
    member_codes: set[str] = set()
    topic_codes: set[str] = set()
    for by_key in tallies:
        for t in by_key.values():
            for _, value in t.values:
                if t.question.type == d.MEMBER:
                    member_codes.add(str(value))
                elif t.question.type == d.TOPIC:
                    topic_codes.add(str(value))
                elif t.question.type == d.TOPIC_GRID and isinstance(value, dict):
                    topic_codes.update(value)
    members = (
        dict(Member.objects.filter(iso3__in=member_codes).values_list("iso3", "name"))
        if member_codes
        else {}
    )
    topics = (
        dict(Topic.objects.filter(code__in=topic_codes).values_list("code", "name"))
        if topic_codes
        else {}
    )
    return members, topics


def _mean(total: Decimal, count: int) -> Decimal:
    return (total / count).quantize(MEAN_PLACES, rounding=ROUND_HALF_UP)


def _bars(
    counted: dict[str, int], answered: int, names: dict[str, str] | None = None
) -> tuple[Bar, ...]:
    """Bars of `counted` {stored answer: count}, labelled by `names` where it has them."""
    names = names or {}
    return tuple(
        Bar(names.get(key, key), n, Decimal(n) / answered if answered else Decimal(0), key)
        for key, n in counted.items()
    )


def _summary(
    t: _Tally, members: dict[str, str], topics: dict[str, str], with_text: bool
) -> QuestionResult:
    q = t.question
    base = {
        "id": q.id,
        "type": q.type,
        "label": q.label,
        "versions": tuple(sorted(t.versions)),
        "asked": t.asked,
        "answered": len(t.values),
    }
    values = [v for _, v in t.values]
    answered = len(values)
    if q.type == d.RATING:
        counted = {str(n): 0 for n in range(1, q.scale + 1)}
        ratings = [v for v in values if isinstance(v, int) and 1 <= v <= q.scale]
        for v in ratings:
            counted[str(v)] += 1
        mean = _mean(Decimal(sum(ratings)), len(ratings)) if ratings else None
        return QuestionResult(**base, scale=q.scale, mean=mean, bars=_bars(counted, answered))
    if q.type in (d.CHOICE, d.MULTI, d.MEMBER, d.TOPIC):
        names = members if q.type == d.MEMBER else topics if q.type == d.TOPIC else {}
        counted = {}
        # every option of every version, in the form's order, so an unchosen one shows as 0
        for asked_q, _ in t.values:
            for option in asked_q.options:
                counted.setdefault(option, 0)
        for option in q.options:
            counted.setdefault(option, 0)
        for v in values:
            for item in v if isinstance(v, list) else [v]:
                counted[str(item)] = counted.get(str(item), 0) + 1
        if q.type in (d.MEMBER, d.TOPIC):  # most often named first
            counted = dict(
                sorted(counted.items(), key=lambda kv: (-kv[1], names.get(kv[0], kv[0])))
            )
        return QuestionResult(**base, bars=_bars(counted, answered, names))
    if q.type == d.NUMBER:
        numbers = [Decimal(str(v)) for v in values if isinstance(v, int | float)]
        summary = (
            Numbers(
                count=len(numbers),
                mean=_mean(sum(numbers, Decimal(0)), len(numbers)),
                minimum=min(numbers),
                maximum=max(numbers),
                total=sum(numbers, Decimal(0)),
            )
            if numbers
            else None
        )
        return QuestionResult(**base, numbers=summary)
    if q.type in TEXTS:
        if not with_text:
            return QuestionResult(**base, texts_hidden=True)
        return QuestionResult(**base, texts=tuple(str(v) for v in values))
    if q.type == d.DATE:
        days = sorted(_date(v) for v in values if _date(v) is not None)
        return QuestionResult(
            **base, earliest=days[0] if days else None, latest=days[-1] if days else None
        )
    if q.type == d.TOPIC_GRID:
        sums: dict[str, list[int]] = {}
        for v in values:
            if isinstance(v, dict):
                for code, rating in v.items():
                    if isinstance(rating, int) and 1 <= rating <= q.scale:
                        sums.setdefault(code, []).append(rating)
        rows = [
            GridRow(code, topics.get(code, code), _mean(Decimal(sum(r)), len(r)), len(r))
            for code, r in sums.items()
        ]
        rows.sort(key=lambda r: (-r.mean, r.name))
        return QuestionResult(**base, scale=q.scale, grid=tuple(rows))
    return QuestionResult(**base)


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None
