"""App configuration of the change history."""

from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "stratmon.history"
    default_auto_field = "django.db.models.BigAutoField"
