"""A typed target in plain words, as StratMon read it ("at least 27 of the 33 Members")."""

# Pages show these words beside the target as written, so a reader can check what StratMon
# understood: the number, the comparator, what is counted, the period and any deadline.

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from stratmon.engine.lexicon import CURRENCIES
from stratmon.engine.targets import Target

__all__ = ["describe_period", "describe_target", "long_date", "number_words"]

CMP_WORDS = {">=": "at least", "<=": "at most", ">": "more than", "<": "less than"}
# A reduction of x is a change of -x: the comparator reads the other way round.
REDUCTION_WORDS = {"<=": "at least", "<": "more than", ">=": "at most", ">": "less than"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TIMES = {1: "once", 2: "twice"}
# Symbols written before the number without a space ("$20"), as people write money.
_SYMBOLS = re.compile(r"US\$|\$|€|£|¥|₦|₹|R|Rs\.?|Rp")
_CODE = re.compile(r"[A-Z]{3}|KSh")
_SHARE_OF = re.compile(r"^(?:the\s+)?(?:share|proportion|percentage|rate)\s+of\s+(?:the\s+)?", re.I)
NOT_READ = (
    "not typed: StratMon could not read this target with confidence, so it is kept as written"
)


def long_date(day: date) -> str:
    """`30 Jun 2024`, whatever the machine's locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def number_words(number: Decimal) -> str:
    """A number as people read it: `1,200`, `4.5`, `0.25`; at most four decimals."""
    if number == number.to_integral_value():
        return f"{int(number):,}"
    text = f"{number.quantize(Decimal('0.0001')):,f}".rstrip("0").rstrip(".")
    return text


def percent_words(fraction: Decimal) -> str:
    """A fraction as a percentage: 0.25 → `25 %`, 1/3 → `33.33 %`."""
    hundred = (fraction * 100).quantize(Decimal("0.01"))
    return f"{number_words(hundred)} %"


def describe_period(per_months: int) -> str:
    """`each plan year`, `each quarter`, `every 2 years`, `every 5 months`."""
    named = {12: "each plan year", 6: "each half-year", 3: "each quarter", 1: "each month"}
    if per_months in named:
        return named[per_months]
    if per_months % 12 == 0:
        return f"every {per_months // 12} years"
    return f"every {per_months} months"


def describe_target(target: Target, deadline: date | None = None) -> str:
    """The target in words. `deadline` (the KPI's own) dates a milestone or a total when
    the phrase names no deadline of its own; a deadline in the phrase (`by`) always shows.

    Never raises: an unparsed target says that it was not read, and every parsed form the
    grammar gives (count, share, mean, change, value, milestone; any comparator, with or
    without a unit, a denominator, a period or a deadline) has its words.
    """
    if not target.parsed or target.kind is None:
        return NOT_READ
    by = target.by or (deadline if target.per_months is None else None)
    if target.kind == "milestone":
        return f"a milestone: done by {long_date(by)}" if by else "a milestone: done or not done"
    if target.value is None or target.comparator is None:
        return NOT_READ
    words = _WORDS[target.kind](target)
    if target.per_months is not None:
        words += f" {describe_period(target.per_months)}"
    if by is not None:
        words += f", by {long_date(by)}"
    return words


def _count(target: Target) -> str:
    assert target.value is not None and target.comparator is not None
    cmp, value, unit = target.comparator, target.value, target.unit
    if value == 0 and cmp == "<=":
        return f"no {unit}" if unit else "none"
    if unit is None:
        # "Once a year", "At least 3 times per year": a number of times.
        whole = value == value.to_integral_value()
        times = TIMES.get(int(value)) if whole else None
        times = times or f"{number_words(value)} times"
        return f"{CMP_WORDS[cmp]} {times}"
    if target.out_of is not None:
        total = number_words(target.out_of)
        if value == target.out_of and cmp == ">=":
            return f"all {total} {unit}"
        return f"{CMP_WORDS[cmp]} {number_words(value)} of the {total} {unit}"
    return f"{CMP_WORDS[cmp]} {number_words(value)} {unit}"


def _share(target: Target) -> str:
    assert target.value is not None and target.comparator is not None
    part = f"{CMP_WORDS[target.comparator]} {percent_words(target.value)}"
    if target.unit is None:
        return f"a share of {part}"
    # "the share of electronic declarations": the share is already said.
    unit = _SHARE_OF.sub("", target.unit) or target.unit
    of = unit if re.match(r"(?:the|all|each|every)\s", unit, re.I) else f"the {unit}"
    if target.value == 1 and target.comparator == ">=":
        return f"all of {of} (100 %)"
    return f"{part} of {of}"


def _mean(target: Target) -> str:
    assert target.value is not None and target.comparator is not None
    scale = f" out of {number_words(target.out_of)}" if target.out_of is not None else ""
    return f"an average score of {CMP_WORDS[target.comparator]} {number_words(target.value)}{scale}"


def _change(target: Target) -> str:
    assert target.value is not None and target.comparator is not None
    cmp, value = target.comparator, target.value
    of = f" in {target.unit}" if target.unit else ""
    if value == 0:
        held = {"<=": "no increase", "<": "a decrease", ">=": "no decrease", ">": "an increase"}
        return f"{held[cmp]}{of}"
    if value < 0:
        return f"a reduction of {REDUCTION_WORDS[cmp]} {percent_words(-value)}{of}"
    return f"growth of {CMP_WORDS[cmp]} {percent_words(value)}{of}"


def _value(target: Target) -> str:
    assert target.value is not None and target.comparator is not None
    amount, unit = number_words(target.value), target.unit or ""
    if _SYMBOLS.fullmatch(unit):
        amount = f"{unit}{amount}"
    elif _CODE.fullmatch(unit) and CURRENCIES.fullmatch(unit):
        amount = f"{unit} {amount}"
    elif unit:
        amount = f"{amount} {unit}"
    return f"{CMP_WORDS[target.comparator]} {amount}"


_WORDS = {
    "count": _count,
    "share": _share,
    "mean": _mean,
    "change": _change,
    "value": _value,
}
