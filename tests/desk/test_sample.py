"""The sample requests: every state of the desk shown, written through its services, and
removed with the rest of the sample data."""

from __future__ import annotations

import datetime

import pytest

from stratmon.desk.models import Case, State
from stratmon.facts import sample
from stratmon.facts.models import Activity, Request

D = datetime.date
pytestmark = pytest.mark.django_db


def test_sample_requests_reach_every_state_and_go_with_the_sample(builtin):
    sample.load_sample(D(2026, 11, 22), requests=True)
    states = set(Case.objects.values_list("state", flat=True))
    assert states == {s.value for s in State} - {State.WITHDRAWN}
    delivered = Case.objects.filter(state__in=[State.DELIVERED, State.EVALUATED])
    assert all(c.fact.activity.status == Activity.Status.HELD for c in delivered)
    assert all(c.fact.fulfilled_on is not None for c in delivered)
    assert not Request.objects.filter(case__isnull=False, sample=False).exists()
    sample.remove_sample()
    assert not Case.objects.exists()
    assert not Request.objects.exists() and not Activity.objects.exists()
