"""Target readers for changes ("Reduce X by 30%") and levels ("Increase X to 60%")."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from stratmon.engine import lexicon as lx
from stratmon.engine.target_forms import (
    FLIP,
    FRAC,
    PCT,
    Comparator,
    Typed,
    comparator,
    count_unit_ok,
    fraction,
    period_months,
    population_ok,
    read_count_or_value,
    read_share,
)

_I = re.IGNORECASE

_BASE_YEAR = rf"(?:the\s+)?(?:{lx.YEAR})(?:\s+(?:levels?|rates?|values?|figures?))?"
# A baseline named beside a change says from where it is measured, not how much it is.
BASELINE = (
    rf"(?:from\s+(?:its\s+|their\s+)?{_BASE_YEAR}|(?:as\s+)?compared\s+(?:to|with)\s+{_BASE_YEAR}"
    rf"|relative\s+to\s+{_BASE_YEAR}|of\s+{_BASE_YEAR}|(?:above|below|over)\s+{_BASE_YEAR}"
    r"|over\s+(?:the\s+)?baseline|from\s+(?:the\s+)?baseline)"
)
# "by 15% (from 1,734 to 1,994)", "by 30 per cent - from 78,000 to 55,000": a restatement.
RESTATED = r"(?:\s*\(\s*from\s+[^()]{1,40}?\s+to\s+[^()]{1,40}?\)|\s+-\s+from\s+\S+\s+to\s+\S+)"
ANNUAL = (
    r"per\s+year|annually|each\s+year|a\s+year|every\s+year|year-on-year|per\s+annum|yearly"
    r"|on\s+an\s+annual\s+basis"
)
_SIZE = rf"(?:{PCT}|{FRAC})"
_TAIL = rf"(?:\s+{BASELINE})?(?:{RESTATED})?(?:,?\s+(?P<ann2>{ANNUAL}))?"
_NOUNS_UP = r"growth|increase|rise|improvement|gain"
_NOUNS_DOWN = r"reduction|decrease|decline|drop|cut|fall"
_SUBJECT = r"(?:the\s+)?(?P<unit>[^%]+?)"
_BE = r"(?:is|are|to\s+be|will\s+be|would\s+be|should\s+be|must\s+be|has\s+been|have\s+been)"

_CHANGE_FORMS = (
    # "A 10% increase in revenue collected", "achieve a 40% reduction in stunting".
    rf"(?:(?:achieve|achieving|deliver|see)\s+)?(?:(?P<cmp>{lx.CMP}){lx.CMP_SEP})?(?:an?\s+)?{_SIZE}\s+"
    r"(?:(?P<ann>annual|yearly|year-on-year|year-over-year|annuali[sz]ed)\s+)?"
    rf"(?:(?:relative|net|overall|real|total)\s+)?(?P<dir>{_NOUNS_UP}|{_NOUNS_DOWN})"
    rf"(?:\s+(?:in|of)\s+(?:the\s+)?(?P<unit>.+?))?{_TAIL}",
    # "Reduction in the number of zero dose children by 50%".
    rf"(?P<dir>{_NOUNS_UP}|{_NOUNS_DOWN})\s+(?:in|of)\s+(?:the\s+)?(?P<unit>.+?)\s+by\s+"
    rf"(?:(?P<cmp>{lx.CMP}){lx.CMP_SEP})?{_SIZE}{_TAIL}",
    # "Reduce clearance time by 20 percent", "Increase 2013 per capita income by 30%".
    rf"(?P<dir>{lx.UP}|{lx.DOWN})(?:\s+and\s+(?:maintain|sustain))?\s+(?:{lx.YEAR}\s+)?"
    rf"(?:the\s+)?(?:{lx.YEAR}\s+)?(?P<unit>.+?)\s+by\s+(?:(?P<cmp>{lx.CMP}){lx.CMP_SEP})?{_SIZE}{_TAIL}",
    # "reduce 10 percent of trade transaction costs".
    rf"(?P<dir>{lx.DOWN})\s+(?:(?P<cmp>{lx.CMP}){lx.CMP_SEP})?{PCT}\s+of\s+(?:the\s+)?(?P<unit>.+?)"
    rf"(?:,?\s+(?P<ann2>{ANNUAL}))?",
    # "Increase by 20%", "Reduction of 25% in release time": the size first, the measure
    # after it or left to the indicator.
    rf"(?P<dir>{lx.UP}|{lx.DOWN}|{_NOUNS_UP}|{_NOUNS_DOWN})\s+(?:by|of)\s+"
    rf"(?:(?P<cmp>{lx.CMP}){lx.CMP_SEP})?{_SIZE}(?:\s+(?:in|of)\s+(?:the\s+)?(?P<unit>.+?))?{_TAIL}",
    # "Customs revenue up 10%", "Dwell time down by a third".
    rf"{_SUBJECT}\s+(?P<dir>up|down)\s+(?:by\s+)?(?:(?P<cmp>{lx.CMP}){lx.CMP_SEP})?{_SIZE}{_TAIL}",
    # "Energy efficiency to be improved by 20%", "X increases by 10% annually".
    rf"{_SUBJECT}\s+(?:{_BE}\s+)?(?P<dir>{lx.UP}|{lx.DOWN})\s+by\s+(?:(?P<cmp>{lx.CMP}){lx.CMP_SEP})?"
    rf"{_SIZE}{_TAIL}",
)
_MULTIPLY = {"double": Decimal(1), "triple": Decimal(2), "quadruple": Decimal(3)}
_MULTIPLY_FORMS = (
    # "By 2020, halve the number of global deaths", "double the global rate of improvement".
    r"(?P<mult>halve|double|triple|quadruple)\s+(?:the\s+)?(?P<unit>.+?)",
    # "The number of unicorns is expected to double", "investments has doubled as compared to".
    rf"{_SUBJECT}\s+(?:(?:is|are)\s+expected\s+to|(?:will|should|must)|(?:has|have)"
    rf"|{_BE})?\s*(?P<mult>halved?|doubled?|tripled?|quadrupled?)(?:\s+{BASELINE})?",
)
# "X is 50% more than the 2013 level", "would be a third more than 2013 levels".
_MORE_THAN = (
    rf"{_SUBJECT}\s+{_BE}\s+(?:(?P<cmp>{lx.CMP}){lx.CMP_SEP})?(?:{PCT}|{FRAC})\s+(?P<dir>more|higher"
    rf"|greater|less|lower|smaller)\s+than\s+(?:that\s+of\s+)?(?:the\s+)?(?:{lx.YEAR}\s+)?"
    r"(?:levels?|rates?|values?|figures?|baseline)"
)
# "X is at least three times the 2013 level", "X is at least 300% of the 2013 rate".
_TIMES = (
    rf"{_SUBJECT}\s+{_BE}\s+(?:(?P<cmp>{lx.CMP}){lx.CMP_SEP})?(?:(?P<times>{lx.NUM})\s+times|{PCT}\s+of)"
    rf"\s+(?:that\s+of\s+)?(?:the\s+)?(?:{lx.YEAR}\s+)(?:levels?|rates?|values?|figures?)"
)
# "Annual GDP growth rate of at least 7%".
_GROWTH_RATE = (
    rf"(?:(?P<ann>annual|yearly)\s+)?(?P<unit>[^%]+?\s+growth(?:\s+rate)?)\s+of\s+"
    rf"(?:(?P<cmp>{lx.CMP}){lx.CMP_SEP})?{PCT}"
)
# "No increase in childhood overweight", "Halt the rise in X": a change of at most nothing.
_NO_CHANGE = (
    r"(?:no|(?:halt(?:ing)?|stop(?:ping)?)\s+the)\s+(?:increase|rise|growth)\s+(?:in|of)\s+(?:the\s+)?"
    r"(?P<unit>.+)"
)


def change_unit_ok(unit: str) -> bool:
    # "per capita" names the measure; it is not a period.
    return population_ok(re.sub(r"\bper[\s-]+(?:capita|head|person|inhabitant)\b", "pc", unit))


_CHANGES = tuple(re.compile(form, _I) for form in _CHANGE_FORMS)
_MULTIPLIES = tuple(re.compile(form, _I) for form in _MULTIPLY_FORMS)
_RELATIVE = tuple(re.compile(form, _I) for form in (_MORE_THAN, _TIMES, _GROWTH_RATE, _NO_CHANGE))


def read_change(phrase: str) -> Typed | None:
    """Growth or reduction against a baseline: a reduction is negative with comparator <=."""
    for form in _CHANGES:
        match = form.fullmatch(phrase)
        if match is not None:
            return _sized_change(match)
    for form in _MULTIPLIES:
        match = form.fullmatch(phrase)
        if match is not None and change_unit_ok(match["unit"]):
            word = match["mult"].lower().rstrip("d")
            if word.startswith("halve"):
                return Typed("change", "<=", Decimal("-0.5"), None, match["unit"])
            return Typed("change", ">=", _MULTIPLY[word], None, match["unit"])
    return _relative_change(phrase)


def _relative_change(phrase: str) -> Typed | None:
    more_than, times, growth_rate, no_change = _RELATIVE
    match = more_than.fullmatch(phrase)
    if match is not None:
        size = fraction(match)
        if size is None or size <= 0 or not change_unit_ok(match["unit"]):
            return None
        cmp = comparator(match["cmp"]) or ">="
        if match["dir"].lower() in ("less", "lower", "smaller"):
            return None if size > 1 else Typed("change", FLIP[cmp], -size, None, match["unit"])
        return Typed("change", cmp, size, None, match["unit"])
    match = times.fullmatch(phrase)
    if match is not None:
        ratio = lx.parse_number(match["times"]) if match["times"] else fraction(match) or None
        if ratio is None or ratio <= 1 or not change_unit_ok(match["unit"]):
            return None
        return Typed("change", comparator(match["cmp"]) or ">=", ratio - 1, None, match["unit"])
    match = growth_rate.fullmatch(phrase)
    if match is not None:
        size = fraction(match)
        if size is None or size <= 0 or not change_unit_ok(match["unit"]):
            return None
        per = 12 if match["ann"] else None
        return Typed("change", comparator(match["cmp"]) or ">=", size, None, match["unit"], per)
    match = no_change.fullmatch(phrase)
    # "Halt the rise in diabetes and obesity": two measures, one number each, not one.
    if match is not None and change_unit_ok(match["unit"]) and " and " not in match["unit"]:
        return Typed("change", "<=", Decimal(0), None, match["unit"])
    return None


def _sized_change(match: re.Match[str]) -> Typed | None:
    groups = match.groupdict()
    if groups.get("maj") or (groups.get("frac") or "").lower() == "all":
        return None
    size = fraction(match)
    cmp = comparator(match["cmp"]) or ">="
    unit = match["unit"]
    if size is None or size <= 0 or (unit is not None and not change_unit_ok(unit)):
        return None
    downward = re.fullmatch(rf"{lx.DOWN}|{_NOUNS_DOWN}|down", match["dir"], _I)
    if downward:
        if size > 1:
            return None
        size, cmp = -size, FLIP[cmp]
    annual = groups.get("ann") or groups.get("ann2")
    return Typed("change", cmp, size, None, unit, 12 if annual else None)


_AMOUNT = (
    rf"(?:{lx.NUM})\s*(?:%|per\s*cent|percent)|(?:{lx.CURRENCIES.pattern})\s*(?:{lx.NUM}){lx.MULT}"
    rf"|(?:{lx.NUM}){lx.MULT}"
)
_TARGET = (
    rf"(?:(?P<cmp>{lx.CMP}){lx.CMP_SEP})?(?:(?P<tpct>{lx.NUM})\s*(?:%|per\s*cent|percent)"
    rf"|(?P<tcur>{lx.CURRENCIES.pattern})\s*(?P<tmoney>{lx.NUM})(?P<tmult>{lx.MULT})"
    rf"|(?P<ttime>{lx.NUM})\s+(?P<tunit>{lx.TIME_UNITS.pattern})"
    rf"|(?P<tcount>{lx.NUM})(?P<tcmult>{lx.MULT}))"
)
_STRICT_AHEAD = r"(?=(?:below|under|less\s+than|above|over|more\s+than)\b)"
_LEVEL_FORMS = (
    # "Raise the employment rate from the current 69% to at least 75%",
    # "Reduce and maintain childhood wasting to less than 5%", "... from 56.1% in 2014 to 62%
    # in 2018", "increase international biodiversity finance to at least $20 billion per year".
    rf"(?P<dir>{lx.UP}|{lx.DOWN})(?:\s+and\s+(?:maintain|sustain|keep))?\s+(?:the\s+)?"
    rf"(?P<unit>.+?)\s+(?:from\s+(?:the\s+)?(?:current\s+)?(?P<base>{_AMOUNT})"
    rf"(?:\s+in\s+{lx.YEAR})?\s+)?"
    rf"(?:(?:up\s+)?to\s+|{_STRICT_AHEAD}){_TARGET}(?:\s+in\s+(?P<year>{lx.YEAR}))?"
    rf"(?:\s+from\s+(?:the\s+)?(?:current\s+)?(?:{_AMOUNT}))?"
    rf"(?:,?\s+(?P<per>{lx.PERIOD_ANY}))?",
    # "Share of renewable energy sources ... to be increased to 20%".
    rf"{_SUBJECT}\s+(?:(?:is\s+to\s+be|to\s+be|should\s+be|will\s+be|must\s+be)\s+)?"
    rf"(?P<dir>increased|raised|reduced|lowered|decreased|brought\s+down)\s+"
    rf"(?:to\s+|{_STRICT_AHEAD}){_TARGET}",
    # "Enrolment rate for basic education is 100%".
    rf"{_SUBJECT}\s+(?:is|are|will\s+be|should\s+be|to\s+be)\s+{_TARGET}",
    # "a combined recycling and composting rate of 43%".
    r"(?:(?:achieve|achieving|reach|reaching|attain|attaining)\s+)?(?:an?\s+|the\s+)?"
    r"(?P<unit>[^%\d(),]+?\s+(?:rate|ratio|share|proportion|percentage|coverage))\s+of\s+"
    + _TARGET,
    # "Keep inflation below 3%", "Maintain compliance at or above 95%": a level to hold,
    # read only with its comparator written ("Maintain X at 5%" says no direction).
    r"(?:keep|keeping|maintain|maintaining|hold|holding|sustain|sustaining)\s+(?:the\s+)?"
    r"(?P<unit>[^%\d]+?)\s+(?=[<>≤≥]|(?:below|under|above|over)\b"
    r"|at\s+(?:least|most|or\s+above|or\s+below)\b|(?:no|not)\s+(?:more|less)\b"
    r"|(?:less|more|greater)\s+than\b)" + _TARGET,
    # A KPI table's cell, "Compliance rate > 95%", "Dwell time: at most 3 days": only with a
    # comparator written, after a measure ("Women > 30%" may be a share of anything), and
    # not when the subject is itself a change ("Increase in X > 5%").
    rf"(?!.*\b(?:{_NOUNS_UP}|{_NOUNS_DOWN}|change|{lx.UP}|{lx.DOWN})\b)"
    r"(?:the\s+)?(?P<unit>[^%\d(),:<>]{0,80}?\b(?:rate|ratio|share|proportion|percentage|coverage"
    r"|time|duration|cost|revenue|collection|score|index))(?:\s*:\s*|\s+)"
    r"(?=[<>≤≥]|at\s+(?:least|most)\b|(?:no|not)\s+(?:more|less)\b|(?:below|under|above|over)\b"
    r"|(?:less|more|greater)\s+than\b)" + _TARGET,
)


_LEVELS = tuple(re.compile(form, _I) for form in _LEVEL_FORMS)


def read_level(phrase: str) -> Typed | None:
    """A level to reach or keep under: a share, an amount of money or a duration."""
    for form in _LEVELS:
        match = form.fullmatch(phrase)
        if match is not None:
            return _level(match)
    return None


def _level(match: re.Match[str]) -> Typed | None:
    groups = match.groupdict()
    direction = groups.get("dir") or ""
    implied: Comparator = ">="
    if re.fullmatch(rf"{lx.DOWN}|reduced|lowered|decreased|brought\s+down", direction, _I):
        implied = "<="
    cmp = comparator(match["cmp"]) or implied
    if direction and (cmp in (">=", ">")) != (implied == ">="):
        return None
    unit = match["unit"]
    unbounded = not direction and match["cmp"] is None
    if unbounded and (match["ttime"] or lx.LOWER_IS_BETTER.search(unit)):
        # "Release time is 24 hours", "Unemployment rate is 5%": a state with no bound
        # written, of a measure meant to fall; the default minimum would invert it.
        return None
    # "Reduce % of calls lost to 5%": the level is a percentage of what follows.
    body = re.sub(r"^(?:%|per\s*cent|percent)\s+of\s+", "", unit, flags=_I)
    if re.search(r"\bgrowth\b", unit, _I) or not change_unit_ok(body):
        return None
    per = None
    if groups.get("per"):
        per_match = re.search(lx.PERIOD_ANY, groups["per"], _I)
        per = None if per_match is None else period_months(per_match)
    by = date(int(groups["year"]), 12, 31) if groups.get("year") else None
    if match["tpct"]:
        number = lx.parse_number(match["tpct"])
        if number is None or number > 100 or groups.get("per"):
            return None
        return Typed("share", cmp, number / 100, None, unit, None, by)
    if match["tmoney"]:
        number = lx.parse_number(match["tmoney"])
        if number is None or (groups.get("per") and per is None):
            return None
        if match["tmult"]:
            number *= lx.MULTIPLIERS[match["tmult"].strip().lower()]
        return Typed("value", cmp, number, None, match["tcur"], per, by)
    if match["tcount"]:
        # "Increase employment from 13 million in 2010 to 24 million": a count of what the
        # verb names, read only when a baseline count shows both numbers are counts.
        base = groups.get("base") or ""
        number = lx.parse_number(match["tcount"])
        if number is None:
            return None
        # Without a baseline count, only "the number of X" says the target counts X.
        counted = re.match(r"(?:the\s+)?(?:total\s+)?number\s+of\s+\S", unit, _I)
        if not re.fullmatch(rf"(?:{lx.NUM}){lx.MULT}", base, _I) and not (counted and not base):
            return None
        if match["tcmult"]:
            number *= lx.MULTIPLIERS[match["tcmult"].strip().lower()]
        if number != number.to_integral_value() or not count_unit_ok(unit):
            return None
        return Typed("count", cmp, number, None, unit, per, by)
    number = lx.parse_number(match["ttime"])
    if number is None or groups.get("per"):
        return None
    return Typed("value", cmp, number, None, match["tunit"], None, by)


# "From 10 to 20 Members", "Reduce from 48 hours to 24 hours", "from 40% to 60% of
# declarations": the measure comes after the target, and the two numbers give the direction.
_FROM_TO = re.compile(
    rf"(?:(?P<dir>{lx.UP}|{lx.DOWN})\s+)?from\s+(?:the\s+current\s+|a\s+baseline\s+of\s+)?"
    rf"(?P<base>{lx.NUM})(?P<bmult>{lx.MULT})(?P<bpct>\s*(?:%|per\s*cent|percent))?"
    rf"(?:\s+(?P<bunit>{lx.TIME_UNITS.pattern}))?(?:\s+in\s+{lx.YEAR})?\s+to\s+(?P<rest>.+)",
    _I,
)
_FROM_TO_TIME = re.compile(
    rf"(?:(?P<cmp>{lx.CMP}){lx.CMP_SEP})?(?P<num>{lx.NUM})\s+(?P<unit>{lx.TIME_UNITS.pattern})", _I
)


def read_from_to(phrase: str) -> Typed | None:
    """A level written as a move between two numbers, with the measure after the second."""
    match = _FROM_TO.fullmatch(phrase)
    if match is None:
        return None
    base = lx.parse_number(match["base"])
    # "from 2010 to 2020" is a period, not a move between two numbers.
    if base is None or re.fullmatch(lx.YEAR, match["base"]):
        return None
    if match["bmult"]:
        base *= lx.MULTIPLIERS[match["bmult"].strip().lower()]
    rest = match["rest"]
    written = re.match(rf"(?:{lx.CMP}){lx.CMP_SEP}", rest, _I) is not None
    typed: Typed | None
    if match["bpct"]:
        typed = read_share(rest)
        base = base / 100
    else:
        typed = _from_to_amount(rest, match["bunit"])
    if typed is None or typed.value is None or typed.value == base:
        return None
    rising = typed.value > base
    if match["dir"] and (re.fullmatch(lx.UP, match["dir"], _I) is not None) != rising:
        return None
    cmp: Comparator = (typed.comparator if written else None) or (">=" if rising else "<=")
    if (cmp in (">=", ">")) != rising:
        return None
    return Typed(typed.kind, cmp, typed.value, typed.out_of, typed.unit, typed.per_months)


def _from_to_amount(rest: str, base_unit: str | None) -> Typed | None:
    time = _FROM_TO_TIME.fullmatch(rest)
    if time is not None:
        number = lx.parse_number(time["num"])
        same = base_unit is None or base_unit.lower() == time["unit"].lower()
        if number is None or not same:
            return None
        return Typed("value", comparator(time["cmp"]) or ">=", number, None, time["unit"])
    typed = read_count_or_value(rest)
    # Money needs its currency on both numbers; a duration on both is read above.
    if typed is None or base_unit is not None or typed.kind not in ("count", "value"):
        return None
    if typed.unit is not None and lx.CURRENCIES.fullmatch(typed.unit):
        return None
    return typed
