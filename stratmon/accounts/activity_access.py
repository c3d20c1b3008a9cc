"""Which activities a user sees named: hosted, requested or attended by a Member in its
scope, or organised by its organisation. Part of the access rules: callers ask
`stratmon.accounts.access`."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from .access import is_superuser, member_scope, role_of
from .models import Role


def visible_activities(user: Any) -> QuerySet[Any]:
    """Activities the user may see named (in a form's suggestions, say): those hosted,
    requested or attended by a Member in its scope, or organised by its organisation."""
    from stratmon.facts.models import Activity

    if is_superuser(user):
        return Activity.objects.all()
    role = role_of(user)
    if role is None:
        return Activity.objects.none()
    return _activities_seen(role, member_scope(user).values("pk"))


def _activities_seen(role: Role, scope: Any) -> QuerySet[Any]:
    """`visible_activities` for a role whose Members are `scope` (a queryset or ids)."""
    from stratmon.facts.models import Activity

    return Activity.objects.filter(activity_seen(role, scope))


def activity_seen(role: Role, scope: Any, field: str = "pk") -> Q:
    """The condition that the activity at `field` ("pk" on activities themselves, "activity"
    on a record that belongs to one) is one the role sees: hosted, requested or attended by
    one of its Members (`scope`, a queryset or ids), or organised by its organisation."""
    from stratmon.facts.models import Participation

    prefix = "" if field == "pk" else f"{field}__"
    seen = Q(**{f"{prefix}host_id__in": scope}) | Q(**{f"{prefix}requested_by_id__in": scope})
    if role.organisation_id is None:
        # A Member's role: its Members attend a small share of the activities, found once
        # through the participations' Member index. Asked per activity instead, SQLite reads
        # every participation of every candidate (2 s for a focal point's KPI page at 2M
        # participations, 0.1 s this way).
        attended = Participation.objects.filter(member_id__in=scope).values("activity_id")
        return seen | Q(**{f"{field}__in": attended})
    # An organisation's role: most activities are its own, which the first test settles;
    # the list of everything its Members attended would be nearly every participation.
    attended = Participation.objects.filter(activity_id=OuterRef(field), member_id__in=scope)
    return seen | Q(**{f"{prefix}organiser_id": role.organisation_id}) | Exists(attended)
