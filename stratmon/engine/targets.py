"""Target grammar: turn a plan's target phrase into a small typed value (CONTRACT.md)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from stratmon.engine import lexicon as lx
from stratmon.engine.target_changes import read_change, read_from_to, read_level
from stratmon.engine.target_forms import (
    Comparator,
    Kind,
    Typed,
    read_count_or_value,
    read_mean,
    read_milestone,
    read_share,
)

__all__ = ["Comparator", "Kind", "Target", "json_number", "parse_target"]

# Longer than any target cell: a paragraph is not one target, and parsing stays fast.
MAX_LENGTH = 1000

_I = re.IGNORECASE


@dataclass(frozen=True)
class Target:
    """A typed target; when `parsed` is False every field but `text` is None.

    `value` is a count, a fraction (share and change: 25 % is 0.25, a reduction is
    negative), a mean's threshold or an amount in `unit`. `per_months` is the length of a
    frequency's period in months; `by` is a deadline written inside the phrase.
    `comparator` is ">=" or "<=", and ">" or "<" for strict phrases ("a majority",
    "more than", "less than"): an extension of the contract's two values.
    """

    text: str
    parsed: bool = False
    kind: Kind | None = None
    comparator: Comparator | None = None
    value: Decimal | None = None
    out_of: Decimal | None = None
    unit: str | None = None
    per_months: int | None = None
    by: date | None = None

    @property
    def is_frequency(self) -> bool:
        """True for a count (or an amount) required in every period of `per_months` months."""
        return self.kind in ("count", "value") and self.per_months is not None

    def to_json(self) -> dict[str, object]:
        """CONTRACT.md's target JSON: numbers as int when integral else float, `by` as ISO."""
        return {
            "text": self.text,
            "parsed": self.parsed,
            "kind": self.kind,
            "comparator": self.comparator,
            "value": json_number(self.value),
            "out_of": json_number(self.out_of),
            "unit": self.unit,
            "per_months": self.per_months,
            "by": self.by.isoformat() if self.by else None,
        }


def json_number(number: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number: int when integral, float otherwise; None stays None."""
    if number is None:
        return None
    if number == number.to_integral_value():
        return int(number)
    return float(number)


Reader = Callable[[str], "Typed | None"]
READERS: tuple[Reader, ...] = (
    read_milestone,
    read_mean,
    read_change,
    read_level,
    read_from_to,
    read_share,
    read_count_or_value,
)


def parse_target(text: str) -> Target:
    """Type a target phrase; never raises, and returns `parsed=False` rather than guess.

    Deterministic: the same text always gives the same Target. Phrases longer than
    MAX_LENGTH characters are not read. See docs/targets.md for the shapes read and those
    deliberately left unparsed.
    """
    if len(text) > MAX_LENGTH:
        return Target(text=text)
    phrase, label_year = strip_labels(normalise(text))
    by: date | None = None
    deadlines = list(lx.DEADLINE.finditer(phrase))
    if len(deadlines) > 1:
        return Target(text=text)
    if deadlines:
        by = lx.end_of_deadline(deadlines[0])
        if by is None or (label_year is not None and by.year != label_year):
            return Target(text=text)
        match = deadlines[0]
        phrase = tidy(phrase[: match.start()] + " " + phrase[match.end() :])
    phrase = tidy(re.sub(r"\(\s*\)", " ", phrase))
    if not phrase or lx.LOOSE_DEADLINE.search(phrase) or lx.AMBIGUOUS_PERIOD.search(phrase):
        return Target(text=text)
    if lx.PLACEHOLDER.search(phrase):
        return Target(text=text)
    for candidate in candidates(phrase):
        for reader in READERS:
            typed = reader(candidate)
            if typed is None:
                continue
            if typed.by is not None and by is not None:
                return Target(text=text)
            if typed.by is not None and label_year is not None and typed.by.year != label_year:
                return Target(text=text)
            if by is None and typed.by is None and label_year is not None:
                by = date(label_year, 12, 31)
            return Target(
                text=text,
                parsed=True,
                kind=typed.kind,
                comparator=typed.comparator,
                value=typed.value,
                out_of=typed.out_of,
                unit=typed.unit,
                per_months=typed.per_months,
                by=by or typed.by,
            )
    return Target(text=text)


def normalise(text: str) -> str:
    """Unicode NFKC, tags dropped, one kind of dash and quote, restated numbers dropped."""
    # Footnote marks, before NFKC turns "workshops¹" into "workshops1".
    phrase = re.sub(r"(?<=[^\W\d_]|[%)])[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}", "", text)
    phrase = re.sub(r"(?<=[\w%)])[*†‡§]{1,3}(?=$|[\s.,;:)])", "", phrase)
    phrase = unicodedata.normalize("NFKC", phrase)
    phrase = re.sub(r"<[^<>]*>", " ", phrase)
    phrase = re.sub(r"[’‘`]", "'", phrase)
    phrase = re.sub(r"[“”]", '"', phrase)
    phrase = re.sub(r"[–—‑−]", "-", phrase)
    phrase = re.sub(r"\s+", " ", phrase).strip()
    # A footnote letter or number in brackets at the end: "20 Members (a)".
    phrase = re.sub(r"(?<=[^\W\d_])\s*\((?:[a-z]|\d{1,2})\)[.;]?$", "", phrase)
    # Legal style writes a number twice, "five percent (5%)", "six (6) months".
    phrase = re.sub(
        rf"\b(?P<word>{lx.WORD_NUM})(?P<pct>\s+(?:percent|per\s+cent))?\s*"
        r"\((?P<digits>\d{1,6})\s*%?\)",
        _drop_restated,
        phrase,
        flags=_I,
    )
    return tidy(phrase)


def _drop_restated(match: re.Match[str]) -> str:
    words = lx.parse_number(match["word"])
    if words is None or words != Decimal(match["digits"]):
        return match[0]
    return match["word"] + (match["pct"] or "")


# Layout before the target itself: bullets, part numbers "(1)", "1(a)", outline numbers
# "1.2.a:", and labels "Target:", "2025 target:", "Target 4.1:", "Result 1.".
_BULLET = re.compile(
    r"^(?:\(\d{1,2}\)|\([a-z]\)|\([ivx]{1,4}\)|\d{1,2}\([a-z]\)|[a-z]\)|[-•*])\s*", _I
)
_OUTLINE = re.compile(
    r"^\d{1,2}(?:\.[0-9a-z]{1,3}\s*:\s*|(?:\.[0-9a-z]{1,3}){2,6}\.?(?:\s*:\s*|\s+))", _I
)
_LABEL = re.compile(
    rf"^(?:(?P<y1>{lx.YEAR})\s+)?(?:(?:annual|overall|final|interim|end[\s-]of[\s-]project)\s+)?"
    r"(?:target|result|goal|objective|outcome|output|indicator|kpi|milestone)s?"
    rf"(?:\s+(?:value|no\.?|(?:for\s+|in\s+)?(?P<y2>{lx.YEAR})"
    r"|\(?[0-9a-z]{1,3}\)?(?:\.[0-9a-z]{1,3}){0,4}))?\s*[:.)]\s+",
    _I,
)


def strip_labels(phrase: str) -> tuple[str, int | None]:
    """Drop the layout and labels written before a target (at most a few, in any order).

    Returns the phrase and the year a label names ("2025 target:", "Target 2026:"): the
    target is for that year, so the year is its deadline unless the phrase says otherwise.
    """
    year: int | None = None
    for _ in range(4):
        label = _LABEL.match(tidy(_OUTLINE.sub("", _BULLET.sub("", phrase))))
        if label is not None and (label["y1"] or label["y2"]):
            year = int(label["y1"] or label["y2"])
        stripped = tidy(_LABEL.sub("", _OUTLINE.sub("", _BULLET.sub("", phrase))))
        if stripped == phrase or not stripped:
            break
        phrase = stripped
    return phrase, year


def tidy(phrase: str) -> str:
    phrase = re.sub(r"\s+", " ", phrase).strip()
    return phrase.strip(" .;:,")


# A sentence of intent around the target: "It aims to", "To ensure that", "The agency will".
_SUBJECT = r"(?:[A-Za-z][\w'&.-]*\s+){0,5}?"
_INTENT = (
    re.compile(r"^also,?\s+", _I),
    re.compile(r"^(?:to\s+)?(?:ensure|ensuring|make\s+sure)\s+(?:that\s+)?(?:there\s+is\s+)?", _I),
    re.compile(
        r"^(?:with\s+the\s+|meeting\s+the\s+|the\s+(?:new\s+)?)target\s+(?:is|of)\s+(?:to\s+)?",
        _I,
    ),
    re.compile(
        rf"^{_SUBJECT}(?:aims?|seeks?|plans?|intends?|promises?|pledges?|commits?|wants?"
        r"|(?:is|are)\s+committed|(?:will|shall)\s+(?:aim|seek|strive))\s+to\s+",
        _I,
    ),
    re.compile(rf"^{_SUBJECT}(?:will|shall)\s+(?=(?:{lx.INTENT_VERBS})\b)", _I),
    re.compile(rf"^to\s+(?=(?:{lx.INTENT_VERBS})\b)", _I),
    re.compile(r"^to\s+[^,]{1,80},\s+", _I),
)
# A purpose clause after the target says why, not how much: ", to engage State Parties".
_PURPOSE = re.compile(r",\s+(?:to|so\s+as\s+to|in\s+order\s+to)\s+[a-z][^,]*$", _I)


def candidates(phrase: str) -> list[str]:
    """The phrase, then the phrase with its sentence of intent and purpose clause removed."""
    out = [phrase]
    current = phrase
    for _ in range(4):
        stripped = current
        for pattern in _INTENT:
            stripped = tidy(pattern.sub("", stripped, count=1))
        stripped = tidy(_PURPOSE.sub("", stripped))
        if not stripped or stripped == current:
            break
        out.append(stripped)
        current = stripped
    return out
