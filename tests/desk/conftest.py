"""Fixtures of the request desk's tests: a filed request and a small expert pool."""

from __future__ import annotations

import datetime

import pytest

from stratmon.desk.models import Kind
from stratmon.desk.services import Filing, file_request
from stratmon.facts.models import Expert, Topic
from stratmon.plans.models import Member, Organisation

TODAY = datetime.date.today()


def make_expert(ref: str, name: str, *, home: str | None = "JPN", topics=("rkc",), **fields):
    expert = Expert.objects.create(
        ref=ref,
        name=name,
        home=Member.objects.get(iso3=home) if home else None,
        **fields,
    )
    expert.expertise.set(Topic.objects.filter(code__in=topics))
    return expert


def file_mission(*, user=None, language: str = "English", organisation: str = "rocb-ap"):
    """A mission on the RKC that Fiji asks WCO A/P (or `organisation`) for, starting in a
    month, filed by `user`."""
    start = TODAY + datetime.timedelta(days=30)
    filing = Filing(
        organisation=Organisation.objects.get(code=organisation),
        member=Member.objects.get(iso3="FJI"),
        subject="Diagnostic mission on RKC accession",
        kind=Kind.MISSION,
        topics=tuple(Topic.objects.filter(code="rkc")),
        preferred_start=start,
        preferred_end=start + datetime.timedelta(days=4),
        language=language,
    )
    return file_request(filing, user=user)


@pytest.fixture
def mission(builtin, focal_point):
    """The mission, filed by Fiji's focal point, in English."""
    return file_mission(user=focal_point)
