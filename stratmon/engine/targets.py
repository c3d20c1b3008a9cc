"""Target grammar: turn a plan's target phrase into a small typed value (CONTRACT.md)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from stratmon.engine import lexicon as lx

Kind = Literal["count", "share", "mean", "change", "value", "milestone"]
Comparator = Literal[">=", "<=", ">", "<"]

_I = re.IGNORECASE
_FLIP: dict[Comparator, Comparator] = {">=": "<=", "<=": ">=", ">": "<", "<": ">"}


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
        """True for a count required in every period of `per_months` months."""
        return self.kind == "count" and self.per_months is not None

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


@dataclass(frozen=True)
class _Typed:
    kind: Kind
    comparator: Comparator | None
    value: Decimal | None = None
    out_of: Decimal | None = None
    unit: str | None = None
    per_months: int | None = None


def parse_target(text: str) -> Target:
    """Type a target phrase; never raises, and returns `parsed=False` rather than guess.

    Deterministic: the same text always gives the same Target. See docs/targets.md for
    the shapes read and those deliberately left unparsed.
    """
    phrase = _normalise(text)
    by: date | None = None
    deadlines = list(lx.DEADLINE.finditer(phrase))
    if len(deadlines) > 1:
        return Target(text=text)
    if deadlines:
        by = lx.end_of_deadline(deadlines[0])
        if by is None:
            return Target(text=text)
        match = deadlines[0]
        phrase = _tidy(phrase[: match.start()] + " " + phrase[match.end() :])
    if not phrase or lx.LOOSE_DEADLINE.search(phrase) or lx.AMBIGUOUS_PERIOD.search(phrase):
        return Target(text=text)
    for reader in (_milestone, _mean, _change, _share, _count_or_value):
        typed = reader(phrase)
        if typed is not None:
            return Target(
                text=text,
                parsed=True,
                kind=typed.kind,
                comparator=typed.comparator,
                value=typed.value,
                out_of=typed.out_of,
                unit=typed.unit,
                per_months=typed.per_months,
                by=by,
            )
    return Target(text=text)


def _normalise(text: str) -> str:
    phrase = unicodedata.normalize("NFKC", text)
    phrase = re.sub(r"<[^<>]*>", " ", phrase).replace("’", "'").replace("–", "-")
    phrase = re.sub(r"\s+", " ", phrase).strip()
    # Compound KPI cells number their parts "(1) …": the number is layout, not target.
    phrase = re.sub(r"^(?:\(\d{1,2}\)|[-•*])\s*", "", phrase)
    return _tidy(phrase)


def _tidy(phrase: str) -> str:
    phrase = re.sub(r"\s+", " ", phrase).strip()
    return phrase.strip(" .;:,")


def _comparator(words: str | None) -> Comparator | None:
    if words is None:
        return None
    for pattern, meaning in lx.PREFIX_COMPARATORS:
        if re.fullmatch(pattern, words, _I):
            return meaning  # type: ignore[return-value]
    return None


def _merge(prefix: str | None, suffix: str | None) -> tuple[bool, Comparator | None]:
    """Combine a prefix comparator and an "or more"-style suffix; (False, None) on conflict."""
    first = _comparator(prefix)
    second: Comparator | None = None
    if suffix is not None:
        second = lx.SUFFIX_MEANING[suffix.lower()]  # type: ignore[assignment]
    if first and second and first != second:
        return False, None
    return True, first or second


def _peel_suffix(phrase: str) -> tuple[str | None, str]:
    match = re.search(lx.SUFFIX_CMP, phrase, _I)
    if match is None:
        return None, phrase
    return match["sfx"], phrase[: match.start()].strip()


def _peel_period(phrase: str) -> tuple[bool, int | None, str]:
    """Remove a trailing period phrase: (ok, months or None, rest)."""
    for pattern, months in lx.PERIOD_PHRASES:
        match = re.search(rf"(?:,?\s+|^)(?:{pattern})$", phrase, _I)
        if match is None:
            continue
        if months is None:
            count = lx.parse_number(match["n"])
            if count is None or count != count.to_integral_value() or count <= 0:
                return False, None, phrase
            size = {"y": 12, "m": 1, "q": 3}[match["u"][0].lower()]
            months = int(count) * size
        return True, months, phrase[: match.start()].strip()
    return True, None, phrase


def _unit_ok(unit: str) -> bool:
    words = unit.split()
    return (
        bool(words)
        and words[0].lower() not in lx.UNIT_STOP_FIRST
        and not re.search(r"[\d%/]", unit)
        and not lx.UNIT_STOP_ANY.search(unit)
    )


def _has_number(phrase: str) -> bool:
    words = "|".join([*lx.NUMBER_WORDS, *lx.FREQ_WORDS, "half", "third", "thirds", "quarter"])
    return bool(re.search(rf"\d|%|\b(?:{words})\b", phrase, _I))


_MILESTONE_WORDS = re.compile(
    r"\b(?:annual|annually|yearly|quarterly|monthly|per|every|each|times|at\s+least|at\s+most"
    r"|more|less|fewer|majority|all|average|mean|increase|reduce|reduction|growth)\b",
    _I,
)


def _milestone(phrase: str) -> _Typed | None:
    if _has_number(phrase) or _MILESTONE_WORDS.search(phrase):
        return None
    forms = (
        r"(?:fully\s+)?(?:completed?|done|achieved|in\s+place|operational)",
        rf"[^\W\d_].*?\s+(?:(?:is|are|has\s+been|have\s+been|to\s+be|being|fully|formally)\s+)*"
        rf"(?:{lx.MILESTONE_PARTICIPLES})",
        rf"(?:{lx.MILESTONE_VERBS})\s+[^\W\d_].*",
    )
    if any(re.fullmatch(form, phrase, _I) for form in forms):
        return _Typed("milestone", None)
    return None


_MEAN_FORMS = (
    rf"(?:(?P<c1>{lx.CMP})\s+)?(?:an?\s+|the\s+)?(?:overall\s+)?(?:average|mean)"
    r"(?:\s+(?:satisfaction|evaluation|participant|participants'|feedback|quality))?"
    r"(?:\s+(?:score|rating|grade|mark))?(?:\s+of)?",
    rf"(?:(?P<c1>{lx.CMP})\s+)?(?:an?\s+|the\s+)?(?:satisfaction|evaluation|participant|feedback)"
    r"\s+(?:score|rating)(?:\s+of)?",
)
_MEAN_TAIL = (
    rf"\s+(?:(?P<c2>{lx.CMP})\s+)?(?P<num>{lx.NUM})"
    rf"(?:\s*(?:/|out\s+of|of)\s*(?P<den>{lx.NUM}))?(?:\s+points?)?"
)
_MEAN_RATIO = (
    rf"(?:(?P<c1>{lx.CMP})\s+)?(?P<num>\d+\.\d+)\s*(?:/|out\s+of)\s*"
    rf"(?P<den>{lx.NUM})(?P<c2>)"
)


def _mean(phrase: str) -> _Typed | None:
    sfx, body = _peel_suffix(phrase)
    for form in (*(f + _MEAN_TAIL for f in _MEAN_FORMS), _MEAN_RATIO):
        match = re.fullmatch(form, body, _I)
        if match is None:
            continue
        if match["c1"] and match["c2"]:
            return None
        ok, cmp = _merge(match["c1"] or match["c2"] or None, sfx)
        value = lx.parse_number(match["num"])
        out_of = lx.parse_number(match["den"]) if match["den"] else None
        if not ok or value is None or (out_of is not None and not 0 < value <= out_of):
            return None
        return _Typed("mean", cmp or ">=", value, out_of)
    return None


_PCT = rf"(?P<pct>{lx.NUM})\s*(?:%|per\s*cent|percent|pct)"
_FRAC = (
    r"(?P<frac>(?:one|a)[\s-]+half|half|(?:one|a)[\s-]+third|two[\s-]+thirds"
    r"|(?:one|a)[\s-]+quarter|three[\s-]+quarters|(?P<maj>(?:the\s+|a\s+)?majority)|all)"
)
_UP = r"increase|raise|grow|boost|improve"
_DOWN = r"reduce|cut|decrease|lower|lessen|shorten"
_ANNUAL = r"per\s+year|annually|each\s+year|a\s+year|every\s+year|year-on-year|per\s+annum"


def _fraction(match: re.Match[str]) -> Decimal | None:
    if match["pct"]:
        number = lx.parse_number(match["pct"])
        return None if number is None else number / 100
    words = re.sub(r"^(?:one|a|the)[\s-]+", "", match["frac"].lower())
    words = re.sub(r"[\s-]+", " ", words)
    if "majority" in words:
        return Decimal("0.5")
    return lx.FRACTION_WORDS.get(words)


def _change(phrase: str) -> _Typed | None:
    forms = (
        rf"(?:(?P<cmp>{lx.CMP})\s+)?(?:an?\s+)?{_PCT}\s+(?:(?P<ann>annual|yearly|year-on-year"
        r"|year-over-year|annuali[sz]ed)\s+)?(?P<dir>growth|increase|rise|improvement"
        r"|reduction|decrease|decline|drop|cut|fall)(?:\s+(?:in|of)\s+(?:the\s+)?"
        rf"(?P<unit>[^\d%]+?))?(?:,?\s+(?P<ann2>{_ANNUAL}))?",
        rf"(?P<dir>{_UP}|{_DOWN})\s+(?:the\s+)?(?P<unit>[^\d%]+?)\s+by\s+(?:(?P<cmp>{lx.CMP})\s+)?"
        rf"(?:{_PCT}|{_FRAC})(?:,?\s+(?P<ann2>{_ANNUAL}))?",
    )
    for form in forms:
        match = re.fullmatch(form, phrase, _I)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("maj") or (groups.get("frac") or "").lower() == "all":
            return None
        size = _fraction(match)
        cmp = _comparator(match["cmp"]) or ">="
        unit = match["unit"]
        if size is None or size <= 0 or (unit is not None and not _unit_ok(unit)):
            return None
        downward = re.fullmatch(
            rf"{_DOWN}|reduction|decrease|decline|drop|cut|fall", match["dir"], _I
        )
        if downward:
            if size > 1:
                return None
            size, cmp = -size, _FLIP[cmp]
        annual = groups.get("ann") or match["ann2"]
        return _Typed("change", cmp, size, None, unit, 12 if annual else None)
    return None


def _share(phrase: str) -> _Typed | None:
    sfx, body = _peel_suffix(phrase)
    form = (
        rf"(?:(?P<lead>{lx.SHARE_LEADS})\s+)?(?:(?P<cmp>{lx.CMP})\s+)?(?:{_PCT}|{_FRAC})"
        r"(?:\s+(?:of\s+)?(?:the\s+|all\s+)?(?P<unit>.+))?"
    )
    match = re.fullmatch(form, body, _I)
    if match is None:
        return None
    ok, cmp = _merge(match["cmp"], sfx)
    size = _fraction(match)
    unit = match["unit"]
    if not ok or size is None or size > 1 or unit is None or not _unit_ok(unit):
        return None
    if match["maj"]:
        # "A majority" is strictly more than half; no other comparator may qualify it.
        return None if cmp else _Typed("share", ">", size, None, unit)
    if size == 0 and cmp is None:
        cmp = "<="
    return _Typed("share", cmp or ">=", size, None, unit)


_FREQ_BODY = re.compile(
    rf"(?:(?P<cmp>{lx.CMP})\s+)?(?:(?P<adv>once|twice|thrice)|(?P<num>{lx.NUM})\s+times?)", _I
)
_COUNT_BODY = re.compile(
    rf"(?:(?P<lead>{lx.COUNT_LEADS})\s+)?(?:(?P<cmp>{lx.CMP})\s+)?"
    rf"(?:(?P<cur>{lx.CURRENCIES.pattern})\s*)?(?P<num>{lx.NUM})(?P<mult>{lx.MULT})"
    rf"(?:\s*(?:/|out\s+of|of)\s*(?P<den>{lx.NUM}))?(?:\s+(?P<unit>.+))?",
    _I,
)


def _count_or_value(phrase: str) -> _Typed | None:
    sfx, body = _peel_suffix(phrase)
    ok, per, body = _peel_period(body)
    if sfx is None:
        sfx, body = _peel_suffix(body)
    if not ok:
        return None
    if not body and per is not None:
        return _Typed("count", ">=", Decimal(1), per_months=per)
    freq = _FREQ_BODY.fullmatch(body)
    if freq is not None:
        ok, cmp = _merge(freq["cmp"], sfx)
        times = (
            Decimal(lx.FREQ_WORDS[freq["adv"].lower()])
            if freq["adv"]
            else lx.parse_number(freq["num"])
        )
        if not ok or (cmp == "<=" and (freq["cmp"] or "").lower() == "within") or times is None:
            return None
        if times <= 0 or times != times.to_integral_value():
            return None
        return _Typed("count", cmp or ">=", times, per_months=per)
    match = _COUNT_BODY.fullmatch(body)
    if match is None:
        return None
    ok, cmp = _merge(match["cmp"], sfx)
    number = lx.parse_number(match["num"])
    if not ok or number is None:
        return None
    if match["mult"]:
        number *= lx.MULTIPLIERS[match["mult"].strip().lower()]
    unit = match["unit"]
    if match["cur"] or (unit and lx.CURRENCIES.fullmatch(unit)):
        if match["den"] or (match["cur"] and unit) or per is not None:
            return None
        if (match["cmp"] or "").lower() == "within":
            return None
        return _Typed("value", cmp or ">=", number, None, (match["cur"] or unit or "").strip())
    return _count_tail(match, cmp, number, unit, per)


def _count_tail(
    match: re.Match[str], cmp: Comparator | None, number: Decimal, unit: str | None, per: int | None
) -> _Typed | None:
    within = (match["cmp"] or "").lower() == "within"
    if unit is not None:
        duration = re.fullmatch(rf"(?P<u>{lx.TIME_UNITS.pattern})(?:\s+(?P<rest>.*))?", unit, _I)
        if duration is not None:
            rest = duration["rest"]
            if cmp is None or match["den"] or per is not None or (rest and not _unit_ok(rest)):
                return None
            return _Typed("value", cmp, number, None, duration["u"])
        if unit.lower() in ("time", "times"):
            unit = None
        elif not _unit_ok(unit):
            return None
    if within or number != number.to_integral_value():
        return None
    out_of = None
    if match["den"]:
        out_of = lx.parse_number(match["den"])
        if out_of is None or out_of <= 0 or number > out_of or out_of != out_of.to_integral_value():
            return None
    if unit is None and cmp is None:
        return None
    if number == 0:
        # "Zero incidents" caps a count; "at least zero" says nothing.
        if cmp not in (None, "<="):
            return None
        cmp = "<="
    return _Typed("count", cmp or ">=", number, out_of, unit, per)
