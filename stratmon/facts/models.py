"""Facts recorded once and counted by any plan: each row has a stable id and records who
entered it and when."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q

from stratmon.engine.milestones import progress_fraction, progress_problem
from stratmon.plans.models import KPI, Action, Member, Organisation


class Recorded(models.Model):
    """Common columns: a stable id for the workbook, and who entered or last changed the row."""

    ref = models.CharField(
        "id",
        max_length=64,
        unique=True,
        help_text="stable id, e.g. ACT-2023-014; used by the workbook",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sample = models.BooleanField(
        default=False,
        help_text="part of the labelled sample data, removed by `stratmon sample remove`",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.ref


class Topic(models.Model):
    """Something a Member implements or joins: the RKC, a TRS, an AEO programme …"""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Other names a plan document may use for it ("Kyoto Convention", "RKC"): what the
    # measure suggestions match against, beside the name and code.
    synonyms = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class TopicAlias(models.Model):
    """The code of a topic merged into another: plan files and measures that still name it
    count the topic it was merged into (docs/topics.md)."""

    code = models.SlugField(max_length=40, unique=True)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, help_text="the merged topic's name")
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "topic aliases"

    def __str__(self) -> str:
        return f"{self.code} → {self.topic_id}"


class Partner(models.Model):
    """An organisation that is not a Member: a development partner, RILO A/P, the WTO …"""

    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MemberStatusQuerySet(models.QuerySet["MemberStatus"]):
    def current(self, as_of: datetime.date) -> MemberStatusQuerySet:
        """For each Member and topic, the status in force on `as_of` (the latest effective).

        "No later status by that day" rather than "the top one": an anti-join the
        (topic, member, effective) index answers directly; the unique constraint on that
        triple means there are no ties.
        """
        return self.filter(effective__lte=as_of).exclude(Exists(later_status(as_of)))


def later_status(as_of: datetime.date) -> models.QuerySet[MemberStatus]:
    """Statuses of the outer row's Member and topic that replace it by `as_of`."""
    return MemberStatus.objects.filter(
        member=OuterRef("member"),
        topic=OuterRef("topic"),
        effective__gt=OuterRef("effective"),
        effective__lte=as_of,
    )


class MemberStatus(Recorded):
    """A Member's status on a topic from a date on; the history is kept, never overwritten."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        ACHIEVED = "achieved", "Achieved"

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="statuses")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="statuses")
    status = models.CharField(max_length=12, choices=Status.choices)
    effective = models.DateField(help_text="the date from which this status holds")
    evidence = models.TextField(blank=True, help_text="text or link")

    objects = MemberStatusQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "Member statuses"
        ordering = ["member__name", "topic__code", "effective"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "topic", "effective"], name="one_status_per_member_topic_day"
            )
        ]
        indexes = [models.Index(fields=["topic", "member", "effective"])]


class Activity(Recorded):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop"
        TRAINING = "training"
        SEMINAR = "seminar"
        MISSION = "mission"
        MEETING = "meeting"
        WEBINAR = "webinar"
        DIALOGUE = "dialogue"
        SURVEY = "survey"
        PUBLICATION = "publication"
        OPERATION = "operation"
        EXCHANGE = "exchange"
        OTHER = "other"

    class Status(models.TextChoices):
        PLANNED = "planned"
        HELD = "held"
        CANCELLED = "cancelled"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=300)
    start = models.DateField()
    end = models.DateField()
    place = models.CharField(max_length=200, blank=True)
    host = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="hosted_activities"
    )
    organiser = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )
    partners = models.ManyToManyField(Partner, blank=True, related_name="activities")
    actions = models.ManyToManyField(Action, blank=True, related_name="activities")
    requested_by = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requested_activities",
        help_text="the Member that asked for it, for 'upon request' work",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD)
    experts = models.ManyToManyField("Expert", through="ExpertAssignment", blank=True)

    class Meta:
        verbose_name_plural = "activities"
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="activity_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["start"]), models.Index(fields=["kind", "start"])]


class Participation(Recorded):
    """One person's attendance at one activity; a person at two workshops counts twice."""

    class Gender(models.TextChoices):
        FEMALE = "female"
        MALE = "male"
        OTHER = "other"
        NOT_STATED = "not_stated", "not stated"

    class Role(models.TextChoices):
        PARTICIPANT = "participant"
        HEAD_OF_DELEGATION = "head_of_delegation", "head of delegation"
        EXPERT = "expert"
        TRAINER = "trainer"
        OBSERVER = "observer"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participations")
    person = models.CharField(max_length=200, blank=True)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="participations"
    )
    gender = models.CharField(max_length=10, choices=Gender.choices, default=Gender.NOT_STATED)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTICIPANT)

    class Meta:
        # The period's participants counted from the index alone, never the rows: by kind,
        # gender and role, and by Member and gender (the people dashboard's and the
        # report's per-Member table: 3.4 s -> 0.9 s over 2M participations on SQLite).
        indexes = [models.Index(fields=["activity", "gender", "role", "member"])]


class Evaluation(Recorded):
    """A respondent's score for an activity, or an aggregate where only the summary is known."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evaluations")
    score = models.DecimalField(
        max_digits=6, decimal_places=3, help_text="the score, or the mean score of an aggregate"
    )
    scale_max = models.PositiveSmallIntegerField(default=5, help_text="scores run from 1 to this")
    responses = models.PositiveIntegerField(default=1, help_text="1 for one respondent")
    comments = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=models.F("scale_max")),
                name="evaluation_score_on_scale",
            ),
            models.CheckConstraint(condition=Q(responses__gte=1), name="evaluation_has_responses"),
        ]


class Expert(Recorded):
    class Accreditation(models.TextChoices):
        ACCREDITED = "accredited"
        PROVISIONAL = "provisional"
        NONE = "none"

    name = models.CharField(max_length=200)
    home = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="experts"
    )
    accreditation = models.CharField(
        max_length=12, choices=Accreditation.choices, default=Accreditation.NONE
    )
    accredited_on = models.DateField(
        null=True, blank=True, help_text="the day the accreditation took effect; blank: always"
    )
    accredited_until = models.DateField(
        null=True, blank=True, help_text="the day it expires; blank: no expiry"
    )
    category = models.CharField(max_length=100, blank=True, help_text="e.g. WCO accredited trainer")
    expertise = models.ManyToManyField(Topic, blank=True, related_name="experts")
    gender = models.CharField(
        max_length=10, choices=Participation.Gender.choices, default=Participation.Gender.NOT_STATED
    )
    languages = models.CharField(
        max_length=300, blank=True, help_text="the languages they work in, e.g. English; French"
    )
    email = models.EmailField(
        blank=True, help_text="where the request desk sends profile update links; not exported"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accredited_until__isnull=True)
                | Q(accredited_on__isnull=True)
                | Q(accredited_until__gte=F("accredited_on")),
                name="expert_accreditation_ends_after_start",
            )
        ]


def accredited_in_force(start: str = "activity__start") -> Q:
    """An assignment's expert accredited on its activity's first day (`start` names that
    day from the assignment): an expired or not yet valid accreditation does not count."""
    return (
        Q(expert__accreditation=Expert.Accreditation.ACCREDITED)
        & (Q(expert__accredited_on__isnull=True) | Q(expert__accredited_on__lte=F(start)))
        & (Q(expert__accredited_until__isnull=True) | Q(expert__accredited_until__gte=F(start)))
    )


class ExpertAssignment(Recorded):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="assignments")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "expert"], name="one_assignment_per_expert")
        ]


class Request(Recorded):
    class Kind(models.TextChoices):
        ASSISTANCE = "assistance", "a Member's request for assistance"
        CONTRIBUTION = "contribution", "the Secretariat's request for a contribution"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    subject = models.CharField(max_length=300)
    activity_kind = models.CharField(
        max_length=12,
        choices=Activity.Kind.choices,
        blank=True,
        help_text="what was asked for, e.g. mission",
    )
    requested_on = models.DateField()
    requested_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="requests_made"
    )
    addressed_to = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="requests_received"
    )
    fulfilled_on = models.DateField(null=True, blank=True)
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
        help_text="the activity that answered it",
    )
    # A Member belonging to two organisations asks each for assistance on its own; without
    # this, a request to one would count in the other's plans too.
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
        help_text="the organisation asked for assistance, or asking for a contribution; "
        "blank: every organisation's plans count it",
    )

    class Meta:
        ordering = ["-requested_on"]


class Agreement(Recorded):
    """An agreement between Members (and partners), e.g. an AEO mutual recognition arrangement."""

    class Kind(models.TextChoices):
        AEO_MRA = "aeo_mra", "AEO mutual recognition arrangement"
        INFO_EXCHANGE = "info_exchange", "information exchange arrangement"
        MOU = "mou", "memorandum of understanding"
        OTHER = "other"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=300, blank=True)
    signed_on = models.DateField()
    members = models.ManyToManyField(Member, related_name="agreements")
    partners = models.ManyToManyField(Partner, blank=True, related_name="agreements")

    class Meta:
        ordering = ["-signed_on"]


class Output(Recorded):
    class Kind(models.TextChoices):
        EVALUATION_REPORT = "evaluation_report", "evaluation report"
        SURVEY = "survey"
        SUCCESS_STORY = "success_story", "success story"
        SHARED_ITEM = "shared_item", "shared item"
        NEWSLETTER_ARTICLE = "newsletter_article", "newsletter article"
        HIGH_LEVEL_DIALOGUE = "high_level_dialogue", "high-level dialogue"
        EXPERIENCE_SHARING = "experience_sharing", "experience sharing"
        REPORT = "report"
        POST_ACTION = "post_action", "post-action follow-up"
        OTHER = "other"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    date = models.DateField()
    link = models.TextField(blank=True)
    members = models.ManyToManyField(Member, blank=True, related_name="outputs")
    actions = models.ManyToManyField(Action, blank=True, related_name="outputs")

    class Meta:
        ordering = ["-date"]
        indexes = [models.Index(fields=["kind", "date"])]


class MilestoneUpdate(Recorded):
    """How far a milestone KPI has come on a date: a percentage or steps done of steps."""

    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="progress_updates")
    reported_on = models.DateField()
    percent_complete = models.PositiveSmallIntegerField(null=True, blank=True)
    steps_done = models.PositiveSmallIntegerField(null=True, blank=True)
    steps_total = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    evidence = models.TextField(blank=True, help_text="text or a link")

    class Meta:
        ordering = ["kpi", "-reported_on"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(percent_complete__isnull=False, percent_complete__lte=100)
                    | Q(percent_complete__isnull=True, steps_total__gt=0, steps_done__isnull=False)
                ),
                name="milestone_update_percent_or_steps",
            ),
            models.CheckConstraint(
                condition=Q(steps_done__isnull=True)
                | Q(steps_total__isnull=True)
                | Q(steps_done__lte=F("steps_total")),
                name="milestone_update_steps_within_total",
            ),
        ]

    def clean(self) -> None:
        problem = progress_problem(self.percent_complete, self.steps_done, self.steps_total)
        if problem:
            raise ValidationError(problem)

    @property
    def fraction(self) -> Decimal:
        """The share complete, 0 to 1: the percentage, else steps done ÷ steps."""
        return progress_fraction(self.percent_complete, self.steps_done, self.steps_total)
