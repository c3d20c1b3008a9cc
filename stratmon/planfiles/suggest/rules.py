"""The rules: from a KPI's words, typed target and action to a measure source and filters.

Each rule returns a `Proposal` (the measure as plain data, the fit and a note for the
reason) or None when it does not apply; `propose` tries them by the target's kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .context import Context
from .topics import TopicMatch, best_topic, match_topics
from .types import CLOSEST, GOOD, NONE, TopicWords
from .vocabulary import (
    ACTIVITY,
    AGREEMENT,
    CHANNEL,
    GENDER,
    LEARNING,
    LEARNING_KINDS,
    OUTPUT,
    PARTICIPATING,
    PEOPLE,
    ROLE,
    SHARING,
    Term,
    find_terms,
    mentions,
    of,
    values,
)


@dataclass(frozen=True)
class Proposal:
    data: dict[str, Any]
    fit: str
    note: str = ""  # what in the text led there, or why the fit is weak
    topic: TopicMatch | None = field(default=None, compare=False)


def milestone(note: str) -> Proposal:
    return Proposal({"source": "milestone"}, NONE, note)


_DONE = (
    r"\b(?:developed|adopted|completed|signed|launched|published|established|approved|"
    r"endorsed|finali[sz]ed|in place|operational|done|submitted|created|set up|issued|"
    r"ratified|concluded|held)\b|^\W*by\s+\w+"
)
_AMONG = re.compile(r"\b(?:among(?:st)?|out of all|of all)\b", re.IGNORECASE)
_NEW = r"\b(?:new|newly|additional|more|further)\b"
_JOINT = r"\bjoint\b|\bjointly\b|\btogether with\b|\bwith (?:\w+ ){0,3}partners?\b"
_PARTNER = r"\bpartners?\b|\bdonors?\b|\binternational organi[sz]ations?\b"
_EVALUATION = r"evaluat\w*|satisf\w*|scores?|ratings?|rated|feedback|assess\w*|average"


def propose(ctx: Context, topics: Sequence[TopicWords]) -> Proposal:
    """The measure for one KPI, by its target's kind."""
    kind = ctx.kind
    if kind is None and mentions(ctx.kpi.target, _DONE):
        return Proposal(
            {"source": "milestone"}, GOOD, "the target says something is done (by a date)"
        )
    if kind is None:
        return milestone(
            "the target cannot be read as a number, share, score or milestone, so nothing "
            "StratMon counts can judge it; a milestone (done or not done) until a person says "
            "what to count"
        )
    if kind == "milestone":
        return Proposal({"source": "milestone"}, GOOD)
    if kind == "count":
        if ctx.counts_members:
            return members(ctx, topics)
        return counted(ctx, topics)
    if kind == "share":
        return (
            requests(ctx)
            or participation_share(ctx)
            or milestone(_MEMBER_SHARE if ctx.shares_members else _NOTHING_SHARE)
        )
    if kind == "mean":
        return evaluations(ctx)
    if kind == "change":
        return participation_change(ctx) or milestone(_NOTHING_CHANGE)
    return milestone(
        "StratMon records no measured amounts (times, days, money), only Members' statuses, "
        "activities, participations, evaluations, requests, agreements and outputs"
    )


_NOTHING_SHARE = (
    "a share, but neither of requests nor of participations by women, men or heads of "
    "delegation, the shares StratMon computes"
)
_MEMBER_SHARE = (
    "a share of Members; StratMon counts Members rather than dividing them, so write the "
    "target as a count (e.g. 15/20 Members) and the suggestion follows the topic"
)
_NOTHING_CHANGE = (
    "a growth or reduction, but not of participations, the only change StratMon computes"
)


# --- Members ---------------------------------------------------------------------------------


def members(ctx: Context, topics: Sequence[TopicWords]) -> Proposal:
    kpi = ctx.kpi_terms
    exact_in_kpi = [m for m in match_topics(ctx.kpi.text, topics) if m.exact]
    # Members sharing experiences; "sharing seizure data in CEN" is the topic's status.
    sharing = of(kpi, SHARING) and (mentions(ctx.kpi.text, r"experience") or not exact_in_kpi)
    if sharing and not of(kpi, AGREEMENT):
        kinds = [v for v in values(kpi, OUTPUT) if v != "report"] or ["experience_sharing"]
        return Proposal(
            {"source": "outputs", "aggregate": "distinct_members", "kinds": kinds},
            GOOD,
            "Members sharing: the Members named in outputs",
        )
    agreements = [t for t in of(kpi, AGREEMENT) if t.value or not exact_in_kpi]
    if agreements:
        data: dict[str, Any] = {"source": "agreements", "aggregate": "distinct_members"}
        agreement_kinds = values(agreements, AGREEMENT)
        if agreement_kinds:
            data["kinds"] = list(agreement_kinds)
        return Proposal(data, GOOD, f"“{agreements[0].words}” names an agreement")
    if of(kpi, PARTICIPATING):
        data = {"source": "activities", "aggregate": "distinct_members"}
        kinds = _specific(of(ctx.kpi_terms, ACTIVITY))
        if kinds:
            data["kinds"] = kinds
        return Proposal(data, GOOD, "Members taking part in activities")
    found, others = best_topic(ctx.own_words, ctx.action_text, topics)
    if found is not None:
        data = {"source": "member_statuses", "topic": found.topic.code}
        if mentions(ctx.own_words, _NEW) or ctx.target.per_months:
            data["new_in_period"] = True
        if found.exact:
            note = f"“{found.words}” names the topic"
            if others:
                note += f" (the text also names “{others[0].words}”)"
            return Proposal(data, GOOD, note, found)
        note = (
            f"no topic is named outright; the words come closest to “{found.topic.name}”; "
            "check the topic"
        )
        return Proposal(data, CLOSEST, note, found)
    return milestone(
        "a count of Members, but no topic in StratMon's list is named in the action or the "
        "KPI; add the topic (with its synonyms) and choose “Members whose status on the topic "
        "is achieved”"
    )


# --- counts of things ------------------------------------------------------------------------


def counted(ctx: Context, topics: Sequence[TopicWords]) -> Proposal:
    """Activities, outputs, agreements or people counted, per period or in total."""
    topic = next((m for m in match_topics(ctx.head, topics) if m.exact), None)
    if topic is not None and not [t for t in ctx.head_terms if t.category in _COUNTED]:
        # "Number of TRS conducted": what is counted is a topic, so the Members reaching it.
        data: dict[str, Any] = {"source": "member_statuses", "topic": topic.topic.code}
        if ctx.target.per_months or mentions(ctx.own_words, _NEW):
            data["new_in_period"] = True
        return Proposal(
            data,
            CLOSEST,
            f"“{topic.words}” is counted, not Members; closest: the Members whose status on "
            "it is achieved, one each",
            topic,
        )
    for terms, fit in (
        (ctx.head_terms, GOOD),
        (ctx.unit_terms, GOOD),
        (ctx.kpi_terms, GOOD),
        (ctx.action_terms, CLOSEST),
    ):
        proposal = _counted_from(ctx, terms, fit)
        if proposal is not None:
            return proposal
    what = ctx.target.unit or ctx.head or "what is counted"
    published = mentions(ctx.kpi.text, r"\b(?:publish\w*|issued|posted|disseminated|released)\b")
    if ctx.target.per_months and not published:
        return Proposal(
            {"source": "activities"},
            CLOSEST,
            f"the KPI does not say what is counted; closest: activities linked to the action "
            f"(“{what}”)",
        )
    return Proposal(
        {"source": "outputs"},
        CLOSEST,
        f"“{what}” is not a kind StratMon records; closest: outputs linked to this action "
        "(record each one as an output)",
    )


def _specific(terms: Sequence[Term]) -> list[str]:
    return sorted({t.value for t in terms if t.value})


_COUNTED = (ACTIVITY, OUTPUT, AGREEMENT, PEOPLE, GENDER, ROLE)
_PERSONS = (PEOPLE, GENDER, ROLE)


def _counted_from(ctx: Context, terms: tuple[Term, ...], fit: str) -> Proposal | None:
    counted_terms = [t for t in terms if t.category in _COUNTED]
    if not counted_terms:
        return None
    first = counted_terms[0]
    where = "the action names" if fit == CLOSEST else "counts"
    note = f"{where} “{first.words}”"
    if first.category == AGREEMENT:
        data: dict[str, Any] = {"source": "agreements"}
        kinds = values(terms, AGREEMENT)
        if kinds:
            data["kinds"] = list(kinds)
        return Proposal(data, fit, note)
    persons = [t for t in terms if t.category in _PERSONS]
    if first.category in _PERSONS or (
        persons and not of(terms, OUTPUT) and not _specific(of(terms, ACTIVITY))
    ):
        return _people_count(ctx, terms, fit, note)
    activity_kinds = _specific(of(terms, ACTIVITY))
    outputs = of(terms, OUTPUT)
    if outputs and (first.category == OUTPUT or not activity_kinds):
        return _outputs(ctx, values(terms, OUTPUT), fit, note)
    data = {"source": "activities"}
    if activity_kinds:
        data["kinds"] = activity_kinds
    if mentions(ctx.all_words, _JOINT) and mentions(ctx.all_words, _PARTNER):
        data["with_partners"] = True
        note += "; joint activities with partners"
    return Proposal(data, fit, note)


def _outputs(ctx: Context, kinds: tuple[str, ...], fit: str, note: str) -> Proposal:
    chosen = set(kinds)
    # Shared through the region's websites and newsletters: those count too.
    if chosen & {"experience_sharing", "shared_item", "newsletter_article"}:
        for channel in of(ctx.action_terms, CHANNEL):
            if channel.value == "*":
                chosen |= {"shared_item", "newsletter_article"}
            else:
                chosen.add(channel.value)
    data: dict[str, Any] = {"source": "outputs", "kinds": sorted(chosen)}
    if chosen == {"success_story"}:
        # Success stories are results of the whole programme, not of one action's records.
        data["linked"] = False
        note += "; every success story counts, not only those linked to the action"
    return Proposal(data, fit, note)


def _people_count(ctx: Context, terms: tuple[Term, ...], fit: str, note: str) -> Proposal:
    data: dict[str, Any] = {"source": "participations", "linked": True}
    data.update(_who(ctx.kpi_terms + ctx.unit_terms))
    kinds = _participation_kinds(of(ctx.kpi_terms, ACTIVITY), ())
    if kinds:
        data["activity_kinds"] = kinds
    return Proposal(data, fit, f"{note}: people taking part in the action's activities")


def _who(terms: Sequence[Term]) -> dict[str, list[str]]:
    who: dict[str, list[str]] = {}
    genders = sorted({t.value for t in terms if t.category == GENDER})
    roles = sorted({t.value for t in terms if t.category == ROLE})
    if genders:
        who["genders"] = genders
    if roles:
        who["roles"] = roles
    return who


def _participation_kinds(named: Sequence[Term], learning: Sequence[Term]) -> list[str]:
    """Activity kinds for participations and evaluations: a workshop, training, seminar or
    webinar named stands for all four (the capacity-building events), other kinds as named;
    capacity-building words alone also mean the four."""
    kinds = set(_specific(named))
    if kinds & set(LEARNING_KINDS) or (not kinds and learning):
        kinds |= set(LEARNING_KINDS)
    return sorted(kinds)


# --- shares, means, changes ------------------------------------------------------------------


def requests(ctx: Context) -> Proposal | None:
    words = ctx.own_words
    if not mentions(words, r"\brequest\w*"):
        return None
    data: dict[str, Any] = {"source": "requests", "aggregate": "share"}
    kind = "contribution" if mentions(words, r"contribut\w*") else "assistance"
    data["kinds"] = [kind]
    kinds = _specific(of(ctx.target_terms + ctx.kpi_terms, ACTIVITY))
    if kinds:
        data["activity_kinds"] = kinds
    if mentions(words, r"accredit\w* experts?"):
        data["numerator"] = {"with_accredited_expert": True}
        note = "requests answered with an accredited expert"
    else:
        data["numerator"] = {"fulfilled": True}
        note = "requests met"
    return Proposal(data, GOOD, note)


def participation_share(ctx: Context) -> Proposal | None:
    """`women among heads of delegation`: the part before "among" is the numerator, the
    group after it filters the population."""
    terms = ctx.kpi_terms + ctx.target_terms
    pieces = _AMONG.split(ctx.own_words, maxsplit=1)
    part, whole = pieces[0], (pieces[1] if len(pieces) > 1 else "")
    who = _who(find_terms(part)) or _who(terms)
    population = {k: v for k, v in _who(find_terms(whole)).items() if who.get(k) != v}
    if not who:
        return None
    data: dict[str, Any] = {"source": "participations", "aggregate": "share", "numerator": who}
    data.update(population)
    kinds = _kinds_named_or_action(ctx, terms)
    if kinds:
        data["activity_kinds"] = kinds
    return Proposal(data, GOOD, "the share of a group among participations")


def _kinds_named_or_action(ctx: Context, terms: tuple[Term, ...]) -> list[str]:
    """Kinds the KPI names; failing that, those of the action's words."""
    return _participation_kinds(of(terms, ACTIVITY), of(terms, LEARNING)) or (
        _participation_kinds(of(ctx.action_terms, ACTIVITY), of(ctx.action_terms, LEARNING))
    )


def participation_change(ctx: Context) -> Proposal | None:
    terms = ctx.kpi_terms + ctx.target_terms
    people = [t for t in terms if t.category in (GENDER, ROLE, PEOPLE, PARTICIPATING)]
    if not people and not mentions(ctx.own_words, r"particip\w*|attend\w*"):
        return None
    data: dict[str, Any] = {"source": "participations", "aggregate": "change"}
    data.update(_who(terms))
    kinds = _participation_kinds(of(terms, ACTIVITY), of(terms, LEARNING))
    if kinds:
        data["activity_kinds"] = kinds
    return Proposal(data, GOOD, "growth of participations from one plan year to the next")


def evaluations(ctx: Context) -> Proposal:
    data: dict[str, Any] = {"source": "evaluations"}
    # A survey is how the scores are collected, not what is evaluated.
    kinds = [
        k for k in _kinds_named_or_action(ctx, ctx.kpi_terms + ctx.target_terms) if k != "survey"
    ]
    if kinds:
        data["activity_kinds"] = kinds
    if mentions(ctx.all_words, _EVALUATION):
        return Proposal(data, GOOD, "an average score: participants' evaluations")
    return Proposal(
        data,
        CLOSEST,
        "an average, but the text does not say of what; evaluations are the only scores "
        "StratMon records",
    )
