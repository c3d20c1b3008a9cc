"""Published reports: the report as it stood when the Secretariat published it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from stratmon.plans.models import Plan


class PublishedReport(models.Model):
    """A plan's report published on a date: its data and its files, kept unchanged.

    The files are stored as made, so a download years later is byte for byte the one the
    Steering Committee received, whatever was corrected since; `data` is the report model
    (`Report.to_data()`), from which "revised since published" is worked out.
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="published_reports")
    as_of = models.DateField()
    since = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=300)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField()
    pdf = models.BinaryField()
    xlsx = models.BinaryField()
    csv = models.BinaryField()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["plan", "-published_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.as_of})"

    def file(self, fmt: str) -> bytes:
        return bytes(getattr(self, fmt))
