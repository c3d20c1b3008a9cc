"""Response headers that every page carries."""

from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse

from stratmon.concurrency import BUSY, is_busy


class ContentSecurityPolicyMiddleware:
    """Adds settings.CONTENT_SECURITY_POLICY to every response that has none of its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response


class BusyDatabaseMiddleware:
    """A writer that waited its turn too long gets a 503 saying so and to retry, not a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError) and is_busy(exception):
            if request.path.startswith("/api/"):
                from stratmon.api.problems import problem_response

                response = problem_response(503, f"StratMon: {BUSY}.")
            else:
                response = HttpResponse(f"StratMon: {BUSY}.", status=503, content_type="text/plain")
            response["Retry-After"] = "60"
            return response
        return None
