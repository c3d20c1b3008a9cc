"""Page URLs."""

from django.urls import path

from . import imports, views

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("plans/import/", imports.plan_import, name="plan-import"),
    path("plans/import/save/", imports.plan_import_save, name="plan-import-save"),
    path("plans/<slug:code>/", views.plan_detail, name="plan-detail"),
    path("plans/<slug:code>/v<int:version>/", views.plan_detail, name="plan-version"),
    path("plans/<slug:code>/confirm/", imports.plan_confirm, name="plan-confirm"),
]
