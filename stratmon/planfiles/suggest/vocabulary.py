"""The words plans use for what StratMon records: activity and output kinds, agreements,
people, roles, genders, requests. Longer phrases are matched first and use up their words,
so `training needs analysis` is a survey, not a training, and `exchange of information` is a
shared item, not an exchange visit."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

ACTIVITY = "activity"  # value: an activity kind, or "" for activities of any kind
OUTPUT = "output"  # value: an output kind
AGREEMENT = "agreement"  # value: an agreement kind ("" for any)
PEOPLE = "people"  # value: what the people are called (officers, analysts …)
GENDER = "gender"
ROLE = "role"
LEARNING = "learning"  # capacity-building words: workshops, trainings, seminars, webinars
CHANNEL = "channel"  # communication tools: value an output kind
SHARING = "sharing"  # Members sharing experiences
PARTICIPATING = "participating"  # Members taking part in activities

LEARNING_KINDS = ("seminar", "training", "webinar", "workshop")

# (pattern, category, value) in priority order: a phrase before the words inside it.
_VOCABULARY: tuple[tuple[str, str, str], ...] = (
    # Agreements first: "information exchange arrangement" is an agreement, not an exchange.
    (r"mutual recognition (?:arrangements?|agreements?)|MRAs?", AGREEMENT, "aeo_mra"),
    (r"memorand(?:um|a)(?: of understanding)?|MoUs?", AGREEMENT, "mou"),
    (
        r"(?:info(?:rmation)?|data|intelligence) exchange (?:arrangements?|agreements?|"
        r"protocols?)|(?:arrangements?|agreements?) (?:on|for) (?:the )?(?:exchange of |"
        r"exchanging )?(?:info(?:rmation)?|data)",
        AGREEMENT,
        "info_exchange",
    ),
    (r"success stor(?:y|ies)|tangible results?|impact stor(?:y|ies)", OUTPUT, "success_story"),
    (r"evaluation reports?|assessment reports?|review reports?", OUTPUT, "evaluation_report"),
    (r"post[- ]actions?|follow[- ]up actions?", OUTPUT, "post_action"),
    (r"(?:training )?needs? (?:analys[ie]s|assessments?|surveys?)", ACTIVITY, "survey"),
    (r"high[- ]level dialogues?|policy dialogues?|dialogues?", ACTIVITY, "dialogue"),
    (
        r"(?:e-?)?newsletters?(?: articles?)?|bulletins?|(?:news )?articles?|press releases?",
        OUTPUT,
        "newsletter_article",
    ),
    (
        r"experience[- ]sharing|(?:shar\w*|exchang\w*) (?:of )?(?:their |its |good )?"
        r"experiences?|experiences?(?: shar\w*)?",
        OUTPUT,
        "experience_sharing",
    ),
    (
        r"exchang\w*(?: of)? (?:knowledge|information|materials?|good practices?|documents?|"
        r"data|intelligence)|(?:knowledge|information|materials?|items?|good practices?|"
        r"documents?|resources?) shared|shared (?:items?|materials?|knowledge|resources?)|"
        r"(?:training |learning )?materials?|items?|good practices?|(?:social media )?posts?",
        OUTPUT,
        "shared_item",
    ),
    (
        r"expert exchanges?|staff exchanges?|exchange (?:visits?|programmes?|programs?)",
        ACTIVITY,
        "exchange",
    ),
    (r"exchanges?|attachments?|study visits?", ACTIVITY, "exchange"),
    (r"surveys?|questionnaires?", ACTIVITY, "survey"),
    (r"webinars?|online (?:sessions?|courses?)", ACTIVITY, "webinar"),
    (r"seminars?", ACTIVITY, "seminar"),
    (r"workshops?", ACTIVITY, "workshop"),
    (
        r"trainings?|(?:training )?courses?|training (?:programmes?|programs?|sessions?)",
        ACTIVITY,
        "training",
    ),
    (r"missions?|(?:expert|advisory|diagnostic|scoping) visits?", ACTIVITY, "mission"),
    (
        r"meetings?|conferences?|forums?|fora|symposi(?:um|a)|summits?|roundtables?",
        ACTIVITY,
        "meeting",
    ),
    (r"(?:joint )?operations?|exercises?|patrols?|drills?", ACTIVITY, "operation"),
    (r"publications?", ACTIVITY, "publication"),
    (r"reports?|scorecards?|studies|study|papers?|factsheets?", OUTPUT, "report"),
    (
        r"activit(?:y|ies)|events?|sessions?|discussions?|campaigns?|initiatives?|"
        r"programmes?|programs?|interventions?",
        ACTIVITY,
        "",
    ),
    (r"agreements?|arrangements?|accords?", AGREEMENT, ""),
    (r"heads? of delegations?|delegation heads?|HoDs?", ROLE, "head_of_delegation"),
    (r"women|woman|female|girls?", GENDER, "female"),
    (r"\bmen\b|\bman\b|male", GENDER, "male"),
    (
        r"officers?|officials?|analysts?|trainers?|trainees?|supervisors?|participants?|"
        r"people|persons?|staff|personnel|managers?|students?|graduates?|learners?|experts?|"
        r"auditors?|inspectors?|investigators?|delegates?|leaders?|instructors?|mentees?|"
        r"employees?|specialists?|handlers?",
        PEOPLE,
        "",
    ),
)
_COMPILED = tuple(
    (re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", re.IGNORECASE), c, v) for p, c, v in _VOCABULARY
)
_EXTRA = (
    (
        re.compile(r"capacity[- ]building|\bCB\b|\blearning\b|\btrain\w*|\bcourses?\b", re.I),
        LEARNING,
        "",
    ),
    (re.compile(r"websites?|web ?pages?|portals?|social media", re.I), CHANNEL, "shared_item"),
    (re.compile(r"newsletters?|e-newsletters?|bulletins?", re.I), CHANNEL, "newsletter_article"),
    (re.compile(r"communication tools?|communication channels?", re.I), CHANNEL, "*"),
    (re.compile(r"\bshar(?:e|es|ing)\b|\bexperiences?\b", re.I), SHARING, ""),
    (
        re.compile(
            r"\b(?:participat\w*|attend\w*|took part|taking part|trained)\b(?: in)?"
            r"(?: \w+){0,3} (?:workshops?|trainings?|seminars?|webinars?|meetings?|activit\w+|"
            r"events?|courses?|missions?|programmes?|programs?|sessions?|conferences?)",
            re.I,
        ),
        PARTICIPATING,
        "",
    ),
    (
        re.compile(
            r"\b(?:coached|trained|mentored|assisted|supported|advised|visited|reached)\s+"
            r"(?:members?|administrations?|countries)\b|\b(?:members?|administrations?|"
            r"countries)\s+(?:coached|trained|mentored|assisted|supported|advised|visited|"
            r"reached)\b",
            re.I,
        ),
        PARTICIPATING,
        "",
    ),
)


@dataclass(frozen=True)
class Term:
    """A phrase of the plan's text and what StratMon records for it."""

    category: str
    value: str
    words: str  # as written
    start: int


def find_terms(text: str) -> tuple[Term, ...]:
    """The vocabulary's phrases in `text`, in the order they are written; a phrase uses up
    its characters, so words inside a longer phrase are not found again."""
    found: list[Term] = []
    left = text
    for pattern, category, value in _COMPILED:
        for match in pattern.finditer(left):
            found.append(Term(category, value, match.group(), match.start()))
        left = pattern.sub(lambda m: " " * len(m.group()), left)
    for pattern, category, value in _EXTRA:
        found.extend(Term(category, value, m.group(), m.start()) for m in pattern.finditer(text))
    return tuple(sorted(found, key=lambda t: t.start))


def of(terms: Sequence[Term], category: str) -> tuple[Term, ...]:
    return tuple(t for t in terms if t.category == category)


def values(terms: Sequence[Term], category: str) -> tuple[str, ...]:
    """The distinct values of a category, in sorted order (as measures keep them)."""
    return tuple(sorted({t.value for t in terms if t.category == category and t.value}))


def mentions(text: str, pattern: str) -> bool:
    return re.search(pattern, text, re.IGNORECASE) is not None
