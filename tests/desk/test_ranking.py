"""The pure ranking of the expert pool (stratmon.desk.ranking), on values: no database.

A generated pool of 200 experts, each made to fall in one known case (left out for a known
reason, or ranked with known points), and property tests of the order."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from stratmon.desk.ranking import (
    Ask,
    Busy,
    Candidate,
    balance,
    languages_of,
    rank,
)

D = datetime.date
START, END = D(2026, 3, 10), D(2026, 3, 14)
ASK = Ask(
    member="FJI",
    topics=frozenset({"rkc", "aeo"}),
    language="French",
    start=START,
    end=END,
    today=D(2026, 1, 5),
)
DAY = datetime.timedelta(days=1)


def expert(key: str, **fields) -> Candidate:
    defaults = {"name": f"Expert {key}", "home": "JPN", "expertise": frozenset({"rkc", "aeo"})}
    return Candidate(key=key, **(defaults | fields))


def only(c: Candidate, ask: Ask = ASK, used=None):
    """The one candidate's place: its Ranked, or its Excluded."""
    r = rank([c], ask, used)
    return (r.ranked or r.excluded)[0]


# The generated pool: expert i falls in case i % 10, each with its expected outcome.
CASES = (
    "own_member",
    "assigned_overlap",
    "unavailable_on_first_day",
    "expired",
    "no_topic",
    "free_day_before",
    "not_yet_valid",
    "provisional_half_topics",
    "accredited_scored",
    "plain",
)
EXCLUDED = {
    "own_member": "from the requesting Member (FJI)",
    "assigned_overlap": "not free: assigned to ACT-1 RKC workshop 2026-03-12 to 2026-03-20",
    "unavailable_on_first_day": "not free: unavailable (leave) 2026-03-01 to 2026-03-10",
    "expired": "accreditation expired on 2026-03-09",
    "no_topic": "no expertise in the request's topics",
}


def generated(case: str, i: int) -> Candidate:
    key = f"EXP-{i:03d}"
    if case == "own_member":
        return expert(key, home="FJI")
    if case == "assigned_overlap":
        return expert(
            key, busy=(Busy(D(2026, 3, 12), D(2026, 3, 20), "assigned to ACT-1 RKC workshop"),)
        )
    if case == "unavailable_on_first_day":
        return expert(key, busy=(Busy(D(2026, 3, 1), START, "unavailable (leave)"),))
    if case == "expired":
        return expert(key, accreditation="accredited", accredited_until=START - DAY)
    if case == "no_topic":
        return expert(key, expertise=frozenset({"hs"}))
    if case == "free_day_before":
        return expert(key, busy=(Busy(D(2026, 3, 1), START - DAY, "unavailable"),))
    if case == "not_yet_valid":
        return expert(key, accreditation="accredited", accredited_on=START + DAY)
    if case == "provisional_half_topics":
        return expert(key, accreditation="provisional", expertise=frozenset({"rkc", "hs"}))
    if case == "accredited_scored":
        return expert(
            key,
            accreditation="accredited",
            accredited_until=D(2026, 5, 31),
            languages=frozenset({"french"}),
            scores=(Decimal("0.92"),) * 3,
        )
    return expert(key)


# Expected points with no gender used yet (5): expertise + accreditation + language + score + 5.
POINTS = {
    "free_day_before": Decimal(40 + 0 + 0) + Decimal("7.5") + 5,
    "not_yet_valid": Decimal(40 + 0 + 0) + Decimal("7.5") + 5,
    "provisional_half_topics": Decimal(20 + 10 + 0) + Decimal("7.5") + 5,
    "accredited_scored": Decimal(40 + 20 + 15) + Decimal("13.8") + 5,
    "plain": Decimal(40) + Decimal("7.5") + 5,
}

POOL = [generated(CASES[i % 10], i) for i in range(200)]


def test_the_generated_pool_is_split_into_ranked_and_left_out_as_built():
    ranking = rank(POOL, ASK)
    reasons = {e.candidate.key: e.reason for e in ranking.excluded}
    for i, c in enumerate(POOL):
        case = CASES[i % 10]
        if case in EXCLUDED:
            assert reasons[c.key] == EXCLUDED[case], case
        else:
            assert c.key not in reasons, case
    assert len(ranking.excluded) == 100 and len(ranking.ranked) == 100


def test_each_ranked_case_gets_its_known_points():
    for r in rank(POOL, ASK).ranked:
        case = CASES[int(r.candidate.key[4:]) % 10]
        assert r.points == POINTS[case].quantize(Decimal("0.1")), case


def test_best_first_then_the_documented_tie_breaks():
    ranked = rank(POOL, ASK).ranked
    assert [CASES[int(r.candidate.key[4:]) % 10] for r in ranked[:20]] == ["accredited_scored"] * 20
    # "free_day_before", "not_yet_valid" and "plain" tie on points: by name, then key.
    tied = [r.candidate.key for r in ranked if r.points == Decimal("52.5")]
    assert tied == sorted(tied) and len(tied) == 60


def test_an_assignment_ending_the_day_before_leaves_them_free_ending_on_the_first_day_not():
    before = expert("A", busy=(Busy(D(2026, 3, 1), START - DAY, "assigned to ACT-9 x"),))
    on_first = expert("B", busy=(Busy(D(2026, 3, 1), START, "assigned to ACT-9 x"),))
    on_last = expert("C", busy=(Busy(END, END, "unavailable"),))
    after = expert("D", busy=(Busy(END + DAY, END + DAY * 3, "unavailable"),))
    assert "free on the dates" in only(before).reasons
    assert only(on_first).reason == "not free: assigned to ACT-9 x 2026-03-01 to 2026-03-10"
    assert only(on_last).reason == "not free: unavailable on 2026-03-14"
    assert only(after).points > 0


def test_the_first_busy_period_is_the_reason_given():
    c = expert(
        "A",
        busy=(
            Busy(D(2026, 3, 13), D(2026, 3, 13), "unavailable"),
            Busy(D(2026, 3, 9), D(2026, 3, 11), "assigned to ACT-2 y"),
        ),
    )
    assert only(c).reason == "not free: assigned to ACT-2 y 2026-03-09 to 2026-03-11"


def test_a_request_without_dates_excludes_no_one_for_being_busy():
    c = expert("A", busy=(Busy(D(2026, 3, 1), D(2026, 3, 31), "unavailable"),))
    ask = Ask("FJI", ASK.topics, "French", today=D(2026, 1, 5))
    assert "no dates asked" in only(c, ask).reasons


def test_accreditation_expiring_on_the_first_day_still_counts():
    c = expert("A", accreditation="accredited", accredited_until=START)
    assert only(c).reasons[1] == "accredited to 2026-03"
    assert only(c).points == Decimal("72.5")


def test_an_expired_provisional_accreditation_also_leaves_them_out():
    c = expert("A", accreditation="provisional", accredited_until=D(2025, 12, 31))
    assert only(c).reason == "accreditation expired on 2025-12-31"


def test_without_dates_accreditation_is_read_on_today():
    c = expert("A", accreditation="accredited", accredited_until=D(2026, 1, 4))
    ask = Ask("FJI", ASK.topics, "French", today=D(2026, 1, 5))
    assert only(c, ask).reason == "accreditation expired on 2026-01-04"
    assert only(c, Ask("FJI", today=D(2026, 1, 4))).points == Decimal("87.5")


def test_an_accreditation_not_yet_valid_counts_as_none_and_says_from_when():
    c = expert("A", accreditation="provisional", accredited_on=D(2026, 4, 1))
    ranked = only(c)
    assert ranked.reasons[1] == "provisional only from 2026-04-01"
    assert ranked.points == only(expert("B")).points


def test_an_expert_of_no_member_is_never_the_requesting_member():
    assert only(expert("A", home=None)).points > 0
    assert only(expert("A", home=None), Ask(None, today=START)).points == Decimal("67.5")


def test_expertise_points_are_the_share_of_the_topics_covered():
    ask = Ask("FJI", frozenset({"rkc", "aeo", "hs"}), today=START)
    ranked = only(expert("A", expertise=frozenset({"rkc", "tfa"})), ask)
    assert ranked.covered == ("rkc",)
    assert ranked.reasons[0] == "expert in 1 of the 3 topics"
    assert ranked.points == (Decimal(40) / 3 + Decimal("15") + Decimal("7.5") + 5).quantize(
        Decimal("0.1")
    )


def test_a_request_naming_no_topic_gives_everyone_the_expertise_points():
    ranked = only(expert("A", expertise=frozenset()), Ask("FJI", today=START))
    assert ranked.points == Decimal("67.5") and ranked.covered == ()
    assert not ranked.reasons[0].startswith("expert in")


def test_languages_are_matched_without_regard_to_case_or_spaces():
    fr = expert("A", languages=languages_of("English, FRENCH / Japanese"))
    assert fr.languages == frozenset({"english", "french", "japanese"})
    for asked in ("french", "French", " FRENCH "):
        ask = Ask("FJI", ASK.topics, asked, START, END, D(2026, 1, 5))
        assert f"speaks {asked.strip()}" in only(fr, ask).reasons
    ask = Ask("FJI", ASK.topics, "Spanish", START, END, D(2026, 1, 5))
    assert "does not list Spanish" in only(fr, ask).reasons


def test_a_blank_language_asks_for_none():
    ask = Ask("FJI", ASK.topics, "  ", START, END, D(2026, 1, 5))
    ranked = only(expert("A"), ask)
    assert ranked.points == Decimal("67.5")
    assert not any("list" in r or "speaks" in r for r in ranked.reasons)


def test_scores_count_as_their_mean_share_of_the_scale():
    low = only(expert("A", scores=(Decimal("0.2"),)))
    assert low.points == Decimal(40 + 3 + 5) and "mean score 1.0 over 1 activity" in low.reasons
    two = only(expert("B", scores=(Decimal("1"), Decimal("0.6"))))
    assert "mean score 4.0 over 2 activities" in two.reasons
    assert two.points == Decimal(40 + 12 + 5)
    assert "no evaluation yet" in only(expert("C")).reasons


def test_gender_balance_points():
    assert balance({}) == {"female": 5, "male": 5, "other": 5, "not_stated": 5}
    assert balance({"male": 3, "female": 1}) == {
        "female": 10,
        "male": 0,
        "other": 10,
        "not_stated": 5,
    }
    assert balance({"male": 2, "female": 2, "not_stated": 9})["female"] == 5
    used = {"male": 3, "female": 1}
    woman = only(expert("A", gender="female"), used=used)
    man = only(expert("B", gender="male"), used=used)
    unknown = only(expert("C"), used=used)
    assert woman.points - man.points == 10 and woman.points - unknown.points == 5
    assert "female: improves the gender balance of experts used" in woman.reasons
    assert not any("balance" in r for r in man.reasons + unknown.reasons)


def test_recent_assignments_are_said_and_break_ties_before_the_name():
    busy = expert("A", name="Aaron", recent=2)
    idle = expert("B", name="Zoe", recent=0)
    one = expert("C", name="Maya", recent=1)
    ranked = rank([busy, idle, one], ASK).ranked
    assert [r.candidate.name for r in ranked] == ["Zoe", "Maya", "Aaron"]
    assert ranked[0].reasons[-1] == "0 assignments in the last 12 months"
    assert ranked[1].reasons[-1] == "1 assignment in the last 12 months"


def test_same_name_same_points_is_ordered_by_key():
    ranked = rank([expert("K2", name="Ana"), expert("K1", name="Ana")], ASK).ranked
    assert [r.candidate.key for r in ranked] == ["K1", "K2"]


def test_the_explanation_reads_as_a_sentence():
    c = expert(
        "A",
        accreditation="accredited",
        accredited_until=D(2026, 5, 31),
        languages=frozenset({"french"}),
        scores=(Decimal("0.92"), Decimal("0.92"), Decimal("0.92")),
    )
    ask = Ask("FJI", frozenset(), "French", START, END, D(2026, 1, 5))
    assert only(c, ask).why == (
        "accredited to 2026-05; speaks French; free on the dates; "
        "mean score 4.6 over 3 activities; 0 assignments in the last 12 months"
    )
    assert only(c).why.startswith("expert in 2 of the 2 topics; accredited to 2026-05;")


# Property tests: any pool, any request.

dates = st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31))


@st.composite
def candidates(draw, key: str) -> Candidate:
    a, b = sorted([draw(dates), draw(dates)])
    busy = tuple(
        Busy(*sorted([draw(dates), draw(dates)]), draw(st.sampled_from(["unavailable", "x"])))
        for _ in range(draw(st.integers(0, 2)))
    )
    return Candidate(
        key=key,
        name=draw(st.sampled_from(["Ana", "Ben", "Chen", "Dara"])),
        home=draw(st.sampled_from([None, "FJI", "JPN", "AUS"])),
        gender=draw(st.sampled_from(["female", "male", "other", "not_stated"])),
        accreditation=draw(st.sampled_from(["accredited", "provisional", "none"])),
        accredited_on=draw(st.one_of(st.none(), st.just(a))),
        accredited_until=draw(st.one_of(st.none(), st.just(b))),
        expertise=frozenset(draw(st.sets(st.sampled_from(["rkc", "aeo", "hs", "tfa"])))),
        languages=frozenset(draw(st.sets(st.sampled_from(["english", "french"])))),
        busy=busy,
        scores=tuple(draw(st.lists(st.decimals("0.2", "1", places=2), max_size=3))),
        recent=draw(st.integers(0, 3)),
    )


@st.composite
def pools(draw) -> list[Candidate]:
    n = draw(st.integers(0, 25))
    return [draw(candidates(f"E{i:02d}")) for i in range(n)]


@st.composite
def asks(draw) -> Ask:
    start = draw(st.one_of(st.none(), dates))
    end = None if start is None else start + datetime.timedelta(days=draw(st.integers(0, 9)))
    return Ask(
        member=draw(st.sampled_from([None, "FJI", "JPN"])),
        topics=frozenset(draw(st.sets(st.sampled_from(["rkc", "aeo", "hs"])))),
        language=draw(st.sampled_from(["", "English", "french"])),
        start=start,
        end=end,
        today=D(2026, 1, 5),
    )


genders = st.dictionaries(st.sampled_from(["female", "male", "not_stated"]), st.integers(0, 5))


@settings(max_examples=80, deadline=None)
@given(pools(), asks(), genders)
def test_every_expert_is_either_ranked_or_left_out_once(pool, ask, used):
    ranking = rank(pool, ask, used)
    ranked = [r.candidate for r in ranking.ranked]
    excluded = [e.candidate for e in ranking.excluded]
    assert sorted(c.key for c in ranked + excluded) == [c.key for c in pool]
    assert all(e.reason for e in ranking.excluded)


@settings(max_examples=80, deadline=None)
@given(pools(), asks(), genders, st.randoms(use_true_random=False))
def test_the_order_does_not_depend_on_the_input_order(pool, ask, used, rnd: random.Random):
    first = rank(pool, ask, used)
    shuffled = list(pool)
    rnd.shuffle(shuffled)
    again = rank(shuffled, ask, used)
    assert first == again


@settings(max_examples=80, deadline=None)
@given(pools(), asks(), genders)
def test_the_order_is_total_best_points_first_then_the_tie_breaks(pool, ask, used):
    ranked = rank(pool, ask, used).ranked
    keys = [(-r.points, r.candidate.recent, r.candidate.name, r.candidate.key) for r in ranked]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert all(Decimal(0) <= r.points <= 100 for r in ranked)


@settings(max_examples=80, deadline=None)
@given(pools(), asks(), genders)
def test_no_one_ranked_is_from_the_member_busy_or_off_topic(pool, ask, used):
    for r in rank(pool, ask, used).ranked:
        c = r.candidate
        assert ask.member is None or c.home != ask.member
        if ask.start is not None:
            assert not any(b.overlaps(ask.start, ask.end or ask.start) for b in c.busy)
        assert not ask.topics or ask.topics & c.expertise
        assert (
            c.accredited_until is None
            or c.accreditation == "none"
            or (c.accredited_until >= ask.on)
        )
