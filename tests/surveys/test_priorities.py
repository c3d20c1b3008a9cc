"""The regional priorities of needs-assessment rounds (stratmon.surveys.priorities)."""

from decimal import Decimal

import pytest

from stratmon.plans.models import Member
from stratmon.surveys.priorities import QUERIES, build_priorities, normalised
from tests.surveys.needs import answer, needs_round, rescale

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_rounds(rocb):
    """2024: three Members answer on 1–5; 2025: the form rates on 1–10, four invited, three
    answer (Japan twice: its later answer counts)."""
    old = needs_round(rocb, 2024, ["JPN", "IND", "FJI"])
    answer(old, "JPN", {"aeo": 5, "rkc": 2})
    answer(old, "IND", {"aeo": 4, "rkc": 3, "tfa": 1})
    answer(old, "FJI", {"aeo": 3, "rkc": 5})
    form = rescale(rocb, 10)
    new = needs_round(rocb, 2025, ["JPN", "IND", "FJI", "THA"], form=form)
    answer(new, "JPN", {"aeo": 1, "rkc": 1})
    answer(new, "JPN", {"aeo": 2, "rkc": 10, "tfa": 10}, link=False)
    answer(new, "IND", {"rkc": 9, "tfa": 1})
    answer(new, "FJI", {"aeo": 10, "rkc": 7})
    return old, new


def test_ratings_are_read_on_their_own_scale_and_given_on_one_to_five():
    assert normalised(10, 10) == 5 and normalised(1, 10) == 1 and normalised(3, 5) == 3
    assert normalised(8, 10).quantize(Decimal("0.01")) == Decimal("4.11")


def test_the_newest_round_ranks_topics_by_need(rocb, two_rounds):
    p = build_priorities(rocb)
    assert p.years == (2025, 2024)
    r = p.round
    assert (r.year, r.answered, r.invited, r.response_rate) == (2025, 3, 4, Decimal("0.75"))
    # rkc: 10, 9, 7 of 10 → 5, 4.56, 3.67; tfa: 10 and 1 → 5, 1; aeo: 2 and 10 → 1.44, 5
    assert [(t.code, t.rank, t.mean, t.rated, t.high) for t in r.topics] == [
        ("rkc", 1, Decimal("4.41"), 3, 2),
        ("aeo", 2, Decimal("3.22"), 2, 1),
        ("tfa", 3, Decimal("3.00"), 2, 1),
    ]


def test_a_member_that_answered_twice_counts_its_latest_answer(rocb, two_rounds):
    japan = next(m for m in build_priorities(rocb).round.members if m.iso3 == "JPN")
    assert japan.rating("rkc").given == 10 and japan.rating("rkc").value == 5
    assert japan.rating("aeo").given == 2 and japan.rating("tfa").scale == 10


def test_each_subregion_has_its_own_ranking(rocb, two_rounds):
    subs = {s.subregion: s for s in build_priorities(rocb).round.subregions}
    assert set(subs) == {"Far East", "Sub-Continent", "Australasia / Oceania"}
    oceania = subs["Australasia / Oceania"]
    assert oceania.members == 1
    assert [(t.code, t.mean) for t in oceania.topics] == [
        ("aeo", Decimal("5.00")),
        ("rkc", Decimal("3.67")),
    ]


def test_the_round_is_compared_with_the_previous_one(rocb, two_rounds):
    r = build_priorities(rocb).round
    assert r.previous_year == 2024
    change = {c.code: c for c in r.comparison}
    # 2024: aeo (4.00) first, rkc (3.33) second, tfa (1.00) third
    assert (change["rkc"].previous_rank, change["rkc"].rank, change["rkc"].rank_change) == (2, 1, 1)
    assert change["aeo"].rank_change == -1 and change["aeo"].mean_change == Decimal("-0.78")
    assert change["tfa"].mean_change == Decimal("2.00")


def test_an_earlier_round_is_chosen_by_its_year(rocb, two_rounds):
    r = build_priorities(rocb, 2024).round
    assert (r.year, r.previous_year, r.comparison) == (2024, None, ())
    assert [t.code for t in r.topics] == ["aeo", "rkc", "tfa"]
    assert build_priorities(rocb, 1999).round.year == 2025  # an unknown year: the newest


def test_members_outside_the_readers_scope_are_counted_but_not_listed(rocb, two_rounds):
    r = build_priorities(rocb, visible=Member.objects.filter(iso3="FJI")).round
    assert [m.iso3 for m in r.members] == ["FJI"] and r.hidden_members == 2
    assert r.topics[0].rated == 3


def test_an_organisation_without_rounds_has_none(rocb):
    p = build_priorities(rocb)
    assert (p.years, p.round) == ((), None)


def test_the_priorities_cost_a_constant_number_of_queries(
    rocb, two_rounds, django_assert_num_queries
):
    with django_assert_num_queries(QUERIES):
        build_priorities(rocb)
    for iso3 in ("THA", "KOR", "CHN"):
        answer(two_rounds[1], iso3, {"aeo": 4, "hs-2022": 2}, link=iso3 == "THA")
    with django_assert_num_queries(QUERIES):
        build_priorities(rocb)


def test_the_sample_has_two_rounds_per_organisation_and_goes_with_the_rest(rocb):
    import datetime

    from stratmon.facts import sample
    from stratmon.plans.models import Organisation
    from stratmon.surveys.models import Survey

    counts = sample.load_sample(datetime.date(2026, 6, 30))
    assert counts["needs-assessment rounds"] == 4
    for org in Organisation.objects.filter(code__in=("rocb-ap", "oco")):
        p = build_priorities(org)
        assert p.years == (2026, 2025)
        assert p.round.answered > p.round.invited / 2 and p.round.comparison
    sample.remove_sample()
    assert not Survey.objects.exists()
