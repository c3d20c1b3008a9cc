"""A fact the desk follows, or an expert with assignments, cannot be deleted from under it:
one clear message on the web page, a 409 from the API, and nothing deleted."""

from __future__ import annotations

import pytest

from stratmon.desk import services
from stratmon.facts import records
from stratmon.facts.models import Expert, Request
from tests.api.helpers import client_of

from .conftest import make_expert


def test_a_request_the_desk_follows_is_not_deleted(mission, secretariat_officer):
    with pytest.raises(records.StillNamed) as raised:
        records.delete_record("requests", mission.ref, user=None, via="test", reason="x")
    message = raised.value.problems[0].message
    assert message.startswith(f"{mission.ref} cannot be deleted: still named by desk request")
    assert Request.objects.filter(pk=mission.fact_id).exists()


def test_deleting_a_named_fact_on_the_web_says_why(mission, secretariat_officer, client):
    client.force_login(secretariat_officer)
    url = f"/data/requests/{mission.ref}/delete/"
    response = client.post(url, {"reason": "entered twice"})
    assert response.status_code == 400
    assert "still named by" in response.content.decode()
    assert Request.objects.filter(pk=mission.fact_id).exists()


def test_deleting_a_proposed_expert_through_the_api_is_a_conflict(mission, secretariat_officer):
    expert = make_expert("EXP-9", "Ira Moss", accreditation="accredited")
    services.accept(mission, user=secretariat_officer)
    from stratmon.desk import delivery

    delivery.propose(mission, expert, user=secretariat_officer)
    api = client_of(secretariat_officer)
    response = api.delete("/api/v1/facts/experts/EXP-9/?reason=left+the+pool")
    assert response.status_code == 409, response.content
    assert "still named by" in response.json()["detail"]
    assert Expert.objects.filter(ref="EXP-9").exists()
