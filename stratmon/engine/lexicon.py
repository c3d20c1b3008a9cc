"""Words and regular-expression fragments shared by the target grammar."""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Context, Decimal

# A fixed context keeps thirds identical whatever the caller's decimal context is.
EXACT = Context(prec=28)

ONES: dict[str, int] = {
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
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
NUMBER_WORDS: dict[str, int] = {**ONES, **TENS}
FREQ_WORDS: dict[str, int] = {"once": 1, "twice": 2, "thrice": 3}
MULTIPLIERS: dict[str, int] = {
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
# Abbreviated magnitudes are read only beside a currency ("USD 2.5m"), never as metres.
ABBREVIATED: dict[str, int] = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000}

FRACTION_WORDS: dict[str, Decimal] = {
    "half": Decimal("0.5"),
    "third": EXACT.divide(Decimal(1), Decimal(3)),
    "two thirds": EXACT.divide(Decimal(2), Decimal(3)),
    "quarter": Decimal("0.25"),
    "three quarters": Decimal("0.75"),
    "all": Decimal(1),
}

_WORD = "|".join(sorted([*NUMBER_WORDS, "hundred"], key=len, reverse=True))
# Word numbers run from "seven" to "one hundred and fifty"; parse_number checks the order.
WORD_NUM = rf"(?:{_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_WORD})){{0,5}}\b"
# Long digit strings are refused (see parse_number) rather than matched partially.
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+(?![\d,.])|\d+)(?:\.\d+)?"
NUM = rf"{DIGITS}|\b{WORD_NUM}"
MULT = r"(?:\s+(?:thousand|million|billion|trillion)\b)?"
YEAR = r"(?:19|20)\d{2}"

# Comparator phrases before a number, mapped to the comparator they mean.
PREFIX_COMPARATORS: list[tuple[str, str]] = [
    (
        r"at\s+least|a\s+minimum\s+of|minimum(?:\s+of)?|min\.|not\s+less\s+than|no\s+less\s+than"
        r"|no\s+fewer\s+than|not\s+fewer\s+than|at\s+or\s+above|no\s+lower\s+than|>=|≥",
        ">=",
    ),
    (
        r"at\s+most|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of|maximum(?:\s+of)?|max\."
        r"|not\s+exceeding|not\s+to\s+exceed|up\s+to|within|at\s+or\s+below|no\s+higher\s+than"
        r"|<=|≤",
        "<=",
    ),
    (r"more\s+than|greater\s+than|over|above|exceeding|in\s+excess\s+of|>", ">"),
    (r"less\s+than|fewer\s+than|under|below|<", "<"),
]
CMP = "|".join(f"(?:{p})" for p, _ in PREFIX_COMPARATORS)
# A comparator word is followed by a space; a symbol need not be (">95%").
CMP_SEP = r"(?:\s+|(?<=[<>=≤≥]))"
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
    (
        rf"(?:per|each|every|in\s+each|a)\s+{_YEAR}|annually|yearly|per\s+annum|p\.a\."
        rf"|on\s+an?\s+(?:annual|yearly)\s+basis|throughout\s+(?:the|each)\s+{_YEAR}",
        12,
    ),
    (r"(?:per|each|every|a)\s+quarter|quarterly|on\s+a\s+quarterly\s+basis", 3),
    (r"(?:per|each|every|a)\s+month|monthly|on\s+a\s+monthly\s+basis", 1),
    (
        r"semi-?annually|half-?yearly|(?:per|each|every|a)\s+half[\s-]year"
        r"|on\s+a\s+(?:semi-?annual|half-?yearly)\s+basis",
        6,
    ),
    (r"biennially|every\s+other\s+year|per\s+biennium", 24),
    (r"triennially", 36),
    (rf"every\s+(?P<n>{NUM})\s+(?P<u>years?|months?|quarters?)", None),
]
PERIOD_ANY = "|".join(f"(?:{p})" for p, _ in PERIOD_PHRASES)
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
    rf"(?:(?P<q>Q[1-4])\s+|(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?P<month>{_MONTH_ALT})\.?"
    r"(?:\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?)?,?\s+)?(?:(?:the\s+)?year\s+)?"
    rf"(?P<year>{YEAR})\b(?![%\d.,]\d)",
    re.I,
)
# "before 2025", "by mid-2024": a date with no exact end. Amounts ("by 31.9%") are not dates.
LOOSE_DEADLINE = re.compile(
    rf"\b(?:by|before|until|till|no\s+later\s+than)\s+[^\d%]{{0,25}}?\b{YEAR}\b"
    r"|\bby\s+(?:the\s+)?(?:end|middle|mid|start|beginning)\s+of\s+(?:the\s+)?(?:this\s+|next\s+)?"
    r"(?:decade|year|century|period|plan|project|programme|program)\b"
    # A template's placeholder, "reached by (date)", names no date at all.
    r"|\bby\s+(?:\(\s*date\s*\)|\[\s*date\s*\]|<\s*date\s*>|x+\b|dd/mm/yy)",
    re.I,
)

MILESTONE_PARTICIPLES = (
    r"developed|completed|established|adopted|approved|launched|published|finali[sz]ed"
    r"|implemented|in\s+place|operational|functional|signed|endorsed|delivered|updated|reviewed"
    r"|drafted|created|introduced|set\s+up|ratified|done|achieved|submitted|prepared|produced"
    r"|held|allowed|put\s+in\s+place|operationali[sz]ed|carried\s+out|undertaken|conducted"
    r"|validated|enacted|installed|deployed|rolled\s+out|concluded|commissioned|built"
)
# Participles of change say "better", not "done": "Improved compliance" stays unparsed.
CHANGE_PARTICIPLES = re.compile(
    r"\b(?:improved|increased|reduced|decreased|enhanced|strengthened|expanded|extended"
    r"|maintained|sustained|minimi[sz]ed|maximi[sz]ed|lowered|raised|accelerated|promoted"
    r"|supported|encouraged|facilitated|broadened|deepened|streamlined|reinforced|boosted"
    r"|halved|doubled|tripled)\b",
    re.I,
)
# Participles of throughput: "Revenue collected", "Officers trained" name a volume to count
# or sum (an indicator), not one thing done.
THROUGHPUT_PARTICIPLES = re.compile(
    r"\b(?:collected|processed|trained|recruited|hired|paid|received|recovered|issued|seized"
    r"|detected|registered|cleared|handled|served|answered|resolved|audited|inspected|examined"
    r"|screened|filed|refunded|assessed|disposed|reached|visited|intercepted|arrested"
    r"|prosecuted|investigated|sensiti[sz]ed|vaccinated|immuni[sz]ed|employed|enrolled|treated"
    r"|tested|exported|imported|sold|generated|mobili[sz]ed|saved|spent|disbursed|attended"
    r"|benefit(?:t)?ed|assisted|referred|returned|removed|deported|repatriated|rescued|placed"
    r"|responded)\b",
    re.I,
)
# Placeholders a table writes where no target is set yet.
PLACEHOLDER = re.compile(
    r"\bto\s+be\s+(?:determined|confirmed|decided|defined|agreed|announced|specified|fixed|set"
    r"|established|identified|computed|calculated|collected|measured)\b"
    r"|^(?:tbd|tbc|tba|n/?a|nil\s+return|not\s+applicable|not\s+available|pending|ongoing"
    r"|baseline|same\s+as\s+(?:baseline|above|previous))\b",
    re.I,
)
# Measures whose good direction is down: a bare level of one ("Unemployment rate is 5%",
# "5% error rate") is a ceiling the phrase does not write, so the default minimum is wrong.
LOWER_IS_BETTER = re.compile(
    r"\b(?:unemploy\w*|poverty|inflation|errors?|turnover|attrition|vacanc(?:y|ies)|arrears"
    r"|debts?|deficits?|costs?|(?<!on-)(?<!on\s)times?|durations?|delays?|dwell|waiting|wait"
    r"|inspections?|examinations?|red\s+(?:channel|lane)|rejections?|failures?|defaults?"
    r"|loss(?:es)?|leakages?|gap|mortality|deaths?|incidence|prevalence|drop-?outs?"
    r"|absenteeism|absences?|sickness|complaints?|backlogs?|overdue|stunting|wasting|obesity"
    r"|overweight|emissions?|crimes?|corruption|fraud|evasion|smuggling|accidents?|injur\w*"
    r"|disputes?|litigation|pollution|burden|interventions?|queues?)\b",
    re.I,
)
# A condition makes the target hold only sometimes: "3 workshops if funding is available".
CONDITION = re.compile(
    r"\b(?:if|unless|subject\s+to|depending\s+(?:on|upon)|dependent\s+(?:on|upon)"
    r"|conditional\s+(?:on|upon)|contingent\s+(?:on|upon)|provided\s+that|assuming"
    r"|where\s+(?:possible|feasible|applicable|appropriate|funds?|funding|resources))\b",
    re.I,
)
# Hedges: "All programmes largely on schedule" is no longer all of them.
HEDGE = re.compile(
    r"\b(?:largely|mostly|broadly|substantially|partially|partly|generally|roughly"
    r"|approximately|nearly|almost|virtually|more\s+or\s+less|or\s+so)\b",
    re.I,
)
MILESTONE_VERBS = (
    r"develop|establish|adopt|complete|finali[sz]e|launch|publish|approve|implement|sign"
    r"|endorse|deliver|update|review|prepare|create|introduce|set\s+up|build|design|draft"
    r"|produce|ratify|submit|conduct|carry\s+out|undertake|put\s+in\s+place|install|enact"
    r"|validate|operationali[sz]e|roll\s+out|commission|adopting|developing|implementing"
    r"|establishing|putting\s+in\s+place|creating|designing|drafting|preparing|launching"
    r"|conducting|undertaking|introducing|completing|finali[sz]ing"
)
COUNT_LEADS = (
    r"(?:adoption|accession|ratification|implementation|participation|signature|acceptance"
    r"|endorsement)\s+by|(?:conduct|organi[sz]ation|holding|delivery|generation|creation)\s+of"
    r"|conduct(?:ing)?|hold(?:ing)?|organi[sz](?:e|ing)|deliver(?:ing)?|train(?:ing)?|sign"
    r"|publish|produce|undertake|reach(?:ing)?|achieve|involve|support|assist|develop"
    r"|establish|complete|share|attract|recruit|mobili[sz]e|collect|raise|accredit|award"
    r"|certify|register|report|plant(?:ing)?|restor(?:e|ing)|construct(?:ing)?|connect(?:ing)?"
    r"|making|make|host(?:ing)?|having|have|clear(?:ing)?|process(?:ing)?|issue|handle"
    r"|achieving|(?:facilitat(?:e|ing)|support(?:ing)?|enabl(?:e|ing))\s+the\s+(?:development"
    r"|construction|creation|establishment|provision|building)\s+of"
    r"|build(?:ing)?|create|provide"
)
SHARE_LEADS = (
    r"meet|meeting|respond\s+to|cover|covering|reach|reaching|achieve|achieving|serve|satisfy"
    r"|having|protect|conserve|protect\s+or\s+conserve|vaccinate|immuni[sz]e"
    r"|use\s+of\s+[^\d%]+?\s+(?:for|in|on)"
)
UP = (
    r"increas(?:e|es|ed|ing)|rais(?:e|es|ed|ing)|grow(?:s|n|ing)?|boost(?:s|ed|ing)?"
    r"|improv(?:e|es|ed|ing)|expand(?:s|ed|ing)?|lift(?:s|ed|ing)?|enhanc(?:e|es|ed|ing)"
    r"|rise|rises|rising"
)
DOWN = (
    r"reduc(?:e|es|ed|ing)|cut(?:s|ting)?|decreas(?:e|es|ed|ing)|lower(?:s|ed|ing)?"
    r"|lessen(?:s|ed|ing)?|shorten(?:s|ed|ing)?|bring(?:ing)?\s+down|brought\s+down"
    r"|fall(?:s|ing)?|drop(?:s|ped|ping)?|declin(?:e|es|ed|ing)"
)
# Verbs that may follow a sentence of intent ("It aims to", "The agency will").
INTENT_VERBS = rf"{UP}|{DOWN}|{COUNT_LEADS}|{MILESTONE_VERBS}|{SHARE_LEADS}|halve|double|triple"

TIME_UNITS = re.compile(
    r"(?:working\s+|business\s+|calendar\s+)?(?:hours?|hrs?|days?|minutes?|mins?|weeks?"
    r"|months?|years?|seconds?)",
    re.I,
)
# Measured amounts that are not counts: the unit word is kept, what they measure dropped.
MEASURES = re.compile(
    r"km|kilomet(?:re|er)s?|hectares?|ha|MW|megawatts?|GW|gigawatts?|tonnes?|tons?|litres?"
    r"|liters?|kg|kilograms?",
    re.I,
)
CURRENCIES = re.compile(
    r"USD|US\$|EUR|GBP|AUD|NZD|FJD|JPY|CNY|CHF|INR|ZAR|SDR|\$|€|£|R(?=\d)|(?:US\s+)?dollars?"
    r"|euros?|KES|KSh|UGX|TZS|RWF|NGN|GHS|ZMW|MWK|ETB|BWP|NAD|MUR|XAF|XOF|PGK|WST|SBD|VUV|PKR"
    r"|LKR|NPR|BDT|IDR|MYR|THB|VND|Rs\.?|Rp|₦|₹|¥"
    # Spelt after the number ("1.2 billion rand"): money, never a count of things.
    r"|rand|shillings?|naira|rupees?|cedis?|kwacha|birr|francs?|kina|yen|yuan|renminbi|pesos?"
    r"|dirhams?|riyals?|ringgits?|baht|rupiahs?|taka|leones?|tala|vatu|pula|emalangeni|maloti",
    re.I,
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
        # A duration counted from an event is a relative deadline: "within 2 weeks after".
        "after",
        "before",
        "following",
        "prior",
        "since",
        "upon",
    }
)
UNIT_STOP_ANY = re.compile(
    r"\b(?:per|every|each|annually|yearly|quarterly|monthly|once|twice|thrice|times|percent"
    r"|at\s+least|at\s+most|or\s+more|or\s+less|more\s+than)\b|\bmore$",
    re.I,
)
# A condition on time inside a unit ("cleared within 24 hours", "for more than 12 months")
# makes a phrase a share of items that each meet a duration: not read (docs/targets.md).
TIME_CONDITION = re.compile(
    rf"\b(?:within|in|under|over|after|before|than|least|most|maximum\s+of)\s+(?:{NUM})"
    rf"[\s-]*(?:{TIME_UNITS.pattern})\b",
    re.I,
)


def parse_number(text: str) -> Decimal | None:
    """A number in digits (thousands by comma or space) or in words; None when malformed.

    Words run to the hundreds ("one hundred and fifty"); larger magnitudes are MULTIPLIERS.
    Sixteen digits or more are refused: far beyond any target, and JSON numbers stay exact.
    """
    word = text.strip().lower()
    if word[:1].isdigit():
        digits = word.replace(",", "").replace(" ", "")
        if len(digits) > 16:
            return None
        return Decimal(digits)
    tokens = [t for t in re.split(r"[\s-]+", word) if t and t != "and"]
    if not tokens or (len(tokens) > 1 and tokens[0] in ("zero", "nil")):
        return None
    value, rest = _below_hundred(tokens)
    if rest and rest[0] == "hundred" and value and value < 10:
        value *= 100
        rest = rest[1:]
        if rest:
            tail, rest = _below_hundred(rest)
            if not tail:
                return None
            value += tail
    return None if rest or value is None else Decimal(value)


def _below_hundred(tokens: list[str]) -> tuple[int | None, list[str]]:
    head = tokens[0]
    if head in TENS:
        value = TENS[head]
        if len(tokens) > 1 and tokens[1] in ONES and 0 < ONES[tokens[1]] < 10:
            return value + ONES[tokens[1]], tokens[2:]
        return value, tokens[1:]
    if head in ONES:
        return ONES[head], tokens[1:]
    return None, tokens


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
    day_text = match["day"] or match["day2"]
    if match["day"] and match["day2"]:
        return None
    if day_text:
        day = int(day_text)
        return date(year, month, day) if 1 <= day <= last and not match["end"] else None
    return date(year, month, last)
