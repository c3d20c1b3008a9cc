"""The request desk's own rows: a request's file and its dated steps, experts' unavailable
periods and CVs, and experts' profile updates through a single-use link.

What the KPIs count stays in the facts: each file holds the `facts.Request` it was filed as,
and delivery writes the activity and the expert's assignment there (stratmon.desk.services).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from stratmon.evidence.models import EvidenceFile
from stratmon.facts.models import Activity, Expert, Request, Topic
from stratmon.plans.models import Member, Organisation


class State(models.TextChoices):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    PROPOSED = "proposed", "expert proposed"
    SCHEDULED = "scheduled"
    DELIVERED = "delivered"
    EVALUATED = "evaluated"
    WITHDRAWN = "withdrawn"


# States a request is still open in: the desk's work list.
OPEN = (State.RECEIVED, State.ACCEPTED, State.PROPOSED, State.SCHEDULED)
CLOSED = (State.DECLINED, State.DELIVERED, State.EVALUATED, State.WITHDRAWN)


class Kind(models.TextChoices):
    """What a Member asks for; each is the kind of the activity that answers it."""

    MISSION = "mission", "expert mission"
    TRAINING = "training"
    WORKSHOP = "workshop"
    WEBINAR = "webinar"
    EXCHANGE = "exchange", "study visit or exchange"
    OTHER = "other", "advice or other"


class Urgency(models.TextChoices):
    ROUTINE = "routine"
    SOON = "soon", "within three months"
    URGENT = "urgent"


class Channel(models.TextChoices):
    WEB = "web", "filed on the web"
    LETTER = "letter", "received by letter or e-mail"
    API = "api", "sent by another system through the API"


class Case(models.Model):
    """One request for assistance as the desk follows it."""

    # The history names a request by its fact's id (REQ-2026-0007), as the desk does.
    HISTORY_KEY = ("fact__ref",)

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="desk_requests"
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="desk_requests")
    fact = models.OneToOneField(
        Request,
        on_delete=models.PROTECT,
        related_name="case",
        help_text="the request as the KPIs count it",
    )
    subject = models.CharField(max_length=300)
    details = models.TextField(blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    topics = models.ManyToManyField(Topic, blank=True, related_name="desk_requests")
    preferred_start = models.DateField(null=True, blank=True)
    preferred_end = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=60, blank=True)
    urgency = models.CharField(max_length=8, choices=Urgency.choices, default=Urgency.ROUTINE)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.WEB)
    received_on = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.RECEIVED)
    answered_on = models.DateField(
        null=True, blank=True, help_text="the day it was accepted or declined"
    )
    declined_reason = models.TextField(blank=True)
    expert = models.ForeignKey(
        Expert,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="desk_requests",
        help_text="the expert proposed, then scheduled",
    )
    contribution = models.OneToOneField(
        Request,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contribution_case",
        help_text="the request to the expert's home Member to release them",
    )
    attachments = models.ManyToManyField(EvidenceFile, blank=True, related_name="desk_requests")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "desk request"
        constraints = [
            models.CheckConstraint(
                condition=Q(preferred_end__isnull=True)
                | Q(preferred_start__isnull=True)
                | Q(preferred_end__gte=F("preferred_start")),
                name="desk_request_preferred_end_after_start",
            )
        ]
        indexes = [models.Index(fields=["organisation", "state", "received_on"])]

    def __str__(self) -> str:
        return self.ref

    @property
    def ref(self) -> str:
        return self.fact.ref

    @property
    def activity(self) -> Activity | None:
        return self.fact.activity

    @property
    def is_open(self) -> bool:
        return self.state in OPEN


class Step(models.Model):
    """One dated move of a request: who moved it, when, to which state, and what they said."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    state = models.CharField(max_length=10, choices=State.choices)
    on = models.DateField(help_text="the day it happened (a letter's date may be earlier)")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.state} on {self.on.isoformat()}"


class Unavailability(models.Model):
    """A period an expert said they cannot take an assignment."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="unavailable")
    start = models.DateField()
    end = models.DateField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["expert", "start"]
        verbose_name_plural = "unavailable periods"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="unavailability_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["start", "end"])]

    def __str__(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


class CV(models.Model):
    """An expert's CV: the evidence file that holds it (one per expert, the latest)."""

    expert = models.OneToOneField(Expert, on_delete=models.CASCADE, related_name="cv")
    file = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "CV"

    def __str__(self) -> str:
        return f"CV of {self.expert_id}"


class ProfileUpdate(models.Model):
    """An expert's own changes to their profile, sent through a single-use link (no account)
    and applied only when the Secretariat accepts them."""

    class Status(models.TextChoices):
        SENT = "sent", "link sent"
        PENDING = "pending", "waiting for review"
        ACCEPTED = "accepted"
        REJECTED = "rejected"

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="profile_updates")
    key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires = models.DateTimeField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.SENT)
    proposed = models.JSONField(default=dict, blank=True, help_text="the fields as sent")
    submitted_at = models.DateTimeField(null=True, blank=True)
    cv = models.ForeignKey(
        EvidenceFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"profile update {self.pk} ({self.status})"
