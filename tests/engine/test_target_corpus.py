"""Target grammar recall on real-world phrases: the labelled corpus in target_corpus.yaml.

Scoring. Each phrase is parsed and compared with its hand-written label:

- labelled typed, parsed, and kind, comparator, value, out_of, unit, per_months and by all
  equal the label (values to 1e-9, units as written after whitespace is collapsed): **right**;
- labelled typed, left unparsed: **missed** (the phrase stays verbatim and flagged: safe);
- labelled typed, parsed with any field different: **wrong**;
- labelled `parsed: false`, left unparsed: **right** (the grammar is right not to guess);
- labelled `parsed: false`, parsed: **wrong**.

The typed rate is right / all phrases and must be at least 95 %; no phrase may be wrong.
Recall (right / phrases labelled typed) must be at least 95 % too, so that the phrases
labelled unparsable, which the grammar gets right by declining, cannot hide a weak grammar.
Run with `-s` to see the score line.
"""

import datetime
import math
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from stratmon.engine.targets import parse_target

CORPUS = Path(__file__).with_name("target_corpus.yaml")
KEYS = ("kind", "comparator", "value", "out_of", "unit", "per_months", "by")
MIN_TYPED_RATE = 0.95
MIN_RECALL = 0.95


def load() -> dict:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))


def label(entry: dict) -> dict | None:
    """The expected JSON keys, or None for a phrase labelled unparsable."""
    expected = entry["expected"]
    if expected.get("parsed") is False:
        return None
    out = {key: expected.get(key) for key in KEYS}
    if isinstance(out["by"], datetime.date):
        out["by"] = out["by"].isoformat()
    return out


def same(key: str, want: object, got: object) -> bool:
    if key in ("value", "out_of") and want is not None and got is not None:
        return math.isclose(float(want), float(got), rel_tol=0, abs_tol=1e-9)
    if key == "unit" and isinstance(want, str) and isinstance(got, str):
        return " ".join(want.split()) == " ".join(got.split())
    return want == got


def verdict(entry: dict) -> tuple[str, str]:
    """('right' | 'missed' | 'wrong', detail) for one corpus entry."""
    want = label(entry)
    got = parse_target(entry["text"]).to_json()
    if want is None:
        return ("right", "") if not got["parsed"] else ("wrong", f"typed {got}")
    if not got["parsed"]:
        return "missed", ""
    diffs = [f"{k}: {got[k]!r} != {want[k]!r}" for k in KEYS if not same(k, want[k], got[k])]
    return ("wrong", "; ".join(diffs)) if diffs else ("right", "")


def score() -> tuple[Counter, list[str], list[str]]:
    """Verdict counts ('right', 'missed', 'wrong', and 'typed' / 'typed right' for recall)."""
    tally: Counter = Counter()
    misses: list[str] = []
    wrongs: list[str] = []
    for entry in load()["phrases"]:
        kind, detail = verdict(entry)
        tally[kind] += 1
        if label(entry) is not None:
            tally["typed"] += 1
            tally["typed right"] += kind == "right"
        if kind == "missed":
            misses.append(entry["text"])
        elif kind == "wrong":
            wrongs.append(f"{entry['text']!r}: {detail}")
    return tally, misses, wrongs


def test_the_corpus_is_large_diverse_and_sourced():
    corpus = load()
    phrases = corpus["phrases"]
    assert len(phrases) >= 300
    assert len({p["text"] for p in phrases}) == len(phrases), "a phrase is listed twice"
    used = Counter(p["source"] for p in phrases)
    assert set(used) <= set(corpus["sources"]), set(used) - set(corpus["sources"])
    assert len(used) >= 30
    # No single document dominates: diversity of shapes and writers.
    assert max(used.values()) <= len(phrases) // 10
    for entry in phrases:
        want = label(entry)
        if want is not None:
            assert want["kind"] in ("count", "share", "mean", "change", "value", "milestone")
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", want["by"] or "2000-01-01")


def test_the_grammar_types_the_corpus_with_high_recall_and_never_wrongly():
    tally, misses, wrongs = score()
    total = tally["right"] + tally["missed"] + tally["wrong"]
    rate = tally["right"] / total
    recall = tally["typed right"] / tally["typed"]
    print(
        f"\ntarget corpus: {total} phrases ({tally['typed']} labelled typed): "
        f"typed rate {rate:.1%}, "
        f"recall {recall:.1%}, {tally['missed']} missed, {tally['wrong']} wrong"
    )
    assert not wrongs, "typed wrongly:\n" + "\n".join(wrongs)
    assert rate >= MIN_TYPED_RATE, f"typed rate {rate:.1%}; missed:\n" + "\n".join(misses)
    assert recall >= MIN_RECALL, f"recall {recall:.1%}; missed:\n" + "\n".join(misses)


@pytest.mark.parametrize("entry", load()["phrases"], ids=lambda e: e["text"][:60])
def test_no_corpus_phrase_is_typed_wrongly(entry):
    kind, detail = verdict(entry)
    assert kind != "wrong", detail
