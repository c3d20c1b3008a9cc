"""URL configuration."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("stratmon.api.urls")),
    path("", include("stratmon.surveys.urls")),
    path("", include("stratmon.desk.urls")),
    path("", include("stratmon.web.urls")),
]

# Under /api/ a 404 or 500 outside any view is a JSON problem too (stratmon.api.problems).
handler404 = "stratmon.api.problems.page_not_found"
handler500 = "stratmon.api.problems.server_error"
