"""App configuration of the KPI evaluation app: evaluations, their cache and the data version."""

from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


class KpisConfig(AppConfig):
    name = "stratmon.kpis"
    verbose_name = "KPI evaluation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Every migrate (and a test database's flush) may add or remake tables: their
        # triggers are installed again, and the version changes.
        post_migrate.connect(_prepare_data_version, sender=self)


def _prepare_data_version(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from . import dataversion

    dataversion.prepare(connections[using])
