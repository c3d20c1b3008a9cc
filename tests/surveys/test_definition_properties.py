"""Property tests of form definitions (hypothesis): any valid definition is accepted and drawn
by the response page; valid answers come back from check_answers as given; a bad answer is
refused on exactly its question; a faulty definition is refused naming its question."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stratmon.surveys.definition import (
    TYPES,
    Choices,
    FormError,
    check_answers,
    parse_form,
    posted_of,
)
from stratmon.surveys.views.questions import shown_questions

CHOICES = Choices(
    members=(("FJI", "Fiji"), ("JPN", "Japan"), ("WSM", "Samoa")),
    topics=(("rkc", "Revised Kyoto Convention"), ("aeo", "AEO programme"), ("tfa", "TFA")),
)
TOPIC_CODES = [code for code, _ in CHOICES.topics]
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

words = (
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)


@st.composite
def question(draw, number, earlier):
    kind = draw(st.sampled_from(sorted(TYPES)))
    q = {"id": f"q{number}_{draw(st.sampled_from(['a', 'b', 'x9']))}", "type": kind}
    q["label"] = draw(words)
    if draw(st.booleans()):
        q["required"] = True
    if draw(st.booleans()):
        q["help"] = draw(words)
    if kind in ("rating", "topic_grid"):
        q["scale"] = draw(st.integers(2, 10))
    if kind in ("choice", "multi"):
        q["options"] = draw(st.lists(words, min_size=2, max_size=6, unique=True))
    if kind == "number":
        low = draw(st.none() | st.integers(-1000, 1000))
        high = draw(st.none() | st.integers(low if low is not None else -1000, 5000))
        if low is not None:
            q["min"] = low
        if high is not None:
            q["max"] = high
    if kind == "topic_grid" and draw(st.booleans()):
        q["topics"] = draw(st.lists(st.sampled_from(TOPIC_CODES), min_size=1, unique=True))
    testable = [e for e in earlier if e["type"] in ("choice", "multi", "rating")]
    if testable and draw(st.booleans()):
        target = draw(st.sampled_from(testable))
        allowed = target.get("options") or [str(n) for n in range(1, target["scale"] + 1)]
        values = draw(st.lists(st.sampled_from(allowed), min_size=1, max_size=3, unique=True))
        q["show_if"] = {"question": target["id"], "in": values}
    return q


@st.composite
def definitions(draw):
    questions = []
    for number in range(1, draw(st.integers(1, 8)) + 1):
        questions.append(draw(question(number, questions)))
    return questions


def answer(draw, q):
    """A valid answer to the parsed question `q` (None: left blank)."""
    if not q.required and draw(st.booleans()):
        return None
    if q.type == "rating":
        return draw(st.integers(1, q.scale))
    if q.type == "choice":
        return draw(st.sampled_from(q.options))
    if q.type == "multi":
        chosen = draw(st.sets(st.sampled_from(q.options), min_size=1))
        return [o for o in q.options if o in chosen]
    if q.type == "number":
        low = int(q.minimum) if q.minimum is not None else -(10**6)
        high = int(q.maximum) if q.maximum is not None else 10**6
        return draw(st.integers(low, high))
    if q.type in ("text", "longtext"):
        return draw(words)
    if q.type == "date":
        return draw(st.dates(datetime.date(1990, 1, 1), datetime.date(2100, 1, 1))).isoformat()
    if q.type == "member":
        return draw(st.sampled_from([c for c, _ in CHOICES.members]))
    if q.type == "topic":
        return draw(st.sampled_from(TOPIC_CODES))
    codes = [c for c, _ in CHOICES.grid_topics(q)]
    rated = draw(st.lists(st.sampled_from(codes), min_size=1, unique=True))
    return {c: draw(st.integers(1, q.scale)) for c in codes if c in rated}


@st.composite
def answered(draw):
    """A valid definition, its form, and answers to the questions whose condition holds."""
    data = draw(definitions())
    form = parse_form(data)
    answers = {}
    for q in form.questions:
        if q.show_if and not q.show_if.holds(answers):
            continue
        value = answer(draw, q)
        if value is not None:
            answers[q.id] = value
    return data, form, answers


def render(form, posted=None, errors=None):
    shown = shown_questions(form, CHOICES, posted, errors)
    context = {
        "survey": {"title": "A survey"},
        "questions": shown,
        "problems": [s for s in shown if s.error],
        "token": "t",
        "client_key": "k",
        "sent_back": posted is not None,
    }
    return render_to_string("surveys/respond.html", context)


@PROPERTY
@given(answered())
def test_valid_definitions_are_accepted_and_answers_come_back_as_given(case):
    data, form, answers = case
    assert [q.id for q in form.questions] == [q["id"] for q in data]
    assert parse_form(form.as_data()) == form  # what is stored reads back the same
    checked = check_answers(form, posted_of(form, answers), CHOICES)
    assert checked.errors == {}
    assert checked.answers == answers


@PROPERTY
@given(answered())
def test_the_page_draws_every_question_with_the_answers_given(case):
    _, form, answers = case
    page = render(form, posted_of(form, answers))
    for q in form.questions:
        assert escape(q.label) in page, q
        if q.type == "topic_grid":
            for code, name in CHOICES.grid_topics(q):
                assert f'name="{q.field}-{code}" value=""' in page and escape(name) in page
        else:
            assert f'name="{q.field}"' in page
        if q.show_if:
            assert f'data-show-if="q-{q.show_if.question}"' in page
        value = answers.get(q.id)
        if q.type in ("rating", "choice") and value is not None:
            assert f'name="{q.field}" value="{escape(str(value))}" checked' in page
        elif q.type == "multi" and value:
            for v in value:
                assert f'name="{q.field}" value="{escape(v)}" checked' in page
        elif q.type in ("member", "topic") and value:
            assert f'<option value="{value}" selected>' in page
        elif q.type == "longtext" and value:
            assert f">{escape(value)}</textarea>" in page
        elif q.type in ("text", "number", "date") and value is not None:
            assert f'name="{q.field}" value="{escape(str(value))}"' in page


def bad_value(draw, q):
    """A posted value `q` must refuse, as {field: [values]}."""
    if q.type == "rating":
        text = draw(st.sampled_from(["0", str(q.scale + 1), "99", "-1", "x", "2.5"]))
        return {q.field: [text]}
    if q.type in ("choice", "multi"):
        return {q.field: [draw(words.filter(lambda w: w not in q.options))]}
    if q.type == "number":
        if q.maximum is not None and draw(st.booleans()):
            return {q.field: [str(q.maximum + 1)]}
        if q.minimum is not None and draw(st.booleans()):
            return {q.field: [str(q.minimum - Decimal("0.5"))]}
        return {q.field: [draw(st.sampled_from(["twelve", "1e99", "NaN", "inf", "--3"]))]}
    if q.type in ("text", "longtext"):
        limit = 300 if q.type == "text" else 5000
        return {q.field: ["x" * (limit + draw(st.integers(1, 50)))]}
    if q.type == "date":
        return {q.field: [draw(st.sampled_from(["2026-13-01", "2026-02-30", "3/12/2026", "x"]))]}
    if q.type == "member":
        return {q.field: [draw(st.sampled_from(["XXX", "fji", "OCO", "Fiji"]))]}
    if q.type == "topic":
        return {q.field: [draw(st.sampled_from(["nope", "RKC", "Revised Kyoto Convention"]))]}
    code = draw(st.sampled_from([c for c, _ in CHOICES.grid_topics(q)]))
    return {f"{q.field}-{code}": [draw(st.sampled_from(["0", str(q.scale + 1), "x"]))]}


@PROPERTY
@given(answered(), st.data())
def test_a_bad_answer_is_refused_on_exactly_its_question(case, data):
    _, form, answers = case
    shown = [q for q in form.questions if not q.show_if or q.show_if.holds(answers)]
    q = data.draw(st.sampled_from(shown))
    posted = posted_of(form, answers)
    posted = {k: v for k, v in posted.items() if k != q.field and not k.startswith(q.field + "-")}
    posted |= bad_value(data.draw, q)
    checked = check_answers(form, posted, CHOICES)
    assert set(checked.errors) == {q.id}, (q, posted)
    assert q.id not in checked.answers
    page = render(form, posted, checked.errors)
    assert f'id="q-{q.id}-error">{escape(checked.errors[q.id])}</p>' in page


def retyped(q, **changes):
    """`q` as another type: without the keys of its old type, with `changes`."""
    kept = {k: v for k, v in q.items() if k not in ("scale", "options", "min", "max", "topics")}
    return kept | changes


FAULTS = {
    "an unknown type": lambda q, first: retyped(q, type="slider"),
    "a bad id": lambda q, first: q | {"id": "Bad Id"},
    "an empty label": lambda q, first: q | {"label": "  "},
    "an unknown key": lambda q, first: q | {"colour": "red"},
    "a scale of 11": lambda q, first: retyped(q, type="rating", scale=11),
    "one option": lambda q, first: retyped(q, type="choice", options=["only"]),
    "a repeated option": lambda q, first: retyped(q, type="multi", options=["a", "a"]),
    "min above max": lambda q, first: retyped(q, type="number", min=5, max=1),
    "options on a date": lambda q, first: retyped(q, type="date", options=["a", "b"]),
    "a condition on itself": lambda q, first: q | {"show_if": {"question": q["id"], "in": ["1"]}},
    "a used id": lambda q, first: q | {"id": first["id"]},
    "required as text": lambda q, first: q | {"required": "yes"},
    "an unknown feed": lambda q, first: q | {"feeds": "budget"},
}


@PROPERTY
@given(definitions(), st.sampled_from(sorted(FAULTS)), st.data())
def test_a_faulty_definition_is_refused_naming_its_question(questions, fault, data):
    questions = list(questions)
    if fault == "a used id" and len(questions) < 2:
        questions.append({"id": "zz_extra", "type": "text", "label": "Extra"})
    number = data.draw(st.integers(2 if fault == "a used id" else 1, len(questions)))
    questions[number - 1] = FAULTS[fault](questions[number - 1], questions[0])
    with pytest.raises(FormError) as refused:
        parse_form(questions)
    problems = refused.value.problems
    assert any(p.startswith(f"question {number}") for p in problems), (fault, problems)
