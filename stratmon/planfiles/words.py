"""Plural forms of the names plans give their levels (priority → priorities), for counts."""

from __future__ import annotations

import re

_VOWELS = "aeiou"
# Latin and Greek nouns that plan owners use for levels and whose plural is not "+s".
_IRREGULAR = {"criterion": "criteria", "axis": "axes", "analysis": "analyses", "basis": "bases"}


def plural(name: str) -> str:
    """The plural of a level name, keeping its case: `priority` → `priorities`,
    `Strategy` → `Strategies`, `Focus Area` → `Focus Areas`, `KPI` → `KPIs`, `box` → `boxes`.

    Only the last word changes (`Key Result Area (KRA)` → `Key Result Areas (KRA)`); a name
    without letters stays as it is. Names are expected in the singular, as plan files give them.
    """
    # A bracketed abbreviation after the name is not the word to change: Area (KRA).
    m = re.search(r"([A-Za-z]+)((?:[^A-Za-z(]*\([^()]*\))?[^A-Za-z]*)$", name)
    if not m:
        return name
    return name[: m.start()] + _plural_word(m.group(1)) + m.group(2)


def _plural_word(word: str) -> str:
    lower = word.lower()
    if word.isupper() and len(word) > 1:
        return word + "s"  # an acronym: KPI → KPIs
    if lower in _IRREGULAR:
        return word[0] + _IRREGULAR[lower][1:]
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in _VOWELS:
        return word[:-1] + "ies"
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def counted(n: int, name: str) -> str:
    """`6 priorities`, `1 priority`, `0 priorities`: a count with the name in its right form."""
    return f"{n} {name if n == 1 else plural(name)}"
