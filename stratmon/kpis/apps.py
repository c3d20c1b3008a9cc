"""App configuration of the KPI evaluation app (no models of its own)."""

from django.apps import AppConfig


class KpisConfig(AppConfig):
    name = "stratmon.kpis"
    verbose_name = "KPI evaluation"
