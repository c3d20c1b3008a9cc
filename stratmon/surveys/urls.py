"""URLs of the surveys: `/s/<token>/` for respondents (no account), `/surveys/…` for the
Secretariat."""

from django.urls import path

from .views import respond

urlpatterns: list = [
    path("s/<str:token>/", respond.respond, name="survey-respond"),
]
