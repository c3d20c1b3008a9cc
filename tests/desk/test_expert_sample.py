"""The expert pool's sample data: languages, topics, accreditation dates and a few unavailable
periods on the sample experts, the same each time, and gone with the sample."""

import datetime

import pytest

from stratmon.desk.models import Unavailability
from stratmon.facts import sample
from stratmon.facts.models import Expert

pytestmark = pytest.mark.django_db
END = datetime.date(2026, 11, 22)


def _pool():
    experts = Expert.objects.filter(sample=True).order_by("ref")
    return [
        (
            e.languages,
            e.accredited_on,
            e.accredited_until,
            sorted(t.code for t in e.expertise.all()),
        )
        for e in experts
    ], list(Unavailability.objects.values_list("expert__name", "start", "end"))


def test_the_sample_pool_is_deterministic_and_shows_every_accreditation_case(builtin):
    counts = sample.load_sample(END)
    first = _pool()
    assert counts["unavailable periods"] == 3
    experts = Expert.objects.filter(sample=True).exclude(accreditation="none")
    until = {e.accredited_until for e in experts}
    assert any(d < END for d in until)  # one expired
    assert any(END <= d <= END + datetime.timedelta(days=90) for d in until)  # one expiring
    assert all(e.languages for e in Expert.objects.filter(sample=True))
    sample.load_sample(END)
    assert _pool() == first
    sample.remove_sample()
    assert not Unavailability.objects.exists()
