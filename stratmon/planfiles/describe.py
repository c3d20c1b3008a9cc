"""A KPI's measure in plain words ("Members of WCO A/P whose status on the Revised Kyoto
Convention is achieved"): what StratMon counts, from which records, with which filters.

Pure: topic names and the organisation's name are passed in (topics are data).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .measures import (
    ACTIVITY_KINDS,
    AGREEMENT_KINDS,
    GENDERS,
    MEMBER_STATUSES,
    OUTPUT_KINDS,
    REQUEST_KINDS,
    ROLES,
    Measure,
)

__all__ = ["describe_measure", "join_words"]

ACTIVITY_WORDS = {
    "workshop": "workshops",
    "training": "trainings",
    "seminar": "seminars",
    "mission": "missions",
    "meeting": "meetings",
    "webinar": "webinars",
    "dialogue": "dialogues",
    "survey": "surveys",
    "publication": "publications",
    "operation": "operations",
    "exchange": "exchanges",
    "other": "other activities",
}
OUTPUT_WORDS = {
    "evaluation_report": "evaluation reports",
    "survey": "surveys",
    "success_story": "success stories",
    "shared_item": "shared items",
    "newsletter_article": "newsletter articles",
    "high_level_dialogue": "high-level dialogues",
    "experience_sharing": "experience-sharing outputs",
    "report": "reports",
    "post_action": "post-action follow-ups",
    "other": "other outputs",
}
AGREEMENT_WORDS = {
    "aeo_mra": "AEO mutual recognition arrangements",
    "info_exchange": "information exchange arrangements",
    "mou": "memoranda of understanding",
    "other": "other agreements",
}
GENDER_WORDS = {
    "female": "women",
    "male": "men",
    "other": "people of another gender",
    "not_stated": "people whose gender is not stated",
}
ROLE_WORDS = {
    "participant": "participants",
    "head_of_delegation": "heads of delegation",
    "expert": "experts",
    "trainer": "trainers",
    "observer": "observers",
}
STATUS_WORDS = {
    "not_started": "not started",
    "planned": "planned",
    "in_progress": "in progress",
    "achieved": "achieved",
}
REQUEST_WORDS = {
    "assistance": "Members' requests for assistance",
    "contribution": "the Secretariat's requests for contributions",
}
STATUS_OF_ACTIVITY = {"planned": "planned", "held": "held", "cancelled": "cancelled"}
LINKED = "linked to this action"


def join_words(words: Sequence[str], conjunction: str = "and") -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def _in_order(values: Iterable[str], order: Sequence[str], words: Mapping[str, str]) -> list[str]:
    """The words of `values`, in the order the source lists them (not alphabetical)."""
    chosen = set(values)
    return [words[v] for v in order if v in chosen]


def describe_measure(
    measure: Measure, topics: Mapping[str, str], organisation: str = "the organisation"
) -> str:
    """What `measure` counts, in words; `topics` maps topic codes to their names (an unknown
    code is shown as the code), `organisation` names the plan's organisation (`WCO A/P`).

    Covers every source, aggregate and filter of docs/measures.md.
    """
    return _SOURCES[measure.source](measure, topics, organisation)


def _member_statuses(m: Measure, topics: Mapping[str, str], organisation: str) -> str:
    code = str(m.get("topic"))
    topic = topics.get(code, code)
    statuses = join_words(
        _in_order(m.get("statuses") or ("achieved",), MEMBER_STATUSES, STATUS_WORDS), "or"
    )
    if m.get("new_in_period"):
        return (
            f"Members of {organisation} whose status on “{topic}” became {statuses} during "
            f"the plan, having not been {statuses} at its start"
        )
    return f"Members of {organisation} whose status on “{topic}” is {statuses}"


def _activities_words(
    kinds: Iterable[str] = (),
    statuses: Iterable[str] = ("held",),
    linked: bool = False,
    with_partners: bool = False,
) -> str:
    """`held workshops and trainings linked to this action`."""
    state = join_words(
        _in_order(statuses, ("planned", "held", "cancelled"), STATUS_OF_ACTIVITY), "or"
    )
    named = _in_order(kinds, ACTIVITY_KINDS, ACTIVITY_WORDS)
    words = f"{state} {join_words(named) if named else 'activities'}"
    if linked:
        words += f" {LINKED}"
    if with_partners:
        words += " with at least one partner organisation"
    return words


def _activities(m: Measure, topics: Mapping[str, str], organisation: str) -> str:
    held = _activities_words(
        m.get("kinds") or (),
        m.get("statuses") or ("held",),
        m.linked,
        bool(m.get("with_partners")),
    )
    if m.aggregate == "distinct_members":
        return f"Members of {organisation} among the participants in {held}"
    return held


def _people(values: Iterable[str], order: Sequence[str], words: Mapping[str, str]) -> str:
    return join_words(_in_order(values, order, words), "or")


def _participations(m: Measure, topics: Mapping[str, str], organisation: str) -> str:
    held = _activities_words(m.get("activity_kinds") or (), linked=m.linked)
    who = ""
    if m.get("genders"):
        who += f" by {_people(m.get('genders'), GENDERS, GENDER_WORDS)}"
    if m.get("roles"):
        who += f" as {_people(m.get('roles'), ROLES, ROLE_WORDS)}"
    population = f"participations{who} in {held} (a person at two activities counts twice)"
    if m.aggregate == "change":
        return (
            f"change from one plan year to the next in {population}; the first plan year is "
            f"compared with the 12 months before the plan"
        )
    if m.aggregate == "share":
        part = dict(m.numerator)
        named = []
        if part.get("genders"):
            named.append(_people(part["genders"], GENDERS, GENDER_WORDS))
        if part.get("roles"):
            named.append(_people(part["roles"], ROLES, ROLE_WORDS))
        return f"share of {' who are '.join(named)} among {population}"
    return population


def _evaluations(m: Measure, topics: Mapping[str, str], organisation: str) -> str:
    held = _activities_words(m.get("activity_kinds") or (), linked=m.linked)
    return (
        f"mean evaluation score of {held}, each score on its own scale and weighed by its responses"
    )


def _requests(m: Measure, topics: Mapping[str, str], organisation: str) -> str:
    kinds = _in_order(m.get("kinds") or REQUEST_KINDS, REQUEST_KINDS, REQUEST_WORDS)
    words = join_words(kinds)
    asked = _in_order(m.get("activity_kinds") or (), ACTIVITY_KINDS, ACTIVITY_WORDS)
    if asked:
        words += f" for {join_words(asked, 'or')}"
    if m.aggregate == "count":
        return words
    part = dict(m.numerator)
    met = []
    if part.get("fulfilled"):
        met.append("fulfilled by the date")
    if part.get("with_accredited_expert"):
        met.append("answered by an activity with an accredited expert")
    return f"share of {words} {' and '.join(met)}"


def _agreements(m: Measure, topics: Mapping[str, str], organisation: str) -> str:
    kinds = _in_order(m.get("kinds") or (), AGREEMENT_KINDS, AGREEMENT_WORDS)
    what = join_words(kinds, "or") if kinds else "agreements"
    if m.aggregate == "distinct_members":
        return f"Members of {organisation} party to {what} in force (signed by the date)"
    return f"{what} in force (signed by the date)"


def _outputs(m: Measure, topics: Mapping[str, str], organisation: str) -> str:
    kinds = _in_order(m.get("kinds") or (), OUTPUT_KINDS, OUTPUT_WORDS)
    what = join_words(kinds) if kinds else "outputs"
    if m.linked:
        what += f" {LINKED}"
    if m.aggregate == "distinct_members":
        return f"Members of {organisation} named in {what}"
    return what


def _milestone(m: Measure, topics: Mapping[str, str], organisation: str) -> str:
    return "done or not done: the date the KPI was done and its evidence, with progress updates"


_SOURCES = {
    "member_statuses": _member_statuses,
    "activities": _activities,
    "participations": _participations,
    "evaluations": _evaluations,
    "requests": _requests,
    "agreements": _agreements,
    "outputs": _outputs,
    "milestone": _milestone,
}
