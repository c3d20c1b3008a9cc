"""Page URLs."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("plans/<slug:code>/", views.plan_detail, name="plan-detail"),
]
