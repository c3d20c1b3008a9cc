"""App configuration of the evidence app."""

from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "stratmon.evidence"
    label = "evidence"
    default_auto_field = "django.db.models.BigAutoField"
