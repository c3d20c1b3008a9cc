"""Words and regular-expression fragments shared by the target grammar."""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Context, Decimal

# A fixed context keeps thirds identical whatever the caller's decimal context is.
EXACT = Context(prec=28)

NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "nil": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
FREQ_WORDS: dict[str, int] = {"once": 1, "twice": 2, "thrice": 3}
MULTIPLIERS: dict[str, int] = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

FRACTION_WORDS: dict[str, Decimal] = {
    "half": Decimal("0.5"),
    "third": EXACT.divide(Decimal(1), Decimal(3)),
    "two thirds": EXACT.divide(Decimal(2), Decimal(3)),
    "quarter": Decimal("0.25"),
    "three quarters": Decimal("0.75"),
    "all": Decimal(1),
}

_WORD_ALT = "|".join(NUMBER_WORDS)
# Long digit strings are refused (see parse_number) rather than matched partially.
NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|(?:{_WORD_ALT})\b"
MULT = r"(?:\s+(?:thousand|million|billion)\b)?"

# Comparator phrases before a number, mapped to the comparator they mean.
PREFIX_COMPARATORS: list[tuple[str, str]] = [
    (
        r"at\s+least|a\s+minimum\s+of|minimum(?:\s+of)?|min\.|not\s+less\s+than|no\s+less\s+than"
        r"|no\s+fewer\s+than|not\s+fewer\s+than",
        ">=",
    ),
    (
        r"at\s+most|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of|maximum(?:\s+of)?|max\."
        r"|not\s+exceeding|up\s+to|within",
        "<=",
    ),
    (r"more\s+than|greater\s+than|over|above|exceeding|in\s+excess\s+of", ">"),
    (r"less\s+than|fewer\s+than|under|below", "<"),
]
CMP = "|".join(f"(?:{p})" for p, _ in PREFIX_COMPARATORS)
SUFFIX_CMP = (
    r"(?:,?\s+or\s+(?P<sfx>more|higher|above|greater|better|over|less|fewer|lower"
    r"|below|under|shorter))$"
)
SUFFIX_MEANING = {
    "more": ">=",
    "higher": ">=",
    "above": ">=",
    "greater": ">=",
    "better": ">=",
    "over": ">=",
    "less": "<=",
    "fewer": "<=",
    "lower": "<=",
    "below": "<=",
    "under": "<=",
    "shorter": "<=",
}

# Unambiguous period phrases, mapped to months (None for the number of months in a group).
_YEAR = r"(?:calendar\s+|plan\s+|fiscal\s+|financial\s+)?year"
PERIOD_PHRASES: list[tuple[str, int | None]] = [
    (rf"(?:per|each|every|in\s+each|a)\s+{_YEAR}|annually|yearly|per\s+annum|p\.a\.", 12),
    (r"(?:per|each|every|a)\s+quarter|quarterly", 3),
    (r"(?:per|each|every|a)\s+month|monthly", 1),
    (r"semi-?annually|half-?yearly|(?:per|each|every|a)\s+half[\s-]year", 6),
    (r"biennially|every\s+other\s+year|per\s+biennium", 24),
    (r"triennially", 36),
    (rf"every\s+(?P<n>{NUM})\s+(?P<u>years?|months?|quarters?)", None),
]
# Words whose period is ambiguous or not a whole number of months: never guessed.
AMBIGUOUS_PERIOD = re.compile(
    r"\b(?:bi-?annual(?:ly)?|bi-?monthly|bi-?weekly|weekly|daily|fortnightly|per\s+week"
    r"|every\s+week|a\s+week|per\s+day|a\s+day|each\s+day|every\s+day)\b",
    re.I,
)

MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    MONTHS[calendar.month_name[_i].lower()] = _i
    MONTHS[calendar.month_abbr[_i].lower()] = _i
MONTHS["sept"] = 9
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
DEADLINE = re.compile(
    r"(?:,\s*)?\b(?:by|no\s+later\s+than|not\s+later\s+than)\s+(?:the\s+)?"
    r"(?:(?P<end>end)(?:\s*-\s*|\s+of\s+(?:the\s+)?|\s+))?"
    rf"(?:(?P<q>Q[1-4])\s+|(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?P<month>{_MONTH_ALT})\.?,?\s+)?"
    r"(?P<year>(?:19|20)\d{2})\b(?![%\d.,]\d)",
    re.I,
)
LOOSE_DEADLINE = re.compile(
    r"\b(?:by|before|until|till|no\s+later\s+than)\b.{0,30}?\b(?:19|20)\d{2}\b", re.I
)

MILESTONE_PARTICIPLES = (
    r"developed|completed|established|adopted|approved|launched|published|finali[sz]ed"
    r"|implemented|in\s+place|operational|signed|endorsed|delivered|updated|reviewed|drafted"
    r"|created|introduced|set\s+up|ratified|done|achieved|submitted|prepared|produced"
)
MILESTONE_VERBS = (
    r"develop|establish|adopt|complete|finali[sz]e|launch|publish|approve|implement|sign"
    r"|endorse|deliver|update|review|prepare|create|introduce|set\s+up|build|design|draft"
    r"|produce|ratify|submit"
)
COUNT_LEADS = (
    r"(?:adoption|accession|ratification|implementation|participation|signature|acceptance"
    r"|endorsement)\s+by|conduct|hold|organi[sz]e|deliver|train|sign|publish|produce|undertake"
    r"|reach|achieve|involve|support|assist|develop|establish|complete|share|attract|recruit"
    r"|mobili[sz]e|collect|raise|accredit|award|certify|register|report"
)
SHARE_LEADS = (
    r"meet|meeting|respond\s+to|cover|covering|reach|reaching|achieve|serve|satisfy"
    r"|use\s+of\s+[^\d%]+?\s+(?:for|in|on)"
)

TIME_UNITS = re.compile(
    r"(?:working\s+|business\s+|calendar\s+)?(?:hours?|hrs?|days?|minutes?|mins?|weeks?"
    r"|months?|years?|seconds?)",
    re.I,
)
CURRENCIES = re.compile(
    r"USD|US\$|EUR|AUD|NZD|FJD|JPY|CNY|SDR|\$|€|£|(?:US\s+)?dollars?|euros?", re.I
)

# A unit must not start with a word that shows the phrase has more structure than we read.
UNIT_STOP_FIRST = frozenset(
    {
        "percent",
        "per",
        "pct",
        "cent",
        "times",
        "time",
        "of",
        "out",
        "or",
        "and",
        "more",
        "less",
        "fewer",
        "than",
        "by",
        "to",
        "from",
        "in",
        "at",
        "on",
        "for",
        "a",
        "an",
        "the",
        "growth",
        "increase",
        "increased",
        "reduction",
        "reduce",
        "reduced",
        "decrease",
        "decline",
        "rise",
        "drop",
        "cut",
        "annual",
        "annually",
        "yearly",
        "higher",
        "lower",
        "faster",
        "slower",
        "improvement",
        "better",
        "worse",
        "average",
        "mean",
        "score",
        "rating",
        "every",
        "each",
        "within",
    }
)
UNIT_STOP_ANY = re.compile(
    r"\b(?:per|every|each|annually|yearly|quarterly|monthly|once|twice|thrice|times|percent"
    r"|at\s+least|at\s+most|or\s+more|or\s+less)\b",
    re.I,
)


def parse_number(text: str) -> Decimal | None:
    """A number written in digits (with thousands commas) or as a word; None when too long."""
    word = text.strip().lower()
    if word in NUMBER_WORDS:
        return Decimal(NUMBER_WORDS[word])
    digits = word.replace(",", "")
    # Sixteen digits is far beyond any target and keeps JSON numbers exact.
    if len(digits) > 16:
        return None
    return Decimal(digits)


def end_of_deadline(match: re.Match[str]) -> date | None:
    """The last day named by a DEADLINE match, or None for an impossible date."""
    year = int(match["year"])
    if match["q"]:
        month = int(match["q"][1]) * 3
        return date(year, month, calendar.monthrange(year, month)[1])
    if not match["month"]:
        return date(year, 12, 31)
    month = MONTHS[match["month"].lower()]
    last = calendar.monthrange(year, month)[1]
    if match["day"]:
        day = int(match["day"])
        return date(year, month, day) if 1 <= day <= last and not match["end"] else None
    return date(year, month, last)
