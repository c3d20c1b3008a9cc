"""Organisations, Members and their memberships, and the plan tree down to KPIs."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q


class Organisation(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60)
    share_member_profiles = models.BooleanField(
        default=False,
        help_text="its viewers and its Members' focal points may read the profile of every "
        "Member of the organisation (pending submissions and evidence stay private)",
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.short_name

    def members_as_of(self, as_of: datetime.date) -> models.QuerySet[Member]:
        return Member.objects.of(self, as_of)


class MemberQuerySet(models.QuerySet["Member"]):
    def of(self, organisation: Organisation, as_of: datetime.date) -> MemberQuerySet:
        """Members of `organisation` on `as_of`: joined on or before it, not yet left.

        An EXISTS filter rather than a join, so it composes inside counts and aggregates.
        """
        return self.filter(
            models.Exists(
                Membership.objects.filter(
                    Q(joined__isnull=True) | Q(joined__lte=as_of),
                    Q(left__isnull=True) | Q(left__gt=as_of),
                    member=models.OuterRef("pk"),
                    organisation=organisation,
                )
            )
        )


class Member(models.Model):
    """A member customs administration (never a login: that is a User)."""

    class Kind(models.TextChoices):
        STATE = "state", "State"
        CUSTOMS_TERRITORY = "customs territory", "Customs territory"

    name = models.CharField(max_length=200)
    iso2 = models.CharField("ISO alpha-2", max_length=2, unique=True)
    iso3 = models.CharField("ISO alpha-3", max_length=3, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STATE)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A Member's membership of an organisation; open-ended dates mean 'before our records'."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    joined = models.DateField(null=True, blank=True)
    left = models.DateField(null=True, blank=True)
    subregion = models.CharField(max_length=60, blank=True)
    note = models.TextField(blank=True)
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["organisation", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "member"], name="one_membership_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(joined__isnull=True)
                | Q(left__isnull=True)
                | Q(left__gt=models.F("joined")),
                name="membership_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.organisation}"


class PlanQuerySet(models.QuerySet["Plan"]):
    def current(self) -> PlanQuerySet:
        """The version of each plan code in use: not superseded, and confirmed unless the code
        has no confirmed version yet (a new plan still in draft).

        A draft of a new version waits beside the version in use until it is confirmed.
        """
        confirmed = Plan.objects.filter(
            code=models.OuterRef("code"), superseded_by__isnull=True
        ).exclude(status=Plan.Status.DRAFT)
        return self.filter(superseded_by__isnull=True).exclude(
            Q(status=Plan.Status.DRAFT) & models.Exists(confirmed)
        )


class Plan(models.Model):
    """One version of a plan; a plan's versions share its code (see docs/plan-file.md)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        ARCHIVED = "archived", "Archived"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="plans")
    code = models.SlugField(max_length=80)
    version = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=300)
    # As people set it; what the plan *is* on a date (ended, superseded …) is state().
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    period_start = models.DateField()
    period_end = models.DateField()
    year_start_month = models.PositiveSmallIntegerField(default=1)
    pillar_label = models.CharField(max_length=60, default="Pillar")
    objective_label = models.CharField(max_length=60, default="Objective")
    action_label = models.CharField(max_length=60, default="Action")
    reference_label = models.CharField(max_length=200, blank=True)
    source = models.TextField(blank=True)
    # Context kept with the plan (vision, forecasts …): a list of {"title", "text"}.
    notes = models.JSONField(default=list, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    superseded_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__code", "-period_start", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="plan_code_version_unique"),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(superseded_by__isnull=True) & ~Q(status="draft"),
                name="plan_one_version_in_use_per_code",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(superseded_by__isnull=True, status="draft"),
                name="plan_one_draft_per_code",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")), name="plan_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(year_start_month__gte=1, year_start_month__lte=12),
                name="plan_year_start_month_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version} ({self.period_start} – {self.period_end})"

    def state(self, as_of: datetime.date) -> str:
        """What the plan is on `as_of`: draft, superseded (from the day its successor was
        confirmed), archived, upcoming (before its start), ended (after its end) or active."""
        if self.status == self.Status.DRAFT:
            return "draft"
        if self.superseded_by_id and self.superseded_on and self.superseded_on <= as_of:
            return "superseded"
        if self.status == self.Status.ARCHIVED:
            return "archived"
        if as_of < self.period_start:
            return "upcoming"
        return "ended" if as_of > self.period_end else "active"


class Pillar(models.Model):
    """The plan's first level, whatever the plan calls it (Pillar, Priority …)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="pillars")
    code = models.CharField(max_length=20)
    title = models.TextField()
    overall_objective = models.TextField(blank=True)
    notes = models.JSONField(default=list, blank=True)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="pillar_code_unique_in_plan")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Objective(models.Model):
    """An optional level between a pillar and its actions."""

    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="objectives")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(max_length=20)
    title = models.TextField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="objective_code_unique_in_plan")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Action(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="actions", null=True, blank=True
    )
    code = models.CharField(max_length=20)
    text = models.TextField()
    reference = models.TextField(blank=True)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="action_code_unique_in_plan")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


class KPI(models.Model):
    class Origin(models.TextChoices):
        DOCUMENT = "document", "From the plan document"
        ADDED = "added", "Added by the plan's owners"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="kpis")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="kpis")
    code = models.CharField(max_length=24)
    text = models.TextField()
    target_text = models.TextField()
    deadline = models.DateField()
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.DOCUMENT)
    order = models.PositiveIntegerField()
    # How the KPI is computed from recorded facts (see docs/measures.md); {} when not yet said.
    measure = models.JSONField(default=dict, blank=True)
    # Why StratMon suggested the measure, until a person accepts or rewrites it ("" then).
    measure_suggested = models.TextField(blank=True)
    # A milestone KPI is set done with a date and evidence; before that, dated progress
    # updates (facts.MilestoneUpdate) say how far it is, judged from its planned start.
    done_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    planned_start = models.DateField(
        null=True,
        blank=True,
        help_text="when work on a milestone is due to begin (blank: the plan start)",
    )

    class Meta:
        verbose_name = "KPI"
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="kpi_code_unique_in_plan")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"
