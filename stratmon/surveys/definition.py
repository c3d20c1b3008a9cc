"""A survey form as data: its questions, checked when the form is saved, and the answers a
response gives, checked field by field. Pure Python (no Django), so the web page, the tests
and any importer share one reading of a form (docs/surveys.md).

A form is a list of questions, each a mapping:

    {"id": "overall", "type": "rating", "label": "Overall, how useful …", "scale": 5,
     "required": true, "feeds": "score", "show_if": {"question": "attended", "equals": "yes"}}

Answers arrive as a browser posts them, {field name: [values]}, and come back as plain JSON
values keyed by question id: a rating or a number as a number, a choice as its text, several
choices as a list, a date as YYYY-MM-DD, a Member as its ISO alpha-3 code, a topic as its
code, a "rate each topic" grid as {topic code: rating}.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

RATING = "rating"
CHOICE = "choice"
MULTI = "multi"
NUMBER = "number"
TEXT = "text"
LONGTEXT = "longtext"
DATE = "date"
MEMBER = "member"
TOPIC = "topic"
TOPIC_GRID = "topic_grid"

TYPES: dict[str, str] = {
    RATING: "rating on a scale",
    CHOICE: "single choice",
    MULTI: "multiple choice",
    NUMBER: "number",
    TEXT: "short text",
    LONGTEXT: "long text",
    DATE: "date",
    MEMBER: "Member picker",
    TOPIC: "topic picker",
    TOPIC_GRID: "rate each topic",
}

# What an answer can feed beside the survey's own results, and the type it needs.
FEEDS: dict[str, tuple[str, ...]] = {
    "score": (RATING,),  # an evaluation's overall rating: the activity's evaluation score
    "gender": (CHOICE,),  # the respondent's gender, for participant lists that lack it
    "member": (MEMBER,),  # the respondent's Member
    "role": (CHOICE,),  # the respondent's role at the activity
    "needs": (TOPIC_GRID,),  # topics rated by need: the regional priorities
    "result": (CHOICE,),  # "yes" marks a tangible result: a success-story candidate
    "story": (LONGTEXT, TEXT),  # the tangible result in the respondent's words
}

SCALES = range(2, 11)
TEXT_MAX = 300
LONGTEXT_MAX = 5000
LABEL_MAX = 500
OPTIONS_MAX = 50
QUESTIONS_MAX = 100
NUMBER_LIMIT = Decimal("1e12")
ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
KEYS = frozenset(
    {"id", "type", "label", "help", "required", "scale", "options", "show_if", "feeds", "min"}
    | {"max", "topics"}
)


class FormError(ValueError):
    """A form definition that cannot be used; `problems` place each fault by question."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Condition:
    """Show the question only when an earlier one's answer is (or includes) one of `values`."""

    question: str
    values: tuple[str, ...]

    def holds(self, answers: Mapping[str, Any]) -> bool:
        given = answers.get(self.question)
        if isinstance(given, list):
            return any(str(g) in self.values for g in given)
        return given is not None and str(given) in self.values


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: str
    help: str = ""
    required: bool = False
    scale: int = 5
    options: tuple[str, ...] = ()
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    topics: tuple[str, ...] = ()  # for a grid: the topics to rate; empty means every topic
    feeds: str = ""
    show_if: Condition | None = None

    @property
    def field(self) -> str:
        """The name of the form field (a grid has one per topic: `field-<topic>`)."""
        return f"q-{self.id}"

    def as_data(self) -> dict[str, Any]:
        """The question as stored: only what differs from the defaults."""
        data: dict[str, Any] = {"id": self.id, "type": self.type, "label": self.label}
        if self.help:
            data["help"] = self.help
        if self.required:
            data["required"] = True
        if self.type in (RATING, TOPIC_GRID):
            data["scale"] = self.scale
        if self.options:
            data["options"] = list(self.options)
        if self.minimum is not None:
            data["min"] = _number_data(self.minimum)
        if self.maximum is not None:
            data["max"] = _number_data(self.maximum)
        if self.topics:
            data["topics"] = list(self.topics)
        if self.feeds:
            data["feeds"] = self.feeds
        if self.show_if:
            data["show_if"] = {"question": self.show_if.question, "in": list(self.show_if.values)}
        return data


@dataclass(frozen=True)
class FormDef:
    questions: tuple[Question, ...]

    def question(self, qid: str) -> Question:
        return next(q for q in self.questions if q.id == qid)

    def feeding(self, what: str) -> Question | None:
        return next((q for q in self.questions if q.feeds == what), None)

    def as_data(self) -> list[dict[str, Any]]:
        return [q.as_data() for q in self.questions]


@dataclass(frozen=True)
class Choices:
    """What the pickers offer: Members as (ISO3, name) and topics as (code, name)."""

    members: tuple[tuple[str, str], ...] = ()
    topics: tuple[tuple[str, str], ...] = ()

    def grid_topics(self, question: Question) -> tuple[tuple[str, str], ...]:
        if not question.topics:
            return self.topics
        names = dict(self.topics)
        return tuple((code, names.get(code, code)) for code in question.topics)


@dataclass
class Checked:
    """A response's answers by question id, and its problems by question id."""

    answers: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _number_data(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def parse_form(data: Any, *, needs: Sequence[str] = ()) -> FormDef:
    """The form that `data` (a list of question mappings) defines; FormError lists every
    problem, each naming its question. `needs` are `feeds` the form must have once (an
    evaluation form needs its `score`)."""
    problems: list[str] = []
    if not isinstance(data, list) or not data:
        raise FormError(["a form needs a list of at least one question"])
    if len(data) > QUESTIONS_MAX:
        raise FormError([f"a form has at most {QUESTIONS_MAX} questions, not {len(data)}"])
    questions: list[Question] = []
    seen: dict[str, Question] = {}
    for number, item in enumerate(data, start=1):
        where = f"question {number}"
        if not isinstance(item, Mapping):
            problems.append(f"{where}: a question is a mapping of keys to values")
            continue
        qid = str(item.get("id", "")).strip()
        if qid:
            where = f"question {number} ({qid})"
        found, question = _question(item, where, seen)
        problems += found
        if question is not None:
            if question.id in seen:
                problems.append(f"{where}: the id {question.id!r} is used twice")
            seen[question.id] = question
            questions.append(question)
    for what in FEEDS:
        feeding = [q.id for q in questions if q.feeds == what]
        if len(feeding) > 1:
            problems.append(f"questions {', '.join(feeding)} all feed {what!r}: one may")
    for what in needs:
        if not any(q.feeds == what for q in questions):
            problems.append(f"the form needs a question that feeds {what!r}")
    if problems:
        raise FormError(problems)
    return FormDef(tuple(questions))


def _question(
    item: Mapping[str, Any], where: str, earlier: Mapping[str, Question]
) -> tuple[list[str], Question | None]:
    problems = [f"{where}: unknown key {k!r}" for k in sorted(map(str, item)) if k not in KEYS]
    qid = str(item.get("id", "")).strip()
    kind = str(item.get("type", "")).strip()
    label = str(item.get("label", "")).strip()
    if not ID.match(qid):
        problems.append(f"{where}: the id must be lower-case letters, digits and _ (a-z first)")
    if kind not in TYPES:
        problems.append(f"{where}: the type must be one of {', '.join(TYPES)}, not {kind!r}")
    if not label or len(label) > LABEL_MAX:
        problems.append(f"{where}: the label must be 1 to {LABEL_MAX} characters")
    scale = item.get("scale", 5)
    if kind in (RATING, TOPIC_GRID) and (type(scale) is not int or scale not in SCALES):
        problems.append(f"{where}: the scale must be a whole number from 2 to 10")
    options = item.get("options", [])
    if not isinstance(options, list) or not all(isinstance(o, str | int) for o in options):
        problems.append(f"{where}: options must be a list of texts")
        options = []
    options = [str(o).strip() for o in options]
    if kind in (CHOICE, MULTI):
        if not 2 <= len(options) <= OPTIONS_MAX or not all(options):
            problems.append(f"{where}: a choice needs 2 to {OPTIONS_MAX} non-empty options")
        elif len(set(options)) != len(options):
            problems.append(f"{where}: an option is listed twice")
    elif options:
        problems.append(f"{where}: only a choice question has options")
    bounds = [_bound(item.get(k), f"{where}: {k}", problems) for k in ("min", "max")]
    if kind != NUMBER and any(b is not None for b in bounds):
        problems.append(f"{where}: only a number question has min and max")
    if bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
        problems.append(f"{where}: min is above max")
    topics = item.get("topics", [])
    if not isinstance(topics, list) or not all(isinstance(t, str) and t for t in topics):
        problems.append(f"{where}: topics must be a list of topic codes")
        topics = []
    if topics and kind != TOPIC_GRID:
        problems.append(f"{where}: only a 'rate each topic' question lists topics")
    feeds = str(item.get("feeds", "") or "")
    if feeds and feeds not in FEEDS:
        problems.append(f"{where}: feeds must be one of {', '.join(FEEDS)}, not {feeds!r}")
    elif feeds and kind not in FEEDS[feeds]:
        problems.append(f"{where}: a {feeds!r} answer needs a {' or '.join(FEEDS[feeds])} question")
    elif feeds == "result" and "yes" not in [o.lower() for o in options]:
        problems.append(f"{where}: a 'result' question needs the option 'yes'")
    condition = _condition(item.get("show_if"), where, earlier, problems)
    required = item.get("required", False)
    if not isinstance(required, bool):
        problems.append(f"{where}: required is true or false")
    if problems:
        return problems, None
    return [], Question(
        id=qid,
        type=kind,
        label=label,
        help=str(item.get("help", "") or "").strip()[:LABEL_MAX],
        required=bool(required),
        scale=scale if kind in (RATING, TOPIC_GRID) else 5,
        options=tuple(options),
        minimum=bounds[0],
        maximum=bounds[1],
        topics=tuple(topics),
        feeds=feeds,
        show_if=condition,
    )


def _bound(value: Any, where: str, problems: list[str]) -> Decimal | None:
    if value is None or value == "":
        return None
    number = _decimal(value)
    if number is None:
        problems.append(f"{where} must be a number")
    return number


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() and abs(number) < NUMBER_LIMIT else None


def _condition(
    value: Any, where: str, earlier: Mapping[str, Question], problems: list[str]
) -> Condition | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or "question" not in value:
        problems.append(f"{where}: show_if names a question and the answer(s) that show this one")
        return None
    target = earlier.get(str(value["question"]))
    if target is None:
        named = value["question"]
        problems.append(f"{where}: show_if must name an earlier question, not {named!r}")
        return None
    raw = value.get("in", [value["equals"]] if "equals" in value else [])
    values = tuple(str(v) for v in raw) if isinstance(raw, list) else ()
    allowed = _allowed(target)
    if not values or (allowed is not None and not set(values) <= allowed):
        problems.append(f"{where}: show_if needs answers that {target.id!r} can give")
        return None
    return Condition(target.id, values)


def _allowed(question: Question) -> set[str] | None:
    """The answers a condition may test, as text; None when any answer could do."""
    if question.type in (CHOICE, MULTI):
        return set(question.options)
    if question.type == RATING:
        return {str(n) for n in range(1, question.scale + 1)}
    return None if question.type in (NUMBER, TEXT, MEMBER, TOPIC) else set()


def check_answers(
    form: FormDef, posted: Mapping[str, Sequence[str]], choices: Choices = Choices()
) -> Checked:
    """The answers that `posted` ({field: [values]}) gives to `form`, each checked. A question
    whose condition does not hold is skipped (its answer dropped, never required)."""
    out = Checked()
    for q in form.questions:
        if q.show_if and not q.show_if.holds(out.answers):
            continue
        value, error = _answer(q, posted, choices)
        if error:
            out.errors[q.id] = error
        elif value is None or value == [] or value == {}:
            if q.required:
                out.errors[q.id] = "This question needs an answer."
        else:
            out.answers[q.id] = value
    return out


def _values(posted: Mapping[str, Sequence[str]], name: str) -> list[str]:
    raw = posted.get(name, ())
    if isinstance(raw, str):
        raw = [raw]
    return [v.strip() for v in raw if isinstance(v, str) and v.strip()]


def _answer(q: Question, posted: Mapping[str, Sequence[str]], choices: Choices) -> tuple[Any, str]:
    if q.type == TOPIC_GRID:
        grid: dict[str, int] = {}
        for code, name in choices.grid_topics(q):
            given = _values(posted, f"{q.field}-{code}")
            if given:
                rating = _rating(given[-1], q.scale)
                if rating is None:
                    return None, f"{name}: choose a rating from 1 to {q.scale}."
                grid[code] = rating
        return grid, ""
    given = _values(posted, q.field)
    if q.type == MULTI:
        unknown = [v for v in given if v not in q.options]
        if unknown:
            return None, "Choose among the options given."
        return [o for o in q.options if o in given], ""
    if not given:
        return None, ""
    text = given[-1]
    if q.type == RATING:
        rating = _rating(text, q.scale)
        return (rating, "") if rating is not None else (None, f"Choose from 1 to {q.scale}.")
    if q.type == CHOICE:
        return (text, "") if text in q.options else (None, "Choose one of the options given.")
    if q.type == NUMBER:
        return _number(q, text)
    if q.type in (TEXT, LONGTEXT):
        limit = TEXT_MAX if q.type == TEXT else LONGTEXT_MAX
        if len(text) > limit:
            return None, f"At most {limit} characters, please ({len(text)} given)."
        return text, ""
    if q.type == DATE:
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            return None, "Give a date as YYYY-MM-DD."
        return day.isoformat(), ""
    pool = choices.members if q.type == MEMBER else choices.topics
    if text not in {code for code, _ in pool}:
        return None, "Choose one from the list."
    return text, ""


def _rating(text: str, scale: int) -> int | None:
    return int(text) if text.isdigit() and 1 <= int(text) <= scale else None


def _number(q: Question, text: str) -> tuple[Any, str]:
    number = _decimal(text)
    if number is None:
        return None, "Give a number, e.g. 12 or 3.5."
    if q.minimum is not None and number < q.minimum:
        return None, f"The smallest answer is {_number_data(q.minimum)}."
    if q.maximum is not None and number > q.maximum:
        return None, f"The largest answer is {_number_data(q.maximum)}."
    return _number_data(number), ""


def posted_of(form: FormDef, answers: Mapping[str, Any]) -> dict[str, list[str]]:
    """The fields a browser would post for `answers`: the inverse of check_answers, used to
    fill a form again and by the tests."""
    posted: dict[str, list[str]] = {}
    for q in form.questions:
        value = answers.get(q.id)
        if value is None:
            continue
        if q.type == TOPIC_GRID and isinstance(value, Mapping):
            for code, rating in value.items():
                posted[f"{q.field}-{code}"] = [str(rating)]
        elif isinstance(value, list):
            posted[q.field] = [str(v) for v in value]
        else:
            posted[q.field] = [str(value)]
    return posted
