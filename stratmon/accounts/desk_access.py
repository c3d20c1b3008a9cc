"""The request desk and the expert pool: who files requests, who runs the desk, who reads the
pool. Part of the access rules: callers ask `stratmon.accounts.access`. Experts need no
account: a single-use link opens their own profile form and nothing else (stratmon.desk.links).

- A focal point files requests for its own Member, to any organisation its Member belongs
  to, reads its Member's requests and withdraws them while they are open.
- The Secretariat files requests received by letter for its organisation's Members, and
  moves its organisation's requests from received to evaluated.
- Viewers read their organisation's requests and the desk's figures, not the pool.
- The expert pool (profiles, CVs, unavailable periods, profile updates) is shared by every
  organisation, as the experts sheet is: any Secretariat reads and changes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from stratmon.plans.models import Member, Membership, Organisation

from .access import SECRETARIAT, Kind, _may, _organisations, is_superuser, member_scope, role_of


def desk_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose requests the user moves through the desk: their Secretariat."""
    return _organisations(user, SECRETARIAT)


def can_run_desk(user: Any, organisation: Organisation | None = None) -> bool:
    """Whether the user runs the desk of `organisation` (of any, when None). From the role
    alone, without a query: the navigation asks it on every page."""
    return _may(user, SECRETARIAT, organisation)


def can_manage_experts(user: Any) -> bool:
    """Whether the user reads and changes the expert pool (shared by all organisations)."""
    return _may(user, SECRETARIAT, None)


def is_pool_cv(file: Any) -> bool:
    """Whether an evidence file is an expert's CV, kept or sent with a profile update: the
    pool's, whichever Member's evidence it is stored as."""
    from stratmon.desk.models import CV, ProfileUpdate

    return CV.objects.filter(file=file).exists() or ProfileUpdate.objects.filter(cv=file).exists()


def can_read_desk(user: Any) -> bool:
    """Whether the user sees the Requests page at all (from the role, no query)."""
    if is_superuser(user):
        return True
    role = role_of(user)
    return role is not None and role.kind in (*SECRETARIAT, Kind.VIEWER, Kind.FOCAL_POINT)


def filing_organisations(user: Any, member: Member) -> QuerySet[Organisation]:
    """Organisations the user may file a request from `member` to: for its focal point,
    every organisation the Member belongs to; for a Secretariat (a letter received), its own
    organisation when the Member belongs to it."""
    belongs = Membership.objects.filter(member=member).values("organisation_id")
    if is_superuser(user):
        return Organisation.objects.filter(pk__in=belongs)
    role = role_of(user)
    if role is None:
        return Organisation.objects.none()
    if role.kind == Kind.FOCAL_POINT and role.member_id == member.pk:
        return Organisation.objects.filter(pk__in=belongs)
    if role.kind in SECRETARIAT:
        return Organisation.objects.filter(pk=role.organisation_id, pk__in=belongs)
    return Organisation.objects.none()


def filing_members(user: Any) -> QuerySet[Member]:
    """Members the user files requests for: a focal point its own; the Secretariat its
    organisation's Members (for requests received by letter); a superuser all. That is the
    Members in its scope (`member_scope`), for every role but viewers."""
    role = role_of(user)
    if is_superuser(user) or (role is not None and role.kind in (*SECRETARIAT, Kind.FOCAL_POINT)):
        return member_scope(user)
    return Member.objects.none()


def can_file_requests(user: Any) -> bool:
    """A focal point, the Secretariat, a superuser (from the role alone, no query)."""
    role = role_of(user)
    return is_superuser(user) or (
        role is not None and role.kind in (*SECRETARIAT, Kind.FOCAL_POINT)
    )


@dataclass(frozen=True)
class FilingScope:
    """What a user files requests for: `own`, a focal point's Member (it files for it
    alone, choosing neither the Member nor a letter's date), else `members` to choose from;
    `organisations`, those it may ask."""

    own: Member | None
    organisations: QuerySet[Organisation]
    members: QuerySet[Member] | None


def filing_scope(user: Any) -> FilingScope | None:
    """None when the user files no request (a viewer, a user without a role): only a focal
    point, the Secretariat and superusers do (`can_file_requests`)."""
    if not can_file_requests(user):
        return None
    role = role_of(user)
    if role is not None and role.kind == Kind.FOCAL_POINT:
        own = role.member
        return FilingScope(own, filing_organisations(user, own), None)
    return FilingScope(None, desk_organisations(user), filing_members(user))


def visible_cases(user: Any) -> QuerySet[Any]:
    """Requests the user reads: a focal point its Member's (to any organisation), the
    Secretariat and viewers their organisation's, a superuser all."""
    from stratmon.desk.models import Case

    if is_superuser(user):
        return Case.objects.all()
    role = role_of(user)
    if role is None:
        return Case.objects.none()
    if role.kind == Kind.FOCAL_POINT:
        return Case.objects.filter(member_id=role.member_id)
    if role.kind in (*SECRETARIAT, Kind.VIEWER):
        return Case.objects.filter(organisation_id=role.organisation_id)
    return Case.objects.none()


def can_move_case(user: Any, case: Any) -> bool:
    """Whether the user accepts, declines, proposes, schedules, delivers and evaluates."""
    return _may(user, SECRETARIAT, case.organisation)


def can_withdraw_case(user: Any, case: Any) -> bool:
    """Whether the user withdraws the request: its Member's focal point, or the desk."""
    role = role_of(user)
    own = role is not None and role.kind == Kind.FOCAL_POINT and role.member_id == case.member_id
    return own or can_move_case(user, case)


def figures_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose desk figures (counts and medians over its requests and the pool's
    load, no request's content) the user reads: its Secretariat and its viewers."""
    return _organisations(user, (*SECRETARIAT, Kind.VIEWER))


def can_read_desk_figures(user: Any, organisation: Organisation | None = None) -> bool:
    """Whether the user reads the desk's figures of `organisation` (of any, when None); from
    the role alone, without a query."""
    return _may(user, (*SECRETARIAT, Kind.VIEWER), organisation)
