"""App configuration of the request desk."""

from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "stratmon.desk"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "request desk"
