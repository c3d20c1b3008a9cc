"""App configuration of the surveys app."""

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "stratmon.surveys"
    default_auto_field = "django.db.models.BigAutoField"
