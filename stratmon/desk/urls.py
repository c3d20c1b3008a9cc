"""URLs of the request desk: `/requests/…` (requests and their moves, matching, figures),
`/experts/…` (the pool) and `/x/<token>/` (an expert's own profile update, no account).
Each part keeps its own list."""

from django.urls import include, path

urlpatterns = [
    path("", include("stratmon.desk.urls_requests")),
    path("", include("stratmon.desk.urls_experts")),
    path("", include("stratmon.desk.urls_matching")),
]
