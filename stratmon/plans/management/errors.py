"""The one exception our commands raise for bad input: printed as `Error: …`, exit status 1."""

from django.core.management import CommandError


class Error(CommandError):
    """A user error: Django prints it as one line `Error: <message>` and exits 1."""
