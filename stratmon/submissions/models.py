"""What Members report, held apart from the recorded facts until the Secretariat approves it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from stratmon.facts.models import Topic
from stratmon.plans.models import Member


class Submission(models.Model):
    """A proposal of facts from a Member's focal point: the workbook rows it would add.

    `rows` holds `{sheet: [{column: value}]}` exactly as the data workbook's sheets do (values
    as text, references as keys), so checking and approving it go through the same service
    as the workbook and the forms (stratmon.facts.records). Until approved it counts nowhere.
    """

    class Kind(models.TextChoices):
        STATUS = "status", "Status on a topic"
        ACTIVITY = "activity", "National activity and its participants"
        EVALUATION = "evaluation", "Evaluation scores"
        REQUEST = "request", "Request for assistance"
        OUTPUT = "output", "Output (success story, report …)"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for review"
        RETURNED = "returned", "Returned for correction"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="submissions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    title = models.CharField(max_length=300, help_text="what it says, in a line")
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    rows = models.JSONField(default=dict, help_text="the workbook rows it proposes")
    applied = models.JSONField(
        default=dict, blank=True, help_text="the ids of the records written on approval"
    )
    comment = models.TextField(blank=True, help_text="the reviewer's latest comment")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    evidence = models.ManyToManyField(
        "evidence.EvidenceFile", blank=True, related_name="submissions"
    )
    version = models.PositiveIntegerField(
        default=1, help_text="raised by every change: a stale form's save is refused"
    )

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["member", "state"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.SUBMITTED
