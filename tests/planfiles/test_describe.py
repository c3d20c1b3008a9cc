"""A measure in words: the seeds' measures, every source, filter and value of docs/measures.md."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stratmon.planfiles.describe import (
    ACTIVITY_WORDS,
    AGREEMENT_WORDS,
    GENDER_WORDS,
    OUTPUT_WORDS,
    REQUEST_WORDS,
    ROLE_WORDS,
    STATUS_WORDS,
    describe_measure,
    join_words,
)
from stratmon.planfiles.measures import SOURCES, parse_measure

TOPICS = {"rkc": "Revised Kyoto Convention", "hs-convention": "HS Convention"}
WORDS = {
    "kinds": {**ACTIVITY_WORDS, **OUTPUT_WORDS, **AGREEMENT_WORDS, **REQUEST_WORDS},
    "activity_kinds": ACTIVITY_WORDS,
    "genders": GENDER_WORDS,
    "roles": ROLE_WORDS,
    "statuses": {**STATUS_WORDS, "held": "held", "cancelled": "cancelled"},
}


def words(**data):
    return describe_measure(parse_measure(data), TOPICS, "WCO A/P")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"source": "member_statuses", "topic": "rkc"},
         "Members of WCO A/P whose status on “Revised Kyoto Convention” is achieved"),
        ({"source": "member_statuses", "topic": "rkc", "statuses": ["in_progress", "achieved"]},
         "Members of WCO A/P whose status on “Revised Kyoto Convention” is in progress or "
         "achieved"),
        ({"source": "member_statuses", "topic": "hs-convention", "new_in_period": True},
         "Members of WCO A/P whose status on “HS Convention” became achieved during the plan, "
         "having not been achieved at its start"),
        ({"source": "member_statuses", "topic": "unknown-topic"},
         "Members of WCO A/P whose status on “unknown-topic” is achieved"),
        ({"source": "activities", "kinds": ["training", "workshop"]},
         "held workshops and trainings linked to this action"),
        ({"source": "activities", "linked": False, "statuses": ["planned", "held"]},
         "planned or held activities"),
        ({"source": "activities", "with_partners": True},
         "held activities linked to this action with at least one partner organisation"),
        ({"source": "activities", "aggregate": "distinct_members"},
         "Members of WCO A/P among the participants in held activities linked to this action"),
        ({"source": "participations", "aggregate": "share", "numerator": {"genders": ["female"]}},
         "share of women among participations in held activities (a person at two activities "
         "counts twice)"),
        ({"source": "participations", "aggregate": "change", "activity_kinds": ["meeting"],
          "genders": ["female"], "roles": ["head_of_delegation"]},
         "change from one plan year to the next in participations by women as heads of "
         "delegation in held meetings (a person at two activities counts twice); the first plan "
         "year is compared with the 12 months before the plan"),
        ({"source": "evaluations", "activity_kinds": ["workshop"], "linked": True},
         "mean evaluation score of held workshops linked to this action, each score on its own "
         "scale and weighed by its responses"),
        ({"source": "requests", "kinds": ["contribution"], "numerator": {"fulfilled": True}},
         "share of the Secretariat's requests for contributions fulfilled by the date"),
        ({"source": "requests", "kinds": ["assistance"], "activity_kinds": ["mission"],
          "numerator": {"with_accredited_expert": True}},
         "share of Members' requests for assistance for missions answered by an activity with "
         "an accredited expert"),
        ({"source": "requests", "aggregate": "count"},
         "Members' requests for assistance and the Secretariat's requests for contributions"),
        ({"source": "agreements", "kinds": ["aeo_mra"]},
         "AEO mutual recognition arrangements in force (signed by the date)"),
        ({"source": "agreements", "aggregate": "distinct_members", "kinds": ["info_exchange"]},
         "Members of WCO A/P party to information exchange arrangements in force (signed by the "
         "date)"),
        ({"source": "outputs", "kinds": ["success_story"], "linked": False}, "success stories"),
        ({"source": "outputs", "aggregate": "distinct_members", "kinds": ["experience_sharing"]},
         "Members of WCO A/P named in experience-sharing outputs linked to this action"),
        ({"source": "milestone"},
         "done or not done: the date the KPI was done and its evidence, with progress updates"),
    ],
)  # fmt: skip
def test_measures_read_in_words(data, expected):
    assert describe_measure(parse_measure(data), TOPICS, "WCO A/P") == expected


def test_lists_join_as_people_write_them():
    assert join_words([]) == ""
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b"]) == "a and b"
    assert join_words(["a", "b", "c"], "or") == "a, b or c"


def every_filter():
    """A measure for each source and each value of each of its filters and flags."""
    for name, source in SOURCES.items():
        base = {"source": name, **({"topic": "rkc"} if "topic" in source.required else {})}
        share = {}
        if source.numerator_lists:
            key = next(iter(source.numerator_lists))
            share = {"numerator": {key: [source.numerator_lists[key][0]]}}
        elif source.numerator_flags:
            share = {"numerator": {source.numerator_flags[0]: True}}
        for aggregate in source.aggregates:
            extra = share if aggregate == "share" else {}
            yield {**base, "aggregate": aggregate, **extra}, ""
            for key, values in source.lists.items():
                for value in values:
                    yield {**base, "aggregate": aggregate, key: [value], **extra}, (key, value)
            for flag in source.flags:
                yield {**base, "aggregate": aggregate, flag: True, **extra}, flag
        for key, values in source.numerator_lists.items():
            for value in values:
                yield {**base, "aggregate": "share", "numerator": {key: [value]}}, (key, value)
        for flag in source.numerator_flags:
            yield {**base, "aggregate": "share", "numerator": {flag: True}}, flag


FLAG_WORDS = {
    "new_in_period": "during the plan",
    "linked": "linked to this action",
    "with_partners": "partner organisation",
    "fulfilled": "fulfilled",
    "with_accredited_expert": "accredited expert",
}


def test_every_source_filter_and_value_is_in_the_words():
    checked = 0
    for data, what in every_filter():
        text = describe_measure(parse_measure(data), TOPICS, "WCO A/P")
        assert text and "_" not in text and "None" not in text, data
        if isinstance(what, tuple):
            key, value = what
            expected = WORDS[key][value]
            if key == "kinds" and data["source"] == "outputs":
                expected = OUTPUT_WORDS[value]
            if key == "kinds" and data["source"] == "agreements":
                expected = AGREEMENT_WORDS[value]
            if key == "kinds" and data["source"] == "activities":
                expected = ACTIVITY_WORDS[value]
            assert expected in text, (data, text)
        elif what:
            assert FLAG_WORDS[what] in text, (data, text)
        checked += 1
    assert checked > 150


@st.composite
def measures(draw):
    name = draw(st.sampled_from(sorted(SOURCES)))
    source = SOURCES[name]
    aggregate = draw(st.sampled_from(source.aggregates))
    data = {"source": name, "aggregate": aggregate}
    if "topic" in source.required:
        data["topic"] = draw(st.sampled_from(["rkc", "hs-convention", "a-new-topic"]))
    for key, values in source.lists.items():
        chosen = draw(st.lists(st.sampled_from(values), unique=True, max_size=4))
        if chosen:
            data[key] = chosen
    for flag in source.flags:
        if draw(st.booleans()):
            data[flag] = draw(st.booleans())
    if aggregate == "share":
        part = {}
        for key, values in source.numerator_lists.items():
            chosen = draw(st.lists(st.sampled_from(values), unique=True, max_size=3))
            if chosen:
                part[key] = chosen
        for flag in source.numerator_flags:
            if draw(st.booleans()):
                part[flag] = True
        if not part:
            key = next(iter(source.numerator_lists or source.numerator_flags))
            part = {key: [source.numerator_lists[key][0]] if source.numerator_lists else True}
        data["numerator"] = part
    return data


@settings(max_examples=300)
@given(measures())
def test_any_measure_has_words_without_codes(data):
    text = describe_measure(parse_measure(data), TOPICS, "WCO A/P")
    assert text and "None" not in text and "  " not in text
    # Codes never show (a topic missing from the Topic table shows as its code).
    assert "_" not in text.replace("a-new-topic", "")
