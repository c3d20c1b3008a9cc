"""The "as of" date every dashboard takes from its query string."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone


def as_of_date(request: HttpRequest, name: str = "as_of") -> tuple[datetime.date, str]:
    """The date in `?as_of=` (default today), and a message when it is not a date."""
    today = timezone.localdate()
    text = request.GET.get(name, "").strip()
    if not text:
        return today, ""
    try:
        return datetime.date.fromisoformat(text), ""
    except ValueError:
        return today, f"'{text[:40]}' is not a date (YYYY-MM-DD); showing today."
