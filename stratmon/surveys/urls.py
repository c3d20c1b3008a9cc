"""URLs of the surveys: `/s/<token>/` for respondents (no account), `/surveys/…` for the
Secretariat."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
