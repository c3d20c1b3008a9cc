from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "stratmon.api"
    label = "api"
    verbose_name = "API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import extensions  # noqa: F401  (registers the schema's security schemes)
