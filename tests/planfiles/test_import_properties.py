"""Property tests: any text either imports as a loadable plan or is refused cleanly."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stratmon.planfiles.importers import DocumentError, ImportResult, import_document
from stratmon.planfiles.schema import dump_plan, parse_plan_text

# Pieces that steer random text into the importers' deeper paths.
PIECES = [
    "\t", "|", "\n", " ", "a)", "I)", "aa", ")", "8", "1.", "1.1", "2.3.1", "(1)", "(2)",
    "<ul><li>", "</li>", "<sup>st</sup>", "Action", "Specific Actions", "KPI", "Indicator",
    "Target", "Deadline", "Due date", "Reference", "Activity", "30 June", "2024", "30 Jun 2024",
    "June 2025", "## 1. Pillar", "# 2. ", "Priority 1", "Priority 2: Trade", "Overall Objective:",
    "- ", "* ", "• ", "Note: ", "from July 2022 to June 2024", "Plan 2022-2024", "(ROCB A/P)",
    "OCO will", "|---|---|", "No.", "#", "Goal 3", "\r", "é", "\u2028", "\x0b",
]  # fmt: skip

heavy_line = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=5)
heavy_text = st.lists(heavy_line.map("".join), max_size=25).map("\n".join)


def check(text: str) -> None:
    try:
        result = import_document(text, filename="random.txt")
    except DocumentError as exc:
        assert str(exc).startswith("random.txt") and "\n" not in str(exc)
        return
    assert isinstance(result, ImportResult)
    assert parse_plan_text(dump_plan(result.plan)) == result.plan
    assert all(w.line >= 0 and "\n" not in str(w) for w in result.warnings)
    # the same text gives the same plan and warnings
    assert import_document(text, filename="random.txt") == result


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_crashes(text):
    check(text)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(heavy_text)
def test_tab_and_pipe_heavy_text_never_crashes(text):
    check(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "a)", "b)", "I)", "8", "k", "aa", "1.", "1.2"]),
            st.text(min_size=0, max_size=12),
            st.sampled_from(["", "Number", "<ul><li>(1) x</li><li>(2) y</li></ul>"]),
            st.sampled_from(["", "Once", "(1) One (2) Two", "At least 3"]),
            st.sampled_from(["", "30 June", "2024", "30 June 2024", "soon"]),
        ),
        max_size=12,
    )
)
def test_random_tables_under_a_real_header_never_crash(rows):
    lines = ["Plan 2023-2024", "## 1. Only pillar", "\tAction\tKPI\tTarget\tDeadline"]
    lines += ["\t".join(row) for row in rows]
    check("\n".join(lines))


OUTLINE_LINES = [
    "Strategic Plan 2022-2027", "Priority 1", "Customs Leadership", "Priority 2: Trade",
    "Overall Objective: Do better", "Overall Objective :", "Modernise procedures",
    "- Run a workshop", "- Adopt the (RKC) Gap analysis conducted on members", "• A bullet",
    "* The “Small Members” category is reviewed", "Note: Also elsewhere", "continues here",
    "1.1 Numbered objective", "3.2.1 Numbered action", "## Goal 2 — Borders", "",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(OUTLINE_LINES), st.text(max_size=15)), max_size=25))
def test_random_outlines_never_crash(lines):
    check("\n".join(["Strategic Plan 2022-2027", *lines]))


HEADER = "\tAction\tKPI\tTarget\tDeadline"
words = st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=2, max_size=8)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(words, st.sampled_from(["Once a year", "At least 3", "Done"])), min_size=1,
             max_size=8),
    st.data(),
)  # fmt: skip
def test_a_row_cut_by_a_page_break_reads_as_the_uncut_row(rows, data):
    # given a table, and the same table with one action's text cut by a page break
    lines = [f"{chr(97 + i)})\t{' '.join(w)}\tKPI {i}\t{t}\t30 June 2024" for i, (w, t) in
             enumerate(rows)]  # fmt: skip
    cut = data.draw(st.integers(0, len(rows) - 1))
    at = data.draw(st.integers(1, len(rows[cut][0]) - 1))
    head, tail = " ".join(rows[cut][0][:at]), " ".join(rows[cut][0][at:])
    split = [*lines[:cut], lines[cut].replace(" ".join(rows[cut][0]), head, 1), "", HEADER,
             f"\t{tail}\t\t\t", *lines[cut + 1:]]  # fmt: skip
    top = ["Plan 2023-2024", "## 1. Only pillar", HEADER]

    # then both read as the same plan
    whole = import_document("\n".join([*top, *lines]), filename="t.txt").plan
    assert import_document("\n".join([*top, *split]), filename="t.txt").plan == whole
