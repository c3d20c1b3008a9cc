"""Tokens and crude stems for matching plan wording; the suggestions' only text handling."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"[A-Za-z0-9]+")
# Words whose plural or inflection a suffix rule would get wrong.
_IRREGULAR = {
    "fora": "forum",
    "analyses": "analysis",
    "women": "woman",
    "men": "man",
    "news": "news",
    "series": "series",
    "criteria": "criterion",
    "data": "data",
}
_SUFFIXES = (
    ("isations", "iz"),
    ("izations", "iz"),
    ("isation", "iz"),
    ("ization", "iz"),
    ("ations", ""),
    ("ation", ""),
    ("ings", ""),
    ("ing", ""),
    ("ions", ""),
    ("ion", ""),
    ("ised", "iz"),
    ("ized", "iz"),
    ("ise", "iz"),
    ("ize", "iz"),
    ("ers", ""),
    ("er", ""),
    ("ors", ""),
    ("or", ""),
    ("ies", "y"),
    ("es", ""),
    ("ed", ""),
    ("s", ""),
)
_STOPWORDS_TEXT = """a an and the of on for in to by with as or at from into its their e g eg ex i
ie etc like such this that these those be is are was were has have who which"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def stem(word: str) -> str:
    """A crude stem, the same for `implementing`, `implemented`, `implementation` and
    `implement`; only ever compared with other stems from this function."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("ss") or len(w) <= 3:
        return w
    for suffix, replacement in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)] + replacement
    return w


def is_acronym(word: str) -> bool:
    """`TRS`, `FoS`, `nCEN`, `HS2022`: at least two capitals (an acronym matches only an
    acronym, so `API` does not match the word `api` in running text)."""
    return sum(c.isupper() for c in word) >= 2


@dataclass(frozen=True)
class Token:
    raw: str
    stem: str
    acronym: bool


def tokens(text: str) -> tuple[Token, ...]:
    """Words and numbers of `text`; hyphens and slashes split (`e-learning` → e, learning)."""
    return tuple(Token(w, stem(w), is_acronym(w)) for w in _TOKEN.findall(text))


def same_word(pattern: Token, found: Token) -> bool:
    """Does a word of a topic phrase match a word of the plan's text?"""
    if pattern.acronym:
        return found.acronym and pattern.raw.lower() == found.raw.lower()
    return pattern.stem == found.stem


_COUNTED = re.compile(
    r"^\s*(?:the\s+)?(?:total\s+)?(?:number|no\.|count|share|percentage|proportion|rate|"
    r"level|amount|ratio)\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)
_MODIFIER = re.compile(
    r"\b(?:in|on|for|at|by|with|to|from|among|amongst|during|within|under|via|through|"
    r"across|per|against|about|concerning|regarding)\b",
    re.IGNORECASE,
)


def head_phrase(indicator: str) -> str:
    """What an indicator counts, without 'Number of' and the modifiers after it:
    `Number of discussions in meetings in A/P region` → `discussions`."""
    rest = _COUNTED.sub("", indicator, count=1)
    cut = _MODIFIER.search(rest)
    return (rest[: cut.start()] if cut else rest).strip()
