"""Shared fixtures: the built-in data, and a fixed cast of users."""

import pytest
from django.contrib.auth.models import Group, User

from stratmon.facts import services as fact_services
from stratmon.plans import services


@pytest.fixture
def builtin(db):
    """The built-in organisations, Members and both seed plans, as `stratmon init` loads them."""
    services.load_reference_data()
    fact_services.load_topics()
    services.load_builtin_plans()


@pytest.fixture
def secretariat_admin(db) -> User:
    user = User.objects.create_superuser("sec-admin", password="x-admin-pass-1")
    user.groups.add(Group.objects.get_or_create(name="Secretariat")[0])
    return user


@pytest.fixture
def secretariat_officer(db) -> User:
    user = User.objects.create_user("sec-officer", password="x-officer-pass-1", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Secretariat")[0])
    return user


@pytest.fixture
def focal_point(db) -> User:
    """A Member focal point: signed in, not Secretariat staff."""
    return User.objects.create_user("fp-fiji", password="x-focal-pass-1")
