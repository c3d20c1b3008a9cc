"""The participants paste parser: never crashes, reads back what a spreadsheet copies."""

from hypothesis import given
from hypothesis import strategies as st

from stratmon.web.paste import HEADER_WORDS, PastedRow, parse_participants

MEMBERS = {"FJI": "Fiji", "AUS": "Australia", "COK": "Cook Islands", "PNG": "Papua New Guinea"}
GENDERS = (("female", "female"), ("male", "male"), ("not_stated", "not stated"))
ROLES = (("participant", "participant"), ("head_of_delegation", "head of delegation"))


def parse(text):
    return parse_participants(text, MEMBERS, GENDERS, ROLES)


def test_tabs_commas_names_labels_and_a_header_are_read():
    text = (
        "Name\tMember\tGender\tRole\n"
        "Ana Tui\tFJI\tF\tHead of delegation\n"
        "\n"
        "Ben Lee, australia, male\n"
        '"Moana, Ari"\tcook islands\n'
        "Solo\n"
    )
    assert parse(text) == [
        PastedRow("Ana Tui", "FJI", "female", "head_of_delegation"),
        PastedRow("Ben Lee", "AUS", "male", ""),
        PastedRow("Moana, Ari", "COK", "", ""),
        PastedRow("Solo", "", "", ""),
    ]


def test_what_matches_nothing_is_kept_as_typed_for_the_checks_to_name():
    assert parse("Ana\tFJX\tunknown\tboss") == [PastedRow("Ana", "FJX", "unknown", "boss")]


def test_a_header_is_skipped_only_on_the_first_line():
    assert parse("Ana, FJI\nname, member") == [
        PastedRow("Ana", "FJI"),
        PastedRow("name", "member"),
    ]


@given(st.text())
def test_any_text_gives_rows_and_never_crashes(text):
    rows = parse(text)
    assert all(isinstance(r, PastedRow) for r in rows)
    assert len(rows) <= len(text.splitlines())


names = (
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters=',\t"'),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(lambda s: s and s.casefold() not in HEADER_WORDS)
)
rows = st.lists(
    st.builds(
        PastedRow,
        names,
        st.sampled_from(["", *MEMBERS]),
        st.sampled_from(["", *(v for v, _ in GENDERS)]),
        st.sampled_from(["", *(v for v, _ in ROLES)]),
    ),
    max_size=40,
)


@given(rows, st.sampled_from(["\t", ", "]), st.booleans())
def test_rows_copied_from_a_spreadsheet_read_back_the_same(expected, separator, header):
    lines = [separator.join([r.person, r.member, r.gender, r.role]) for r in expected]
    if header:
        lines.insert(0, separator.join(["Name", "Member", "Gender", "Role"]))
    assert parse("\r\n".join(lines)) == expected
