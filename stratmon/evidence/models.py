"""An evidence file: its row here, its bytes under settings.EVIDENCE_DIR (never in the database)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse

from stratmon.plans.models import Member, Organisation

from .sniff import INLINE_TYPES


class EvidenceFile(models.Model):
    """One stored file, of one Member's data or (member empty) of one organisation's."""

    member = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence_files",
        help_text="the Member whose data it is; empty for an organisation's own evidence",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence_files",
        help_text="set, instead of the Member, for an organisation's own evidence",
    )
    name = models.CharField(max_length=200, help_text="the original file name, made safe")
    path = models.CharField(
        max_length=200, unique=True, help_text="where it is, relative to EVIDENCE_DIR"
    )
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(help_text="bytes")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="evidence_of_a_member_or_an_organisation",
                condition=(
                    models.Q(member__isnull=False, organisation__isnull=True)
                    | models.Q(member__isnull=True, organisation__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("evidence-file", args=[self.pk, self.name])

    @property
    def file_path(self) -> Path:
        return Path(settings.EVIDENCE_DIR) / self.path

    @property
    def inline(self) -> bool:
        """Shown in the browser (PDF, images); everything else is downloaded."""
        return self.content_type in INLINE_TYPES
