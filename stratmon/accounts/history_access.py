"""The rules of the change history: who reads which entries, and whose entries by user.
Callers ask `stratmon.accounts.access`, which re-exports these."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from stratmon.history.models import Change
from stratmon.plans.models import Membership, Organisation

from .access import SECRETARIAT, _may, _organisation_users, is_superuser, role_of


def can_view_history(user: Any) -> bool:
    """Whether the user reads the change history pages: the Secretariat and superusers."""
    return _may(user, SECRETARIAT, None)


def visible_changes(user: Any) -> QuerySet[Change]:
    """History entries the user may read: all for a superuser; for the Secretariat of an
    organisation, those whose organisation it is, that concern a Member that belongs or
    belonged to it, or that a user with a role in it made. One query, no duplicates.

    Within an entry, a record that concerns Members shows only to those who see one of them
    (`member_scope`): an import of many Members' rows is one entry.
    """
    if is_superuser(user):
        return Change.objects.all()
    if not can_view_history(user):
        return Change.objects.none()
    org_id = role_of(user).organisation_id  # type: ignore[union-attr]
    members = Membership.objects.filter(organisation_id=org_id).values("member_id")
    touching = Change.members.through.objects.filter(member_id__in=members)
    return Change.objects.filter(
        Q(organisation_id=org_id)
        | Q(pk__in=touching.values("change_id"))
        | Q(user__role__organisation_id=org_id)
    )


def history_users(user: Any) -> QuerySet[Any]:
    """Users whose entries the user may list by user: those with a role in its organisation
    and the focal points of its Members; every user for a superuser."""
    User = get_user_model()
    if is_superuser(user):
        return User.objects.all()
    if not can_view_history(user):
        return User.objects.none()
    # The focal points of its Members too: their submissions are what it reviews.
    return _organisation_users(role_of(user).organisation_id)  # type: ignore[union-attr]


def visible_changes_of(user: Any, organisation: Organisation) -> QuerySet[Change]:
    """The history entries the user may read that concern `organisation`: its own, those
    about a Member that belongs or belonged to it, or made by a user with a role in it (an
    organisation's home lists them; a superuser reads every organisation's)."""
    members = Membership.objects.filter(organisation_id=organisation.pk).values("member_id")
    touching = Change.members.through.objects.filter(member_id__in=members)
    return visible_changes(user).filter(
        Q(organisation_id=organisation.pk)
        | Q(pk__in=touching.values("change_id"))
        | Q(user__role__organisation_id=organisation.pk)
    )
