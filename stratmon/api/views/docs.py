"""The schema and its browsable docs (Swagger UI), served by StratMon itself: no CDN, and no
inline script or style, so the Content-Security-Policy holds."""

from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class Schema(SpectacularAPIView):
    """The OpenAPI 3 schema, open to anyone (it says what the API is, not what is in it)."""


class Docs(SpectacularSwaggerSplitView):
    """Swagger UI; "Try it out" runs as the signed-in user (its session) or with a token."""

    template_name = "api/swagger_ui.html"
    url_name = "api-schema"
