"""Bad input gives one clear line naming the file, never a traceback."""

import pytest

from stratmon.planfiles.importers import DocumentError, import_document, import_file


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "doc.txt: the document is empty"),
        (b"  \n\t\n\r\n", "doc.txt: the document is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "doc.txt: a binary file (NUL bytes)"),
        (b"Plan caf\xe9 2024\n", "doc.txt: not a UTF-8 text file (undecodable byte at offset"),
        (
            b"Dear colleagues,\nthe meeting is on Tuesday.\n- bring the minutes\n",
            "doc.txt: no recognisable plan structure",
        ),
    ],
)
def test_bad_files_are_refused_with_one_line(tmp_path, content, message):
    # given a file that holds no plan
    path = tmp_path / "doc.txt"
    path.write_bytes(content)

    # when it is imported, then the error is one line naming the file
    with pytest.raises(DocumentError) as caught:
        import_file(path)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(DocumentError, match=r"nope\.txt: no such file"):
        import_file(tmp_path / "nope.txt")


def test_a_structure_without_actions_is_refused():
    text = "Priority 1\nCustoms Leadership\nOverall Objective: Lead well\n"
    with pytest.raises(DocumentError, match=r"^p\.txt: no actions found in this outline"):
        import_document(text, filename="p.txt")


def test_a_plan_without_any_period_is_refused():
    text = "Priority 1: Leadership\nLead better\n- Train leaders\n"
    with pytest.raises(DocumentError, match="no plan period found"):
        import_document(text, filename="p.txt")


def test_a_bad_plan_code_from_the_caller_is_refused():
    text = "Plan 2024-2025\nPriority 1: Leadership\n- Train leaders\n"
    with pytest.raises(DocumentError, match="not a valid plan code: 'Bad Code'"):
        import_document(text, filename="p.txt", code="Bad Code")


def test_nul_characters_in_text_are_refused():
    with pytest.raises(DocumentError, match="binary file"):
        import_document("Plan\x002024", filename="p.txt")
