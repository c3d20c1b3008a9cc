"""The match page of a request (/requests/<pk>/match/) and the pool's loading for the ranking:
who sees it, what it shows, and a query count that does not grow with the pool."""

from __future__ import annotations

import datetime

import pytest

from stratmon.desk import matching, services
from stratmon.desk.models import Unavailability
from stratmon.facts.models import Activity, ExpertAssignment

from .conftest import TODAY, make_expert

DAY = datetime.timedelta(days=1)

pytestmark = pytest.mark.django_db


def url(case, query=""):
    return f"/requests/{case.pk}/match/{query}"


@pytest.fixture
def accepted(mission, secretariat_officer):
    return services.accept(mission, user=secretariat_officer)


def pool(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        make_expert(
            f"EXP-{i:03d}",
            f"Expert {i:03d}",
            home=("JPN", "AUS", "FJI")[i % 3],
            accreditation=("accredited", "provisional", "none")[i % 3],
            languages="English; French" if i % 2 else "Japanese",
        )


def test_the_desk_sees_the_experts_ranked_with_why_and_a_propose_button(
    client, accepted, secretariat_officer
):
    make_expert(
        "EXP-A",
        "Aiko Tanaka",
        accreditation="accredited",
        accredited_until=datetime.date(2099, 5, 31),
        languages="English; Japanese",
    )
    make_expert("EXP-B", "Ben Lee", home="AUS")
    make_expert("EXP-F", "Sione Vake", home="FJI")
    client.force_login(secretariat_officer)
    response = client.get(url(accepted))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Aiko Tanaka") < page.index("Ben Lee")
    assert (
        "expert in 1 of the 1 topics; accredited to 2099-05; speaks English; free on the dates; "
        "no evaluation yet; 0 assignments in the last 12 months"
    ) in page
    assert f'action="/requests/{accepted.pk}/propose/"' in page
    assert 'name="expert" value="EXP-A"' in page and "csrfmiddlewaretoken" in page
    assert "Japan" in page and "accredited to 2099-05-31" in page and "English, Japanese" in page
    assert 'id="left-out"' in page and "from the requesting Member (FJI)" in page
    assert 'name="expert" value="EXP-F"' not in page
    assert "Diagnostic mission on RKC accession" in page and "English" in page


def test_a_busy_expert_is_left_out_with_the_activity_named(client, accepted, secretariat_officer):
    busy = make_expert("EXP-A", "Aiko Tanaka")
    away = make_expert("EXP-B", "Ben Lee", home="AUS")
    start = accepted.preferred_start
    activity = Activity.objects.create(
        ref="ACT-77", kind="mission", title="AEO validation", start=start, end=start
    )
    ExpertAssignment.objects.create(ref="EA-77", activity=activity, expert=busy)
    Unavailability.objects.create(expert=away, start=start, end=start, note="leave")
    client.force_login(secretariat_officer)
    page = client.get(url(accepted)).content.decode()
    assert f"not free: assigned to ACT-77 AEO validation on {start.isoformat()}" in page
    assert f"not free: unavailable (leave) on {start.isoformat()}" in page
    assert 'id="no-expert"' in page


def test_the_best_25_by_default_all_on_asking(client, accepted, secretariat_officer):
    pool(40)
    client.force_login(secretariat_officer)
    page = client.get(url(accepted)).content.decode()
    ranked = 40 - 13  # the 13 Fijians are left out
    assert page.count('name="expert"') == 25 and f"The best 25 of {ranked} experts" in page
    assert 'href="?all=1"' in page
    page = client.get(url(accepted, "?all=1")).content.decode()
    assert page.count('name="expert"') == ranked and f"{ranked} experts ranked" in page


@pytest.mark.parametrize("state", ["received", "declined"])
def test_a_request_not_taking_an_expert_says_so(client, mission, secretariat_officer, state):
    if state == "declined":
        services.decline(mission, "Out of scope", user=secretariat_officer)
    make_expert("EXP-A", "Aiko Tanaka")
    client.force_login(secretariat_officer)
    page = client.get(url(mission)).content.decode()
    assert 'id="not-open"' in page and f'href="/requests/{mission.pk}/"' in page
    assert "Aiko Tanaka" not in page


def test_a_proposed_request_can_take_another_expert(client, accepted, secretariat_officer):
    from stratmon.desk import delivery

    first = make_expert("EXP-A", "Aiko Tanaka")
    make_expert("EXP-B", "Ben Lee", home="AUS")
    delivery.propose(accepted, first, user=secretariat_officer)
    client.force_login(secretariat_officer)
    page = client.get(url(accepted)).content.decode()
    assert 'id="proposed"' in page and 'name="expert" value="EXP-B"' in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("superuser", 200),
        ("secretariat_admin", 200),
        ("secretariat_officer", 200),
        ("focal_point", 403),  # reads its Member's request, does not move it
        ("viewer", 403),
        ("other_focal_point", 404),
        ("other_viewer", 404),
    ],
)
def test_only_the_desk_of_the_request_sees_the_match(client, accepted, request, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url(accepted)).status_code == status


def test_a_visitor_is_sent_to_sign_in(client, accepted):
    response = client.get(url(accepted))
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_an_unknown_request_is_404_and_post_is_refused(client, accepted, secretariat_officer):
    client.force_login(secretariat_officer)
    assert client.get("/requests/999999/match/").status_code == 404
    assert client.post(url(accepted)).status_code == 405


@pytest.mark.parametrize("size", [5, 60])
def test_the_page_reads_in_the_same_queries_whatever_the_pool(
    client, accepted, secretariat_officer, django_assert_num_queries, size
):
    pool(size)
    make_expert("EXP-X", "Busy One")
    Unavailability.objects.create(
        expert=make_expert("EXP-Y", "Away One"),
        start=accepted.preferred_start,
        end=accepted.preferred_start,
    )
    client.force_login(secretariat_officer)
    client.get(url(accepted))
    # session, user; the request, its topics; the pool (7); the Members' names; the nav
    with django_assert_num_queries(13):
        assert client.get(url(accepted, "?all=1")).status_code == 200


@pytest.mark.parametrize("size", [20, 200])
def test_ranking_a_request_reads_the_pool_in_seven_queries(
    accepted, django_assert_num_queries, size
):
    pool(size)
    case = type(accepted).objects.select_related("fact__activity", "member", "organisation")
    case = case.prefetch_related("topics").get(pk=accepted.pk)
    with django_assert_num_queries(7):
        ranking = matching.rank_case(case)
    assert len(ranking.ranked) + len(ranking.excluded) == size


def test_the_ranking_reads_past_scores_and_recent_load(accepted, secretariat_officer):
    from decimal import Decimal

    from stratmon.facts.models import Evaluation

    expert = make_expert("EXP-A", "Aiko Tanaka")
    make_expert("EXP-B", "Ben Lee", home="AUS")
    held = Activity.objects.create(
        ref="ACT-1",
        kind="training",
        title="RKC training",
        start=TODAY - datetime.timedelta(days=60),
        end=TODAY - datetime.timedelta(days=58),
    )
    ExpertAssignment.objects.create(ref="EA-1", activity=held, expert=expert)
    Evaluation.objects.create(ref="EV-1", activity=held, score=Decimal("4.6"), responses=2)
    Evaluation.objects.create(ref="EV-2", activity=held, score=Decimal("4.6"), responses=1)
    ranking = matching.rank_case(accepted)
    aiko = next(r for r in ranking.ranked if r.candidate.key == "EXP-A")
    assert aiko.candidate.scores == (Decimal("0.9200"),) and aiko.candidate.recent == 1
    assert "mean score 4.6 over 1 activity" in aiko.reasons
    assert "1 assignment in the last 12 months" in aiko.reasons


def test_a_whole_score_is_not_truncated_by_the_database(accepted):
    """4 of 5 by 21 respondents is 0.8 of the scale (SQLite once divided 84 by 5 as integers)."""
    from decimal import Decimal

    from stratmon.facts.models import Evaluation

    expert = make_expert("EXP-A", "Aiko Tanaka")
    held = Activity.objects.create(
        ref="ACT-1", kind="training", title="t", start=TODAY - 10 * DAY, end=TODAY - 10 * DAY
    )
    ExpertAssignment.objects.create(ref="EA-1", activity=held, expert=expert)
    Evaluation.objects.create(ref="EV-1", activity=held, score=Decimal(4), responses=21)
    Evaluation.objects.create(
        ref="EV-2", activity=held, score=Decimal(7), scale_max=10, responses=4
    )
    aiko = matching.rank_case(accepted).ranked[0]
    # (4/5 × 21 + 7/10 × 4) / 25
    assert aiko.candidate.scores == (Decimal("0.7840"),)
    assert "mean score 3.9 over 1 activity" in aiko.reasons


def test_the_gender_balance_counts_an_expert_with_a_cancelled_assignment_elsewhere(accepted):
    from stratmon.plans.models import Organisation

    rocb = accepted.organisation
    woman = make_expert("EXP-W", "Wendy", gender="female")
    for n, status, organiser in [
        (1, "held", rocb),
        (2, "cancelled", Organisation.objects.get(code="oco")),
    ]:
        activity = Activity.objects.create(
            ref=f"ACT-{n}",
            kind="mission",
            title="m",
            start=TODAY - 20 * DAY,
            end=TODAY - 20 * DAY,
            organiser=organiser,
            status=status,
        )
        ExpertAssignment.objects.create(ref=f"EA-{n}", activity=activity, expert=woman)
    assert matching.used_genders(accepted, accepted.preferred_start) == {"female": 1}
