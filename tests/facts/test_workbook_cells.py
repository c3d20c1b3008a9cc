"""Cell parsers on values: either a value or a clear CellError, never anything else."""

import datetime
import re
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from stratmon.facts.workbook.cells import (
    CellError,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_list,
    parse_member_code,
    parse_plan_key,
    parse_text,
)

# Whatever a spreadsheet cell or a CSV field can hold.
CELLS = st.one_of(
    st.text(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.decimals(allow_nan=True),
    st.from_regex(r"\s*\d{1,5}-\d{1,3}-\d{1,3}\s*", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9-]{1,12}:[0-9a-z.]{0,8}", fullmatch=True),
)
CHOICES = (("female", "female"), ("not_stated", "not stated"))
PARSERS = [
    parse_text,
    parse_date,
    lambda v: parse_integer(v, 1, 32767),
    lambda v: parse_decimal(v, 6, 3),
    lambda v: parse_choice(v, CHOICES),
    parse_list,
    parse_member_code,
    lambda v: parse_plan_key(v, "action"),
]


@pytest.mark.parametrize("parse", PARSERS)
@given(value=CELLS)
@example(value=10**40)
@example(value="1e400")
@example(value=1e300)
@example(value="1E-5")
def test_a_parser_returns_a_value_or_a_clear_message(parse, value):
    try:
        parse(value)
    except CellError as exc:
        assert str(exc) and "\n" not in str(exc)


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_a_date_reads_back_from_its_iso_text_and_its_cell(day):
    assert parse_date(day.isoformat()) == day
    assert parse_date(datetime.datetime.combine(day, datetime.time())) == day


@pytest.mark.parametrize(
    "value",
    [
        "1899-12-31",
        "2101-01-01",
        "9999-12-31",
        datetime.date(1, 1, 1),
        datetime.datetime(9999, 1, 1),
    ],
)
def test_a_date_outside_1900_to_2100_is_refused(value):
    with pytest.raises(CellError, match="outside the years 1900 to 2100"):
        parse_date(value)


@pytest.mark.parametrize("text", ["a\x00b", "tab\x0bbed", "x\x1fy", "z\x7f", "bad\ufffe"])
def test_text_with_a_control_character_is_refused_naming_it(text):
    with pytest.raises(CellError, match=r"control character U\+[0-9A-F]{4} at position \d+"):
        parse_text(text)


def test_tabs_and_newlines_are_text():
    assert parse_text("line one\nline\ttwo") == "line one\nline\ttwo"


def test_a_whole_number_of_thousands_of_digits_is_too_large_not_a_crash():
    with pytest.raises(CellError, match="too large"):
        parse_integer("9" * 5000, 1, 10)


@given(st.integers(min_value=1, max_value=32767))
def test_an_integer_reads_from_a_number_a_float_or_text(n):
    assert parse_integer(n, 1, 32767) == parse_integer(float(n), 1, 32767) == n
    assert parse_integer(f" {n} ", 1, 32767) == n


@given(st.decimals(min_value=-999, max_value=999, places=3))
def test_a_decimal_reads_back_from_its_text(number):
    assert parse_decimal(str(number), 6, 3) == number


@given(st.lists(st.from_regex(r"[A-Za-z0-9 ]*[A-Za-z0-9]", fullmatch=True), max_size=6))
def test_a_list_reads_back_from_its_joined_text(items):
    expected = list(dict.fromkeys(i.strip() for i in items))
    assert parse_list("; ".join(items)) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2023-13-01", "not a valid date: '2023-13-01'"),
        ("31/12/2023", "expected a date as YYYY-MM-DD, got '31/12/2023'"),
        (45000, "expected a date as YYYY-MM-DD, got '45000'"),
        (datetime.datetime(2023, 1, 1, 9, 30), "expected a date, got a date and time"),
    ],
)
def test_a_bad_date_says_what_was_expected(value, message):
    with pytest.raises(CellError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (4.5, Decimal("4.500")),
        ("3", Decimal("3.000")),
        (4.1, Decimal("4.100")),
        (13 / 3, Decimal("4.333")),
        ("2.0005", Decimal("2.000")),
    ],
)
def test_decimals_keep_their_written_value_to_three_places(value, expected):
    assert parse_decimal(value, 6, 3) == expected


def test_a_decimal_too_large_for_the_column_is_refused():
    with pytest.raises(CellError, match=re.escape("too large: '1000'; the largest is 999.999")):
        parse_decimal("1000", 6, 3)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "expected a whole number"),
        (2.5, "expected a whole number, got '2.5'"),
        (0, "0 is below the minimum 1"),
    ],
)
def test_bad_integers_are_refused(value, message):
    with pytest.raises(CellError, match=message):
        parse_integer(value, 1, 10)


def test_choices_accept_the_label_and_any_case():
    assert parse_choice("Not Stated", CHOICES) == "not_stated"
    assert parse_choice("FEMALE", CHOICES) == "female"


def test_text_keeps_the_digits_of_a_numeric_id():
    assert parse_text(14.0) == "14"
    assert parse_text(14) == "14"
    with pytest.raises(CellError, match="too long: 5 characters, at most 3"):
        parse_text("abcde", 3)
