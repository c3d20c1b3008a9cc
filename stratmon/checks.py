"""System checks for configuration mistakes; each has a stable id."""

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def check_settings(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    errors = []
    if getattr(settings, "DATABASE_URL_ERROR", ""):
        errors.append(
            Error(
                f"DATABASE_URL cannot be used: {settings.DATABASE_URL_ERROR}",
                hint="Use postgres://USER:PASSWORD@HOST:PORT/NAME or sqlite:////absolute/path, "
                "or unset DATABASE_URL for the SQLite file under var/.",
                id="stratmon.E001",
            )
        )
    if not settings.ALLOWED_HOSTS:
        errors.append(
            Error(
                "ALLOWED_HOSTS is empty: no request would be served.",
                hint="Set ALLOWED_HOSTS to a comma-separated list of host names.",
                id="stratmon.E002",
            )
        )
    if settings.DEBUG and "*" in settings.ALLOWED_HOSTS:
        errors.append(
            Warning(
                "DEBUG is on while ALLOWED_HOSTS accepts any host.",
                hint="Turn DEBUG off on any machine reachable from a network.",
                id="stratmon.W001",
            )
        )
    return errors
