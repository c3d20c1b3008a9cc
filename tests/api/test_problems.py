"""Errors outside any API view are problem details too: a busy database, an unknown address."""

from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from stratmon.web.middleware import BusyDatabaseMiddleware


def test_a_busy_database_is_a_503_problem_under_the_api_and_text_elsewhere():
    middleware = BusyDatabaseMiddleware(lambda request: HttpResponse())
    busy = OperationalError("database is locked")
    api = middleware.process_exception(RequestFactory().post("/api/v1/facts/activities/"), busy)
    assert api.status_code == 503 and api["Content-Type"] == "application/problem+json"
    assert api["Retry-After"] == "60"
    page = middleware.process_exception(RequestFactory().post("/data/activities/new/"), busy)
    assert page.status_code == 503 and page["Content-Type"].startswith("text/plain")


def test_another_database_error_is_not_taken_for_busy():
    middleware = BusyDatabaseMiddleware(lambda request: HttpResponse())
    error = OperationalError("no such table: x")
    assert middleware.process_exception(RequestFactory().get("/api/v1/plans/"), error) is None
