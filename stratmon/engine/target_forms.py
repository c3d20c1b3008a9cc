"""Target readers for milestones, means, shares, counts and amounts (see targets.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from stratmon.engine import lexicon as lx

Kind = Literal["count", "share", "mean", "change", "value", "milestone"]
Comparator = Literal[">=", "<=", ">", "<"]

_I = re.IGNORECASE
FLIP: dict[Comparator, Comparator] = {">=": "<=", "<=": ">=", ">": "<", "<": ">"}


@dataclass(frozen=True)
class Typed:
    """What a reader made of a phrase; `by` only when the reader found the deadline itself."""

    kind: Kind
    comparator: Comparator | None
    value: Decimal | None = None
    out_of: Decimal | None = None
    unit: str | None = None
    per_months: int | None = None
    by: date | None = None


def comparator(words: str | None) -> Comparator | None:
    if words is None:
        return None
    for pattern, meaning in lx.PREFIX_COMPARATORS:
        if re.fullmatch(pattern, words.strip(), _I):
            return meaning  # type: ignore[return-value]
    return None


def merge(prefix: str | None, suffix: str | None) -> tuple[bool, Comparator | None]:
    """Combine a prefix comparator and an "or more"-style suffix; (False, None) on conflict."""
    first = comparator(prefix)
    second: Comparator | None = None
    if suffix is not None:
        second = lx.SUFFIX_MEANING[suffix.lower()]  # type: ignore[assignment]
    if first and second and first != second:
        return False, None
    return True, first or second


def peel_suffix(phrase: str) -> tuple[str | None, str]:
    match = re.search(lx.SUFFIX_CMP, phrase, _I)
    if match is None:
        return None, phrase
    return match["sfx"], phrase[: match.start()].strip()


def period_months(match: re.Match[str]) -> int | None:
    """Months of a matched period phrase; None for "every 0 years" and the like."""
    text = match[0]
    for pattern, months in lx.PERIOD_PHRASES:
        found = re.fullmatch(pattern, text, _I)
        if found is None:
            continue
        if months is not None:
            return months
        count = lx.parse_number(found["n"])
        if count is None or count != count.to_integral_value() or count <= 0:
            return None
        return int(count) * {"y": 12, "m": 1, "q": 3}[found["u"][0].lower()]
    return None


def peel_period(phrase: str, anywhere: bool = False) -> tuple[bool, int | None, str]:
    """Remove one period phrase, trailing (or anywhere): (ok, months or None, rest).

    Two period phrases, or one that names no whole number of months, are not ok.
    """
    where = r"(?:,?\s+|^)(?:{})(?=$|\s)" if anywhere else r"(?:,?\s+|^)(?:{})$"
    pattern = where.format(lx.PERIOD_ANY)
    found = list(re.finditer(pattern, phrase, _I))
    if not found:
        return True, None, phrase
    if len(found) > 1:
        return False, None, phrase
    match = found[0]
    months = period_months(re.search(lx.PERIOD_ANY, match[0], _I))  # type: ignore[arg-type]
    if months is None:
        return False, None, phrase
    rest = (phrase[: match.start()] + " " + phrase[match.end() :]).strip()
    return True, months, re.sub(r"\s+", " ", rest)


POPULATION_STOP_FIRST = frozenset(
    {"of", "out", "or", "and", "than", "by", "to", "from", "per", "percent", "cent", "pct"}
    | {"times", "in", "at", "on", "for", "a", "an", "the", "within", "every", "each"}
    # "10% increase over previous year" is a change, not a share of an increase.
    | {"increase", "increases", "growth", "rise", "reduction", "decrease", "decline", "drop"}
    | {"cut", "fall", "improvement", "gain", "change", "higher", "lower", "more", "less"}
    | {"above", "below", "over", "under", "up", "down"}
)


def count_unit_ok(unit: str) -> bool:
    """A counted thing: no numbers, no stray structure words at its start or inside."""
    words = unit.split()
    first = words[0].lower() if words else ""
    if first == "more" and (len(words) < 2 or words[1].lower() in ("than", "of", "or")):
        return False
    return (
        bool(words)
        and first not in lx.UNIT_STOP_FIRST
        # "At least 3 (cumulative)": a note in brackets is no counted thing.
        and not first.startswith("(")
        and not lx.CONDITION.search(unit)
        and not lx.HEDGE.search(unit)
        and not re.search(r"[\d%/]", unit)
        and not re.search(rf"\b(?:{lx.WORD_NUM})", unit, _I)
        and not lx.UNIT_STOP_ANY.search(unit)
    )


def population_ok(unit: str) -> bool:
    """What a share or a change is of: ages and grades may carry digits, nothing else may.

    Refused: a percentage, a year, a ratio, a period, a condition on time ("within 24
    hours"), and a second target joined on ("... or contain ...", ", with equitable rates").
    """
    words = unit.split()
    if not words or words[0].lower() in POPULATION_STOP_FIRST:
        return False
    # "the bottom 40%" names a population; it is no second percentage.
    unit = re.sub(rf"\b(?:bottom|top|poorest|richest)\s+(?:{lx.NUM})\s*%", "part", unit, flags=_I)
    clauses = len(re.findall(r"\b(?:should|will|must|shall|would|is|are)\b", unit, re.I))
    return not (
        re.search(r"%|\bper\s*cent\b|\bpercent\b|\d\s*/\s*\d|[<>≤≥]", unit, _I)
        or lx.CONDITION.search(unit)
        or lx.HEDGE.search(unit)
        or re.search(rf"\b{lx.YEAR}\b", unit)
        or lx.TIME_CONDITION.search(unit)
        or re.search(rf"(?:^|\s)(?:{lx.PERIOD_ANY})(?=$|\s)", unit, _I)
        or re.search(r"\b(?:per|every|each|annually|yearly|quarterly|monthly)\b", unit, _I)
        or re.search(
            rf"\b(?:or|and)\s+(?:contain|maintain|keep|halt|stop|{lx.UP}|{lx.DOWN})\b", unit, _I
        )
        or re.search(r",\s+(?:with|while|except|provided)\b|\band\s+(?:all|every|no)\b", unit, _I)
        or (clauses >= 2 and re.search(r"\band\b", unit, _I))
    )


def has_number(phrase: str) -> bool:
    words = "|".join([*lx.NUMBER_WORDS, *lx.FREQ_WORDS, "half", "third", "thirds", "quarter"])
    return bool(re.search(rf"\d|%|\b(?:{words})\b", phrase, _I))


_MILESTONE_BLOCK = re.compile(
    r"\b(?:annual|annually|yearly|quarterly|monthly|per|every|each|at\s+least|at\s+most"
    r"|more|less|fewer|majority|average|mean|increase|reduce|reduction|growth)\b"
    r"|^all\b"
    # An indicator's name ("Number of officers trained") says what is counted, not a target.
    r"|^(?:the\s+)?(?:number|no\.?|nos?\.|percentage|percent|proportion|share|rate|ratio"
    r"|level|amount|volume|value|count|total|degree|extent|frequency)\s+of\b",
    _I,
)
_PARTICIPLE = rf"(?:{lx.MILESTONE_PARTICIPLES}|[a-z]{{3,}}ed)"
_STATES = rf"{_PARTICIPLE}(?:\s*,\s*{_PARTICIPLE})*(?:,?\s+and\s+{_PARTICIPLE})?"
_MILESTONE_FORMS = (
    r"(?:fully\s+)?(?:completed?|done|achieved|in\s+place|operational|functional)",
    # "Develop a Gender Equality Plan", "Implementing an automated risk analysis system".
    rf"(?:{lx.MILESTONE_VERBS})\s+[^\W\d_].*",
    # "Established IGR Unit".
    rf"(?i:{lx.MILESTONE_PARTICIPLES})\s+[A-Z].*",
)
# "Policy adopted", "Courts fully functional", "Hub established and operationalised": the
# states end the phrase; searched from the end so that no two repeats compete for words.
_STATES_AT_END = re.compile(
    rf"[^\W\d_].*?\s(?:(?:fully|formally|successfully)\s+)?(?P<states>{_STATES})$", _I
)


_MILESTONES = tuple(
    re.compile(form, _I if index < 2 else 0) for index, form in enumerate(_MILESTONE_FORMS)
)


def read_milestone(phrase: str) -> Typed | None:
    """Something done or not done: a participle of completion, or an imperative to do it."""
    if has_number(phrase) or _MILESTONE_BLOCK.search(phrase):
        return None
    if any(form.fullmatch(phrase) for form in _MILESTONES):
        return Typed("milestone", None)
    match = _STATES_AT_END.fullmatch(phrase)
    # "Improved compliance", "is significantly reduced": change without a measure.
    if match is None or lx.CHANGE_PARTICIPLES.search(match["states"]):
        return None
    if lx.THROUGHPUT_PARTICIPLES.search(match["states"]):
        return None
    return Typed("milestone", None)


_MEAN_FORMS = (
    rf"(?:(?P<c1>{lx.CMP}){lx.CMP_SEP})?(?:an?\s+|the\s+)?(?:overall\s+)?(?:average|mean)"
    r"(?:\s+(?:satisfaction|evaluation|participant|participants'|feedback|quality))?"
    r"(?:\s+(?:score|rating|grade|mark))?(?:\s+of)?",
    rf"(?:(?P<c1>{lx.CMP}){lx.CMP_SEP})?(?:an?\s+|the\s+)?(?:satisfaction|evaluation|participant|feedback"
    r"|customer\s+satisfaction|overall)\s+(?:score|rating)(?:\s+of)?",
    rf"(?:(?P<c1>{lx.CMP}){lx.CMP_SEP})?(?:an?\s+|the\s+)?(?:score|rating|grade)(?:\s+of)?",
)
_MEAN_TAIL = (
    rf"\s+(?:(?P<c2>{lx.CMP}){lx.CMP_SEP})?(?P<num>{lx.NUM})"
    rf"(?:\s*(?:/|out\s+of|of)\s*(?P<den>{lx.NUM}))?(?:\s+points?)?"
)
_SCALE = (
    rf"\s*,?\s*\(?\s*on\s+an?\s+(?:(?P<den2>{lx.NUM})[\s-]*point\s+(?:rating\s+)?scale"
    rf"|(?:rating\s+)?scale\s+(?:of|from)\s+(?:1|one)\s*(?:-|to)\s*(?P<den3>{lx.NUM}))\s*\)?"
)
_MEAN_RATIO = (
    rf"(?:(?P<c1>{lx.CMP}){lx.CMP_SEP})?(?P<num>\d+\.\d+)\s*(?:/|out\s+of)\s*"
    rf"(?P<den>{lx.NUM})(?P<c2>)"
)
# "4 (on a scale of 1-5)", "at least 3.5 on a 5-point scale": a rating, whatever its words.
_MEAN_ON_SCALE = rf"(?:(?P<c1>{lx.CMP}){lx.CMP_SEP})?(?P<num>{lx.NUM})(?P<c2>)(?P<den>)"


_MEANS = tuple(
    re.compile(form, _I)
    for form in (
        *(f + _MEAN_TAIL + f"(?:{_SCALE})?" for f in _MEAN_FORMS),
        _MEAN_RATIO,
        _MEAN_ON_SCALE + _SCALE,
    )
)


def read_mean(phrase: str) -> Typed | None:
    """An average score: "average of 4 out of 5", "rating of 4 on a 5-point scale"."""
    sfx, body = peel_suffix(phrase)
    for form in _MEANS:
        match = form.fullmatch(body)
        if match is None:
            continue
        groups = match.groupdict()
        if match["c1"] and match["c2"]:
            return None
        ok, cmp = merge(match["c1"] or match["c2"] or None, sfx)
        value = lx.parse_number(match["num"])
        scales: list[str] = [groups[k] for k in ("den", "den2", "den3") if groups.get(k)]
        if len(scales) > 1:
            return None
        out_of = lx.parse_number(scales[0]) if scales else None
        if scales and out_of is None:
            return None
        if not ok or value is None or (out_of is not None and not 0 < value <= out_of):
            return None
        return Typed("mean", cmp or ">=", value, out_of)
    return None


PCT = rf"(?P<pct>{lx.NUM})\s*(?:%|per\s*cent\b\.?|percent\b|pct\b\.?)"
FRAC = (
    r"(?P<frac>(?:one|a)[\s-]+half|half|(?:one|a)[\s-]+third|two[\s-]+thirds"
    r"|(?:one|a)[\s-]+quarter|three[\s-]+quarters|(?P<maj>(?:the\s+|a\s+)?majority)|all)"
)


def fraction(match: re.Match[str]) -> Decimal | None:
    if match["pct"]:
        number = lx.parse_number(match["pct"])
        return None if number is None else number / 100
    words = re.sub(r"^(?:one|a|the)[\s-]+", "", match["frac"].lower())
    words = re.sub(r"[\s-]+", " ", words)
    if "majority" in words:
        return Decimal("0.5")
    return lx.FRACTION_WORDS.get(words)


_SHARE = re.compile(
    rf"(?:(?P<lead>{lx.SHARE_LEADS})\s+)?(?:(?P<cmp>{lx.CMP}){lx.CMP_SEP})?(?:{PCT}|{FRAC})"
    r"(?:\s+coverage)?(?:\s+(?:of\s+)?(?:the\s+|all\s+)?(?P<unit>.+))?",
    _I,
)


def read_share(phrase: str) -> Typed | None:
    """A fraction of something: "At least 25% of the participations", "All Members"."""
    sfx, body = peel_suffix(phrase)
    match = _SHARE.fullmatch(body)
    if match is not None and sfx is not None and match["unit"]:
        # "60% of 25-34 year olds with a qualification at Level 4 or above": the suffix
        # belongs to the condition, not to the share.
        match = _SHARE.fullmatch(phrase)
        sfx = None
    if match is None:
        return None
    ok, cmp = merge(match["cmp"], sfx)
    size = fraction(match)
    unit = match["unit"]
    if not ok or size is None or size > 1 or unit is None or not population_ok(unit):
        return None
    of_written = re.search(r"\bof\s+(?:the\s+|all\s+)?$", body[: match.start("unit")], _I)
    if cmp is None and not of_written and lx.LOWER_IS_BETTER.search(unit):
        # "5% error rate" is a level of a measure meant to fall: its bound is not written.
        return None
    if match["maj"]:
        # "A majority" is strictly more than half; no other comparator may qualify it.
        return None if cmp else Typed("share", ">", size, None, unit)
    if size == 0 and cmp is None:
        cmp = "<="
    return Typed("share", cmp or ">=", size, None, unit)


_FREQ_BODY = re.compile(
    rf"(?:(?P<cmp>{lx.CMP}){lx.CMP_SEP})?(?:(?P<adv>once|twice|thrice)|(?P<num>{lx.NUM})\s+times?)",
    _I,
)
_COUNT_BODY = re.compile(
    rf"(?:(?P<lead>{lx.COUNT_LEADS})\s+)?(?:(?P<cmp>{lx.CMP}){lx.CMP_SEP})?"
    rf"(?:(?P<cur>{lx.CURRENCIES.pattern})\s*)?(?P<num>{lx.NUM})(?P<abbr>k|m|mn|bn)?"
    rf"(?P<mult>{lx.MULT})(?P<plus>\s*\+)?"
    rf"(?:\s*(?:/|out\s+of|of(?:\s+the)?)\s*(?P<den>{lx.NUM}))?(?:\s+(?P<unit>.+))?",
    _I,
)
# A recurring output named by what is done to it, with its period written elsewhere.
_RECURRING = re.compile(
    r"(?:an?\s+|the\s+)?(?P<unit>[a-z][\w'&-]*(?:\s+[\w'&-]+){0,6}?\s+(?:held|published"
    r"|submitted|conducted|convened|organi[sz]ed|produced|updated|reviewed|carried\s+out"
    r"|undertaken|prepared|issued|circulated|presented))",
    _I,
)
# "at least 3 and counting": open-ended, the number is the floor.
_COUNTING = re.compile(r"\s+and\s+(?:counting|(?:still\s+)?growing|rising)$", _I)


# "5 or more workshops": the open end written between the number and what it counts.
_INFIX_OPEN_END = re.compile(
    r"(?P<num>\d[\d,.]*|[a-z]+(?:-[a-z]+)?)\s+or\s+(?P<sfx>more|greater|higher|fewer|less|lower)"
    r"\s+(?=[^\W\d_])",
    _I,
)


def read_count_or_value(phrase: str) -> Typed | None:
    """A number of things, a frequency, a duration, a measure or an amount of money."""
    infix = _INFIX_OPEN_END.match(phrase)
    if infix is not None and lx.parse_number(infix["num"]) is not None:
        phrase = f"{infix['num']} {phrase[infix.end() :]} or {infix['sfx']}"
    open_ended = _COUNTING.search(phrase) is not None
    body = _COUNTING.sub("", phrase)
    sfx, body = peel_suffix(body)
    ok, per, body = peel_period(body, anywhere=True)
    if sfx is None:
        sfx, body = peel_suffix(body)
    if not ok:
        return None
    if not body and per is not None:
        return Typed("count", ">=", Decimal(1), per_months=per)
    recurring = _RECURRING.fullmatch(body)
    if recurring is not None and per is not None and sfx is None:
        # "Progress report submitted quarterly": one each period, of what was done.
        unit = recurring["unit"]
        return Typed("count", ">=", Decimal(1), None, unit, per) if count_unit_ok(unit) else None
    freq = _FREQ_BODY.fullmatch(body)
    if freq is not None:
        ok, cmp = merge(freq["cmp"], sfx)
        times = (
            Decimal(lx.FREQ_WORDS[freq["adv"].lower()])
            if freq["adv"]
            else lx.parse_number(freq["num"])
        )
        if not ok or (cmp == "<=" and (freq["cmp"] or "").lower() == "within") or times is None:
            return None
        if times <= 0 or times != times.to_integral_value():
            return None
        return Typed("count", cmp or ">=", times, per_months=per)
    match = _COUNT_BODY.fullmatch(body)
    if match is None:
        return None
    ok, cmp = merge(match["cmp"], sfx)
    if match["plus"] or open_ended:
        ok, cmp = ok and cmp in (None, ">="), ">="
    number = lx.parse_number(match["num"])
    if not ok or number is None:
        return None
    if match["mult"]:
        number *= lx.MULTIPLIERS[match["mult"].strip().lower()]
    unit = match["unit"]
    currency = match["cur"] or (unit if unit and lx.CURRENCIES.fullmatch(unit) else None)
    if match["abbr"]:
        if not match["cur"] or match["mult"]:
            return None
        number *= lx.ABBREVIATED[match["abbr"].lower()]
    if currency:
        return _money(match, cmp, number, unit, per, currency)
    return _count_tail(match, cmp, number, unit, per)


def _money(
    match: re.Match[str],
    cmp: Comparator | None,
    number: Decimal,
    unit: str | None,
    per: int | None,
    currency: str,
) -> Typed | None:
    # "USD 2.5 million mobilised": words after an amount say what it is, like a duration's.
    if match["den"] or match["plus"] or (match["cur"] and unit and not count_unit_ok(unit)):
        return None
    if (match["cmp"] or "").lower() == "within":
        return None
    # "Birr 56 million is to be achieved with in the SPM period": a clause after the amount
    # (a relative deadline, a condition) is more than the participle that names it.
    if unit and re.search(
        r"\b(?:is|are|was|were|will|shall|should|must|be|within|with\s+in)\b", unit, _I
    ):
        return None
    return Typed("value", cmp or ">=", number, None, currency.strip(), per)


def _count_tail(
    match: re.Match[str], cmp: Comparator | None, number: Decimal, unit: str | None, per: int | None
) -> Typed | None:
    within = (match["cmp"] or "").lower() == "within"
    if unit is not None:
        duration = re.fullmatch(rf"(?P<u>{lx.TIME_UNITS.pattern})(?:\s+(?P<rest>.*))?", unit, _I)
        if duration is not None:
            rest = duration["rest"]
            if cmp is None or match["den"] or per is not None or (rest and not count_unit_ok(rest)):
                return None
            return Typed("value", cmp, number, None, duration["u"])
        measure = re.fullmatch(rf"(?P<u>{lx.MEASURES.pattern})(?:\s+of\s+(?P<rest>.*))?", unit, _I)
        if measure is not None:
            # Like a duration: a bare "25 000 km" says neither a minimum nor a maximum.
            if cmp is None or match["den"] or per is not None or within:
                return None
            return Typed("value", cmp, number, None, measure["u"])
        if unit.lower() in ("time", "times"):
            unit = None
        elif not count_unit_ok(unit):
            return None
    if within or number != number.to_integral_value():
        return None
    if "." in match["num"] and not match["mult"]:
        # "At least 4.0" is a score written to a decimal place; a count is never "4.0".
        return None
    out_of = None
    if match["den"]:
        # "4 of 5 stars" is a rating on a scale, not four things of five.
        if unit is not None and re.match(r"(?:stars?|points?)\b", unit, _I):
            return None
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
    return Typed("count", cmp or ">=", number, out_of, unit, per)
