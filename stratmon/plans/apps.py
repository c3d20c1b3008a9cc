"""App configuration of the plans app."""

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "stratmon.plans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from stratmon import checks  # noqa: F401  (registers the system checks)
