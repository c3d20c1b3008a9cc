"""App configuration of the accounts app."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "stratmon.accounts"
    default_auto_field = "django.db.models.BigAutoField"
