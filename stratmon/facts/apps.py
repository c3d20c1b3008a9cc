"""App configuration of the facts app."""

from django.apps import AppConfig


class FactsConfig(AppConfig):
    name = "stratmon.facts"
    default_auto_field = "django.db.models.BigAutoField"
