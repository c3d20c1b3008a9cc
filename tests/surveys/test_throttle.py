"""The response page's throttle: per address and per link, a 429 page with Retry-After over the
limit, never an error; 1,000 answers through one open link in a minute store a bounded number."""

import pytest
from django.test import RequestFactory

from stratmon.facts.models import Evaluation
from stratmon.surveys import links, throttle
from stratmon.surveys.models import Response

from .conftest import evaluation_survey

pytestmark = pytest.mark.django_db
GOOD = {"q-overall": "4", "q-relevance": "5"}


def test_a_thousand_answers_through_one_open_link_in_a_minute_are_throttled(
    client, rocb, workshop, settings
):
    assert settings.SURVEY_POSTS_PER_ADDRESS == throttle.POSTS_PER_ADDRESS == 120
    survey = evaluation_survey(rocb, workshop)
    path = f"/s/{links.token_of(survey.key)}/"
    statuses: dict[int, int] = {}
    for n in range(1000):
        # Each a different answer, as a script would send; the limit is per minute, and the
        # test takes seconds (a window boundary passed during it at most doubles the count).
        response = client.post(path, GOOD | {"client_key": f"bot-{n}"})
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if response.status_code == 429:
            assert 1 <= int(response["Retry-After"]) <= 61
            assert "Please wait a moment" in response.content.decode()
    stored = Response.objects.filter(survey=survey).count()
    assert set(statuses) == {200, 429}, statuses
    assert stored == statuses[200] and 120 <= stored <= 240, statuses
    assert Evaluation.objects.get(activity=workshop).responses == stored


def test_the_link_limit_holds_across_addresses(client, rocb, workshop, settings):
    settings.SURVEY_POSTS_PER_LINK = 5
    survey = evaluation_survey(rocb, workshop)
    path = f"/s/{links.token_of(survey.key)}/"
    got = [
        client.post(path, GOOD | {"client_key": f"k{n}"}, REMOTE_ADDR=f"10.0.0.{n}").status_code
        for n in range(8)
    ]
    assert got == [200] * 5 + [429] * 3
    other = evaluation_survey(rocb, workshop)  # another link is counted on its own
    assert client.post(f"/s/{links.token_of(other.key)}/", GOOD).status_code == 200


def test_views_are_counted_per_address_at_their_own_limit(client, rocb, workshop, settings):
    settings.SURVEY_VIEWS_PER_ADDRESS = 3
    path = f"/s/{links.token_of(evaluation_survey(rocb, workshop).key)}/"
    assert [client.get(path).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client.get(path, REMOTE_ADDR="10.9.9.9").status_code == 200
    assert client.post(path, GOOD).status_code == 200  # answers have a limit of their own


def test_forged_tokens_are_counted_before_they_are_refused(client, settings, db):
    settings.SURVEY_POSTS_PER_ADDRESS = 2
    got = [client.post(f"/s/forged-{n}:sig/", GOOD).status_code for n in range(3)]
    assert got == [404, 404, 429]


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        ([], "203.0.113.9", "127.0.0.1"),  # no proxy configured: the header is a client's
        (["127.0.0.1"], "203.0.113.9", "203.0.113.9"),
        (["127.0.0.1"], "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the proxy's own view
        (["127.0.0.1", "10.0.0.2"], "203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (["127.0.0.1"], "not-an-address", "127.0.0.1"),
        (["127.0.0.1"], "", "127.0.0.1"),
    ],
)
def test_the_address_is_the_connections_unless_a_trusted_proxy_forwards(
    settings, trusted, forwarded, expected
):
    settings.SURVEY_TRUSTED_PROXIES = trusted
    request = RequestFactory().post("/s/x/", REMOTE_ADDR="127.0.0.1")
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    assert throttle.client_address(request) == expected
