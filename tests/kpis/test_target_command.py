"""`stratmon target parse` as CONTRACT.md gives it: one object per phrase, a list for several."""

import json
import subprocess
import sys


def parse(*args):
    out = subprocess.run(
        [sys.executable, "-m", "stratmon", "target", "parse", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_one_phrase_gives_one_json_object():
    assert json.loads(parse("At least 27/33 Members", "--json")) == {
        "text": "At least 27/33 Members",
        "parsed": True,
        "kind": "count",
        "comparator": ">=",
        "value": 27,
        "out_of": 33,
        "unit": "Members",
        "per_months": None,
        "by": None,
    }


def test_several_phrases_give_a_list_in_order():
    got = json.loads(parse("Once a year", "At least average of 4 out of 5", "gibberish", "--json"))
    assert [(g["kind"], g["value"], g["out_of"], g["per_months"]) for g in got] == [
        ("count", 1, None, 12),
        ("mean", 4, 5, None),
        (None, None, None, None),
    ]
    assert got[2]["parsed"] is False


def test_without_json_it_prints_a_readable_line_per_phrase():
    lines = parse("At least twice per year", "gibberish").splitlines()
    assert lines == [
        "'At least twice per year': count >= 2 every 12 months",
        "'gibberish': not understood (kept verbatim)",
    ]
