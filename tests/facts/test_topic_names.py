"""Synonyms typed one per line: cleaned the same way whatever is typed (hypothesis)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stratmon.facts.topic_names import (
    MAX_NAME,
    TopicError,
    clean_code,
    clean_synonyms,
    fold,
    split_lines,
)

lines = st.lists(st.text(max_size=60), max_size=12).map("\n".join)


@given(lines, st.text(max_size=30))
def test_cleaned_synonyms_are_tidy_distinct_and_never_the_name(text, name):
    try:
        cleaned = clean_synonyms(split_lines(text), name=name)
    except TopicError as error:
        assert error.field == "synonyms"
        return
    folded = [fold(s) for s in cleaned]
    assert len(set(folded)) == len(folded)
    assert all(s and s == s.strip() and "\n" not in s and len(s) <= MAX_NAME for s in cleaned)
    if fold(name):
        assert fold(name) not in folded
    # cleaning is idempotent: a saved list comes back from its form unchanged
    assert clean_synonyms(split_lines("\n".join(cleaned)), name=name) == cleaned


@given(st.text(max_size=50))
def test_a_code_is_accepted_only_in_its_one_spelling(code):
    try:
        assert clean_code(code) == code.strip()
    except TopicError as error:
        assert error.field == "code"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TRS\n  time  release study \n\ntrs\r\nTime Release Study", ["TRS", "time release study"]),
        ("", []),
    ],
)
def test_lines_become_synonyms_first_spelling_first(text, expected):
    assert clean_synonyms(split_lines(text)) == expected
