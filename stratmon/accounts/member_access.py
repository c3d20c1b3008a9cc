"""Member data on the dashboards: who reads a Member's profile (docs/member-profile.md), the
records behind a KPI's number (its drill-down) and evidence files. Part of the access rules:
callers ask `stratmon.accounts.access`."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from stratmon.plans.models import Member, Membership, Organisation

from .access import (
    SECRETARIAT,
    Kind,
    _member_organisation_ids,
    _organisations,
    can_view_member_data,
    is_superuser,
    member_scope,
    role_of,
)
from .activity_access import activity_seen


def _own_member(user: Any, member: Member) -> bool:
    """A superuser, or the Member's own focal point."""
    role = role_of(user)
    mine = role is not None and role.kind == Kind.FOCAL_POINT and role.member_id == member.pk
    return mine or is_superuser(user)


def member_profile_organisations(user: Any, member: Member) -> QuerySet[Organisation]:
    """The organisations through which the user reads `member`'s profile (it shows their
    plans): all the Member's for a superuser and its own focal point; the Secretariat's own;
    a viewer's own if it shares profiles; another Member's focal point, shared ones of both."""
    theirs = Organisation.objects.filter(pk__in=_member_organisation_ids(member.pk))
    role = role_of(user)
    if _own_member(user, member):
        return theirs
    if role is None:
        return theirs.none()
    if role.kind == Kind.FOCAL_POINT:
        mine = _member_organisation_ids(role.member_id)
        return theirs.filter(pk__in=mine, share_member_profiles=True)
    own = theirs.filter(pk=role.organisation_id)
    return own if role.kind in SECRETARIAT else own.filter(share_member_profiles=True)


def can_view_member_profile(user: Any, member: Member) -> bool:
    """Whether the user reads `member`'s profile (`/members/<iso3>/`)."""
    return _own_member(user, member) or member_profile_organisations(user, member).exists()


def visible_member_profiles(user: Any) -> QuerySet[Member]:
    """Members whose profiles the user reads, for lists to link to (no query of its own)."""
    role = role_of(user)
    if is_superuser(user) or role is None:
        return Member.objects.all() if is_superuser(user) else Member.objects.none()
    if role.kind == Kind.FOCAL_POINT:
        mine = _member_organisation_ids(role.member_id)
        shared = Membership.objects.filter(organisation_id__in=mine)
        shared = shared.filter(organisation__share_member_profiles=True).values("member_id")
        return Member.objects.filter(Q(pk=role.member_id) | Q(pk__in=shared))
    ours = Membership.objects.filter(organisation_id=role.organisation_id)
    if role.kind not in SECRETARIAT:
        ours = ours.filter(organisation__share_member_profiles=True)
    return Member.objects.filter(pk__in=ours.values("member_id"))


def can_download_member_report(user: Any, member: Member) -> bool:
    """Whether the user downloads `member`'s report (its statuses, participation and
    requests across plans): its own focal point, the Secretariat of an organisation it
    belongs or belonged to, and superusers. Not viewers, nor other Members, even where
    profiles are shared: the report is the Member's own account, evidence included."""
    role = role_of(user)
    secretariat = role is not None and role.kind in SECRETARIAT
    return _own_member(user, member) or (secretariat and can_view_member_data(user, member))


def can_view_member_submissions(user: Any, member: Member) -> bool:
    """Whether a Member's profile lists its pending submissions: for itself, its Secretariat
    and superusers; never viewers or other Members, even where profiles are shared."""
    role = role_of(user)
    secretariat = role is not None and role.kind in SECRETARIAT
    return _own_member(user, member) or (secretariat and can_view_member_data(user, member))


def counted_records_in_view(
    user: Any,
    records: QuerySet[Any],
    *,
    member_fields: tuple[str, ...] = (),
    many_fields: tuple[str, ...] = (),
    activity_field: str = "",
) -> QuerySet[Any]:
    """The records behind a KPI's number that the user may see listed (a KPI page's
    drill-down), for a user who reads the plan: its number is for everyone who reads it, the
    records are Member data.

    A record shows when it names no Member, or at least one in `member_scope`, through
    `member_fields` (foreign keys) and `many_fields` (many-to-many); and, when it is an
    activity or belongs to one (`activity_field`: "pk" for activities), when the user may see
    that activity (`visible_activities`). Everything for a superuser; nothing for a user
    without a role. One query to read the user's Members, whatever the records.
    """
    if is_superuser(user):
        return records
    role = role_of(user)
    if role is None:
        return records.none()
    # The Members as a list of ids: a few dozen, and every condition below stays a plain
    # test that PostgreSQL cannot turn into a subquery run once per row.
    scope = list(member_scope(user).values_list("pk", flat=True))
    named, nobody = Q(), Q()
    for field in member_fields:
        named |= Q(**{f"{field}__in": scope})
        nobody &= Q(**{f"{field}__isnull": True})
    for field in many_fields:
        through = records.model._meta.get_field(field).remote_field.through
        link = {f"{records.model._meta.model_name}": OuterRef("pk")}
        named |= Exists(through.objects.filter(**link, member_id__in=scope))
        nobody &= ~Exists(through.objects.filter(**link))
    if member_fields or many_fields:
        records = records.filter(named | nobody)
    if activity_field:
        records = records.filter(activity_seen(role, scope, activity_field))
    return records


def visible_evidence(user: Any) -> QuerySet[Any]:
    """The evidence files the user may open: `can_view_evidence` for many files in one query
    (a Member's files by `member_scope`, an organisation's by its Secretariat and viewers)."""
    from stratmon.evidence.models import EvidenceFile

    if is_superuser(user):
        return EvidenceFile.objects.all()
    organisations = _organisations(user, (*SECRETARIAT, Kind.VIEWER))
    return EvidenceFile.objects.filter(
        Q(member__in=member_scope(user).values("pk")) | Q(organisation__in=organisations)
    )
