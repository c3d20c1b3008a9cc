"""App configuration of the submissions app."""

from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "stratmon.submissions"
    default_auto_field = "django.db.models.BigAutoField"
