"""Reads the data version at most once per page view."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import dataversion


class DataVersionMiddleware:
    """A GET or HEAD reads the data version once, however many cached results it shows.

    Other methods write, and what they show after writing must be read after the write, so
    they read the version afresh each time.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = dataversion.remember_per_request()
        try:
            return self.get_response(request)
        finally:
            dataversion.forget(token)
