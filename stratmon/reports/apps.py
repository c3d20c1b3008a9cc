"""App configuration of the progress reports."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "stratmon.reports"
    verbose_name = "Progress reports"
