"""Shared fixtures: the built-in data, and a fixed cast of users.

The cast works for ROCB A/P (the WCO Asia/Pacific plan's organisation) unless named otherwise:
Fiji is a Member of both WCO A/P and OCO; the Cook Islands only of OCO.
"""

import threading

import pytest
from django.contrib.auth.models import User
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test import testcases

from stratmon.accounts.models import Role
from stratmon.facts import services as fact_services
from stratmon.plans import services
from stratmon.plans.models import Member, Organisation

PASSWORD = "x-cast-pass-phrase-1"


class _OneRequestAtATime(ThreadedWSGIServer):
    """The browser tests' live server, on the test's in-memory SQLite database, hands every
    thread the test's one connection: two requests at once on it (an htmx reading while a
    form saves) fail with "database table is locked". There, requests take turns; each
    connection still has its thread, so a browser's idle keep-alive blocks nobody."""

    def set_app(self, app):
        if not self.connections_override:
            return super().set_app(app)
        turn = threading.Lock()

        def in_turn(environ, start_response):
            with turn:
                result = app(environ, start_response)
                try:
                    return list(result)
                finally:
                    if hasattr(result, "close"):
                        result.close()  # Django's request_finished, as the server would

        return super().set_app(in_turn)


testcases.LiveServerThread.server_class = _OneRequestAtATime


@pytest.fixture
def reference(db):
    """The built-in organisations and Members."""
    services.load_reference_data()


@pytest.fixture
def builtin(reference):
    """The built-in organisations, Members and both seed plans, as `stratmon init` loads them."""
    fact_services.load_topics()
    services.load_builtin_plans()


def make_user(username: str, kind: str, *, org: str = "", member: str = "") -> User:
    user = User.objects.create_user(username, password=PASSWORD)
    Role.objects.create(
        user=user,
        kind=kind,
        organisation=Organisation.objects.get(code=org) if org else None,
        member=Member.objects.get(iso3=member) if member else None,
    )
    return user


@pytest.fixture
def superuser(db) -> User:
    """Staff with every right: the account `stratmon init` creates; the admin is for it."""
    return User.objects.create_superuser("admin", password=PASSWORD)


@pytest.fixture
def secretariat_admin(reference) -> User:
    return make_user("sec-admin", Role.Kind.SECRETARIAT_ADMIN, org="rocb-ap")


@pytest.fixture
def secretariat_officer(reference) -> User:
    return make_user("sec-officer", Role.Kind.SECRETARIAT_OFFICER, org="rocb-ap")


@pytest.fixture
def focal_point(reference) -> User:
    """A Member focal point: Fiji, a Member of both WCO A/P and OCO."""
    return make_user("fp-fiji", Role.Kind.FOCAL_POINT, member="FJI")


@pytest.fixture
def other_focal_point(reference) -> User:
    """A focal point of another Member: the Cook Islands, a Member of OCO only."""
    return make_user("fp-cook-islands", Role.Kind.FOCAL_POINT, member="COK")


@pytest.fixture
def viewer(reference) -> User:
    return make_user("viewer-rocb", Role.Kind.VIEWER, org="rocb-ap")


@pytest.fixture
def other_viewer(reference) -> User:
    """A viewer of another organisation: OCO."""
    return make_user("viewer-oco", Role.Kind.VIEWER, org="oco")


@pytest.fixture
def evidence_dir(tmp_path, settings):
    """Evidence files go to a folder of the test's own."""
    folder = tmp_path / "evidence"
    settings.EVIDENCE_DIR = folder
    return folder


@pytest.fixture(autouse=True)
def _fresh_cache():
    """No test inherits another's cached values. (Failed sign-ins are counted by django-axes
    in the database, so the test's rollback undoes them.)"""
    from django.core.cache import cache

    from stratmon.kpis import live

    cache.clear()
    live.clear()
