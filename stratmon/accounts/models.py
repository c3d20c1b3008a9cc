"""A user's role in StratMon: what it is, and for which organisation or Member."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from stratmon.plans.models import Member, Organisation


class Role(models.Model):
    """One role per user. A superuser needs none: it may do everything.

    Secretariat admins, officers and viewers belong to one organisation; a focal point belongs
    to one Member and reads the plans of every organisation that Member belongs to.
    """

    class Kind(models.TextChoices):
        SECRETARIAT_ADMIN = "secretariat_admin", "Secretariat admin"
        SECRETARIAT_OFFICER = "secretariat_officer", "Secretariat officer"
        FOCAL_POINT = "focal_point", "Member focal point"
        VIEWER = "viewer", "Viewer"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="roles"
    )
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="focal_points"
    )

    class Meta:
        constraints = [
            # The access rules read one of the two, never both: a row holding the other would
            # look like a grant that is not there.
            models.CheckConstraint(
                condition=(
                    Q(kind="focal_point", member__isnull=False, organisation__isnull=True)
                    | (~Q(kind="focal_point") & Q(organisation__isnull=False, member__isnull=True))
                ),
                name="role_names_its_organisation_or_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.scope}"

    @property
    def scope_value(self) -> str:
        """The scope as the role forms name it: `org:CODE` or `member:ISO3`."""
        if self.kind == self.Kind.FOCAL_POINT:
            return f"member:{self.member.iso3}" if self.member else ""
        return f"org:{self.organisation.code}" if self.organisation else ""

    @property
    def scope(self) -> Organisation | Member | None:
        return self.member if self.kind == self.Kind.FOCAL_POINT else self.organisation
