"""The form builder's rows (stratmon.surveys.views.builder): a form read into rows and back is
the same form; adding, moving and removing rows; problems placed by question."""

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from stratmon.surveys.definition import TYPES, parse_form
from stratmon.surveys.services import builtin_forms
from stratmon.surveys.views import builder


@pytest.mark.parametrize("entry", builtin_forms(), ids=lambda e: e["code"])
def test_a_shipped_form_read_into_rows_and_back_is_the_same(entry):
    stored = parse_form(entry["questions"]).as_data()
    rows = builder.rows_of(stored)
    assert parse_form([builder.question_data(r) for r in rows]).as_data() == stored


def test_rows_are_read_from_a_post_and_a_stale_field_of_another_type_is_ignored():
    post = QueryDict(mutable=True)
    post.update({"rows": "1", "q0-id": "n", "q0-type": "number", "q0-label": "How many?"})
    post.update({"q0-options": "left from a choice", "q0-min": "1", "q0-required": "on"})
    [row] = builder.rows_posted(post)
    assert builder.question_data(row) == {
        "id": "n", "type": "number", "label": "How many?", "required": True, "min": "1"
    }  # fmt: skip


@given(st.lists(st.sampled_from(["add", "up-0", "down-0", "up-2", "remove-1", "x", "up-"])))
def test_row_actions_keep_every_row_once_and_add_unique_ids(actions):
    rows = builder.rows_of([{"id": "a", "type": "text", "label": "A"}])
    for action in actions:
        before = {r["id"] for r in rows}
        rows = builder.apply(action, rows, "rating")
        ids = [r["id"] for r in rows]
        assert len(ids) == len(set(ids))
        if action == "add":
            assert len(set(ids) - before) == 1
        elif not action.startswith("remove"):
            assert set(ids) == before


def test_a_new_row_of_an_unknown_type_is_a_rating():
    assert builder.blank_row("nonsense", [])["type"] == "rating"
    assert set(TYPES) >= {builder.blank_row(t, [])["type"] for t in TYPES}


def test_problems_are_placed_on_their_row_or_above_the_form():
    placed, general = builder.place(
        ["question 2 (x): the label must be 1 to 500 characters", "question 9: out", "a form"],
        count=3,
    )
    assert placed == {1: ["question 2 (x): the label must be 1 to 500 characters"]}
    assert general == ["question 9: out", "a form"]
