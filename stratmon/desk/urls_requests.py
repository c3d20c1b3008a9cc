"""URLs of the request desk's requests pages: the work list, filing, a request and its
moves (each a POST of its own)."""

from django.urls import path

from .views import request_moves, request_page, requests

urlpatterns = [
    path("requests/", requests.request_list, name="desk-requests"),
    path("requests/new/", requests.request_new, name="desk-request-new"),
    path("requests/<int:pk>/", request_page.request_detail, name="desk-request"),
    *(
        path(
            f"requests/<int:pk>/{move}/",
            getattr(request_moves, f"request_{move}"),
            name=f"desk-request-{move}",
        )
        for move in ("accept", "decline", "withdraw", "propose", "schedule", "deliver", "evaluate")
    ),
]
