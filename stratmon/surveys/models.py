"""Survey forms (versioned), surveys sent out on links, the invitations of single-use links and
the responses (docs/surveys.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from stratmon.facts.models import Activity, Output, Participation
from stratmon.plans.models import Action, Member, Organisation

from .definition import FormDef, parse_form


class Purpose(models.TextChoices):
    EVALUATION = "evaluation", "participants' evaluation"
    NEEDS = "needs", "training-needs assessment"
    IMPACT = "impact", "impact follow-up"
    OTHER = "other", "other survey"


# The answers each purpose must collect (definition.FEEDS): what turns responses into facts.
NEEDS_BY_PURPOSE: dict[str, tuple[str, ...]] = {
    Purpose.EVALUATION: ("score",),
    Purpose.NEEDS: ("needs", "member"),
    Purpose.IMPACT: ("result",),
    Purpose.OTHER: (),
}


class Form(models.Model):
    """One version of a form. A version that has responses is never changed: editing it makes
    the next version (services.save_form)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="survey_forms"
    )
    code = models.SlugField(max_length=60, help_text="the same for every version of the form")
    version = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=200)
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    intro = models.TextField(blank=True, help_text="shown above the questions")
    questions = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organisation", "code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code", "version"], name="one_survey_form_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def definition(self) -> FormDef:
        return parse_form(self.questions, needs=NEEDS_BY_PURPOSE.get(self.purpose, ()))


class Survey(models.Model):
    """A form sent out: for an activity (its evaluation or impact follow-up) or as a round of
    a needs assessment, open from `opens` to `closes`."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="surveys")
    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField(max_length=300)
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
        help_text="the activity evaluated or followed up",
    )
    opens = models.DateTimeField()
    closes = models.DateTimeField()
    open_link = models.BooleanField(
        default=True, help_text="one link for everyone (e.g. shown in the room as a QR code)"
    )
    key = models.CharField(max_length=40, unique=True, help_text="the open link's secret")
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="a needs assessment's round, e.g. 2026"
    )
    actions = models.ManyToManyField(
        Action, blank=True, related_name="surveys", help_text="what completing the round counts for"
    )
    completed_on = models.DateField(null=True, blank=True)
    recorded_activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="the survey activity recorded when the round was completed",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="survey_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """A single-use link for one person: a participant or a Member's focal point."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    key = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    participation = models.ForeignKey(
        Participation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["survey", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.survey}: {self.name or self.member or 'link'}"


class Response(models.Model):
    class Story(models.TextChoices):
        NONE = "", "not a story"
        CANDIDATE = "candidate", "success-story candidate"
        ACCEPTED = "accepted", "turned into a success story"
        DISMISSED = "dismissed", "dismissed"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    answers = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(auto_now_add=True)
    # Sent by the page with each response, so that a response resent after a dropped
    # connection is stored once.
    client_key = models.CharField(max_length=40, blank=True)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    story = models.CharField(max_length=10, choices=Story.choices, blank=True, default="")
    output = models.ForeignKey(
        Output, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The participation whose gender this response filled (feeding.fill_gender), so that an
    # open link's responses fill one participation each, never the same one twice.
    participation = models.ForeignKey(
        Participation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["survey", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "client_key"],
                condition=~Q(client_key=""),
                name="one_response_per_client_key",
            )
        ]
        indexes = [models.Index(fields=["survey", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.survey}: response {self.pk}"
