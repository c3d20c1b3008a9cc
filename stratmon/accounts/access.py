"""Who may see and do what: the one place StratMon decides permissions.

Every page, command and (later) API endpoint asks these functions; none decides on its own.
The rules (docs/roles.md):

- a superuser may do everything;
- a Secretariat admin: everything for its organisation, its users included;
- a Secretariat officer: reads its organisation's plans (drafts too), imports and confirms
  them, records facts;
- a Member focal point: reads the published plans of every organisation its Member belongs
  to (at any date), and its own Member's data only;
- a viewer: reads its organisation's published plans;
- the change history: the Secretariat reads the entries that concern its organisation.

Member data (and its evidence files) follows `member_scope`; an organisation's own evidence is
seen by its Secretariat and viewers.

A signed-out visitor, an inactive user, or a user without a role may do nothing.
Functions that return querysets add no query of their own: the role comes with the user
(stratmon.accounts.backends), so a page's query count does not depend on who looks at it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404

from stratmon.plans.models import Member, Membership, Organisation, Plan

from .models import Role

Kind = Role.Kind
SECRETARIAT = (Kind.SECRETARIAT_ADMIN, Kind.SECRETARIAT_OFFICER)


def role_of(user: Any) -> Role | None:
    """The user's role; None for visitors, inactive users, superusers without one, others."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        role: Role = user.role
    except Role.DoesNotExist:
        return None
    return role


def is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def audience(user: Any) -> tuple[Any, ...]:
    """What every rule here decides for `user` from: its role's kind, organisation and Member
    (or that it is a superuser, or has no role). Users with the same audience see the same
    things, so a page part built for one of them may be kept for all (with the data version,
    which covers the Members' organisations)."""
    if is_superuser(user):
        return ("superuser",)
    role = role_of(user)
    if role is None:
        return ("nobody",)
    return (role.kind, role.organisation_id, role.member_id)


def _organisations(user: Any, kinds: tuple[str, ...]) -> QuerySet[Organisation]:
    """The organisation of a user whose role is one of `kinds`; every one for a superuser."""
    if is_superuser(user):
        return Organisation.objects.all()
    role = role_of(user)
    if role is None or role.kind not in kinds:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk=role.organisation_id)


def readable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose published plans the user reads."""
    role = role_of(user)
    if role is not None and role.kind == Kind.FOCAL_POINT:
        return Organisation.objects.filter(pk__in=_member_organisation_ids(role.member_id))
    return _organisations(user, (*SECRETARIAT, Kind.VIEWER))


def plan_editing_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose plans the user imports, confirms and sees in draft."""
    return _organisations(user, SECRETARIAT)


def user_managing_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose users the user lists, invites, changes and deactivates."""
    return _organisations(user, (Kind.SECRETARIAT_ADMIN,))


def _member_organisation_ids(member_id: int | None) -> QuerySet[Membership, Any]:
    # Any membership, past or present: a focal point still reads the plans that measured
    # its Member, and the membership dates belong to the KPIs, not to access.
    return Membership.objects.filter(member_id=member_id).values("organisation_id")


def visible_plans(user: Any) -> QuerySet[Plan]:
    """Plans (every version) the user may read: drafts only for those who edit them."""
    if is_superuser(user):
        return Plan.objects.all()
    role = role_of(user)
    if role is None:
        return Plan.objects.none()
    if role.kind == Kind.FOCAL_POINT:
        readable = Q(organisation_id__in=_member_organisation_ids(role.member_id))
    else:
        readable = Q(organisation_id=role.organisation_id)
    plans = Plan.objects.filter(readable)
    if role.kind not in SECRETARIAT:
        plans = plans.exclude(status=Plan.Status.DRAFT)
    return plans


def can_view_plan(user: Any, plan: Plan) -> bool:
    if is_superuser(user):
        return True
    role = role_of(user)
    if role is None:
        return False
    if role.kind in SECRETARIAT:
        return plan.organisation_id == role.organisation_id
    if plan.status == Plan.Status.DRAFT:
        return False
    if role.kind == Kind.VIEWER:
        return plan.organisation_id == role.organisation_id
    return (
        _member_organisation_ids(role.member_id)
        .filter(organisation_id=plan.organisation_id)
        .exists()
    )


def get_visible_plan(user: Any, code: str, version: int | None = None) -> Plan:
    """A version of the plan `code` the user may read (without `version`, the one in use).

    Http404 when there is none or the user may not read it: a plan the user may not see
    does not exist for them.
    """
    from stratmon.kpis.live import remember  # the cache reads plans: imported when used

    def find() -> Plan | None:
        plans = visible_plans(user).select_related("organisation", "superseded_by")
        if version is None:
            return plans.current().filter(code=code).first()
        return plans.filter(code=code, version=version).first()

    # Asked by every plan page: kept per set of rights until the data changes (a quarter of
    # a cached dashboard's time went to building this query). Nothing changes the instance.
    plan = remember(("visible-plan", audience(user), code, version), find)
    if plan is None:
        raise Http404("No such plan")
    return plan


def can_record_facts(user: Any, organisation: Organisation | None = None) -> bool:
    """Whether the user records facts directly (counting at once) for the organisation."""
    return _may(user, SECRETARIAT, organisation)


def can_manage_users(user: Any, organisation: Organisation | None = None) -> bool:
    """Whether the user manages the users of `organisation`, or of any when it is None."""
    return _may(user, (Kind.SECRETARIAT_ADMIN,), organisation)


def _may(user: Any, kinds: tuple[str, ...], organisation: Organisation | None) -> bool:
    if is_superuser(user):
        return True
    role = role_of(user)
    if role is None or role.kind not in kinds:
        return False
    return organisation is None or organisation.pk == role.organisation_id


def member_scope(user: Any) -> QuerySet[Member]:
    """Members whose own data (statuses, activities, submissions) the user may see.

    A focal point: its Member only. Secretariat and viewers: every Member that belongs or
    belonged to their organisation. A superuser: all.
    """
    if is_superuser(user):
        return Member.objects.all()
    role = role_of(user)
    if role is None:
        return Member.objects.none()
    if role.kind == Kind.FOCAL_POINT:
        return Member.objects.filter(pk=role.member_id)
    return Member.objects.filter(memberships__organisation_id=role.organisation_id).distinct()


def managed_users(user: Any) -> QuerySet[Any]:
    """Users the user manages: those with a role in its organisation, and the focal points of
    that organisation's Members (a focal point of Fiji is managed by the admins of WCO A/P
    and of OCO alike). Superusers manage everyone."""
    User = get_user_model()
    if is_superuser(user):
        return User.objects.all()
    if not can_manage_users(user):
        return User.objects.none()
    org_id = role_of(user).organisation_id  # type: ignore[union-attr]
    return _organisation_users(org_id).exclude(is_superuser=True)


def _organisation_users(org_id: int) -> QuerySet[Any]:
    """Users with a role in the organisation, and the focal points of its Members."""
    members = Membership.objects.filter(organisation_id=org_id).values("member_id")
    return get_user_model().objects.filter(
        Q(role__organisation_id=org_id)
        | Q(role__kind=Kind.FOCAL_POINT, role__member_id__in=members)
    )


def can_manage_user(user: Any, other: Any) -> bool:
    """Whether the user may change `other`'s role or deactivate it; never its own account,
    so that an admin cannot lock the organisation out by mistake."""
    if other.pk == getattr(user, "pk", None):
        return False
    return managed_users(user).filter(pk=other.pk).exists()


def can_assign_role(
    user: Any, kind: str, organisation: Organisation | None, member: Member | None
) -> bool:
    """Whether the user may give someone the role `kind` of `organisation` or `member`."""
    if is_superuser(user):
        return True
    if not can_manage_users(user):
        return False
    org_id = role_of(user).organisation_id  # type: ignore[union-attr]
    if kind == Kind.FOCAL_POINT:
        return (
            member is not None
            and Membership.objects.filter(organisation_id=org_id, member=member).exists()
        )
    return organisation is not None and organisation.pk == org_id


def assignable_organisations(user: Any) -> QuerySet[Organisation]:
    return user_managing_organisations(user)


def assignable_members(user: Any) -> QuerySet[Member]:
    """Members whose focal points the user may appoint."""
    if is_superuser(user):
        return Member.objects.all()
    return Member.objects.filter(
        memberships__organisation__in=user_managing_organisations(user)
    ).distinct()


def can_submit_for(user: Any, member: Member) -> bool:
    """Whether the user reports facts for `member` (as proposals, counted once approved):
    that Member's focal point only."""
    role = role_of(user)
    return role is not None and role.kind == Kind.FOCAL_POINT and role.member_id == member.pk


def reporting_member(user: Any) -> Member | None:
    """The Member a focal point reports for; None for everyone else."""
    role = role_of(user)
    if role is None or role.kind != Kind.FOCAL_POINT:
        return None
    return role.member


def can_review(user: Any) -> bool:
    """Whether the user reviews Members' submissions (of the Members in its scope)."""
    return _may(user, SECRETARIAT, None)


def can_review_submission(user: Any, submission: Any) -> bool:
    """Whether the user may return, approve or reject `submission`: the Secretariat of an
    organisation its Member belongs (or belonged) to."""
    if not can_review(user):
        return False
    return member_scope(user).filter(pk=submission.member_id).exists()


def visible_submissions(user: Any) -> QuerySet[Any]:
    """Submissions the user may read: a focal point its Member's, the Secretariat those of
    its organisation's Members; viewers none (they read figures, not proposals)."""
    from stratmon.submissions.models import Submission

    role = role_of(user)
    if is_superuser(user):
        return Submission.objects.all()
    if role is None or role.kind == Kind.VIEWER:
        return Submission.objects.none()
    if role.kind == Kind.FOCAL_POINT:
        return Submission.objects.filter(member_id=role.member_id)
    members = Membership.objects.filter(organisation_id=role.organisation_id).values("member_id")
    # A draft is the Member's own until it is sent.
    return Submission.objects.filter(member_id__in=members).exclude(state=Submission.State.DRAFT)


def records_in_reach(
    user: Any,
    records: QuerySet[Any],
    *,
    member_fields: tuple[str, ...] = (),
    plan_fields: tuple[str, ...] = (),
) -> QuerySet[Any]:
    """The recorded facts the user may see and change on the data-entry pages.

    A record is in reach when every Member it names (through `member_fields`, foreign keys or
    many-to-many) is in `member_scope`, and every plan item it names (through `plan_fields`,
    e.g. a milestone update's KPI) belongs to a plan the user reads. Nothing for a user who
    does not record facts; everything for a superuser.
    """
    if is_superuser(user):
        return records
    if not can_record_facts(user):
        return records.none()
    outside = Member.objects.exclude(pk__in=member_scope(user).values("pk"))
    for field in member_fields:
        records = records.exclude(**{f"{field}__in": outside})
    for field in plan_fields:
        records = records.filter(**{f"{field}__plan__in": visible_plans(user)})
    return records


def members_out_of_scope(user: Any, iso3s: Any) -> set[str]:
    """Which of the Member codes `iso3s` the user may not record facts about (unknown codes
    are left to the records' own checks)."""
    codes = {str(c).strip().upper() for c in iso3s if str(c).strip()}
    if not codes or is_superuser(user):
        return set()
    known = Member.objects.filter(iso3__in=codes)
    return set(known.exclude(pk__in=member_scope(user).values("pk")).values_list("iso3", flat=True))


def can_view_member_data(user: Any, member: Member) -> bool:
    """Whether the user sees `member`'s own data (statuses, submissions, evidence): a focal
    point its own Member only; the Secretariat and viewers the Members of their organisation
    (past or present); a superuser every Member."""
    if is_superuser(user):
        return True
    role = role_of(user)
    if role is None:
        return False
    if role.kind == Kind.FOCAL_POINT:
        return role.member_id == member.pk
    return Membership.objects.filter(
        organisation_id=role.organisation_id, member_id=member.pk
    ).exists()


def can_view_organisation_data(user: Any, organisation: Organisation) -> bool:
    """Whether the user sees an organisation's own records (its evidence, say): its
    Secretariat and viewers, and superusers. Not focal points: they read the organisation's
    plans, not the files behind its facts."""
    return _may(user, (*SECRETARIAT, Kind.VIEWER), organisation)


def can_view_evidence(user: Any, file: Any) -> bool:
    """Whether the user may open an evidence file (stratmon.evidence.models.EvidenceFile):
    the rule of the Member whose data it is, or of its organisation for its own evidence. An
    expert's CV (kept, or sent with an update) is also the pool's: any Secretariat reads it
    (desk_access.is_pool_cv)."""
    if file.member_id is not None:
        allowed = can_view_member_data(user, file.member)
    else:
        allowed = can_view_organisation_data(user, file.organisation)
    if allowed:
        return True
    from .desk_access import can_manage_experts, is_pool_cv

    return can_manage_experts(user) and is_pool_cv(file)


def recordable_members(user: Any) -> frozenset[str] | None:
    """The ISO3 codes of the Members whose facts the user records (a workbook it uploads may
    name no other); None for a superuser, who records for any."""
    if is_superuser(user):
        return None
    if not can_record_facts(user):
        return frozenset()
    return frozenset(member_scope(user).values_list("iso3", flat=True))


# Rules kept in their own modules are asked here like every other. The change history's:
# Which activities a user sees named:
from .activity_access import activity_seen, visible_activities  # noqa: E402

# The request desk and the expert pool (docs/desk.md):
from .desk_access import (  # noqa: E402
    can_file_requests,
    can_manage_experts,
    can_move_case,
    can_read_desk,
    can_read_desk_figures,
    can_run_desk,
    can_withdraw_case,
    desk_organisations,
    figures_organisations,
    filing_members,
    filing_organisations,
    filing_scope,
    visible_cases,
)
from .history_access import (  # noqa: E402
    can_view_history,
    history_users,
    visible_changes,
    visible_changes_of,
)

# Member data on the dashboards (profiles, the records behind a KPI, evidence):
from .member_access import (  # noqa: E402
    can_download_member_report,
    can_view_member_profile,
    can_view_member_submissions,
    counted_records_in_view,
    member_profile_organisations,
    visible_evidence,
    visible_member_profiles,
)

# Who imports, saves, edits and confirms plans: docs/roles.md.
from .plan_access import (  # noqa: E402
    can_confirm_plan,
    can_download_plan_report,
    can_edit_plan,
    can_import_plans,
    can_publish_report,
    can_save_plan,
)

# Survey forms, surveys and their answers (docs/surveys.md):
from .survey_access import (  # noqa: E402
    can_manage_surveys,
    priorities_organisations,
    survey_organisations,
    visible_surveys,
)

# API tokens, what a read-only token may do, who reads submissions (docs/api.md):
from .token_access import (  # noqa: E402
    can_manage_tokens,
    can_use_api,
    reads_submissions,
    token_allows,
)

# Who adds, edits and merges topics (shared by every organisation): docs/topics.md.
from .topic_access import can_edit_topics, can_merge_topics, can_read_topics  # noqa: E402

__all__ = [
    "activity_seen",
    "can_confirm_plan",
    "can_download_member_report",
    "can_download_plan_report",
    "can_edit_plan",
    "can_edit_topics",
    "can_file_requests",
    "can_import_plans",
    "can_manage_experts",
    "can_manage_surveys",
    "can_manage_tokens",
    "can_merge_topics",
    "can_move_case",
    "can_publish_report",
    "can_read_desk",
    "can_read_desk_figures",
    "can_read_topics",
    "can_run_desk",
    "can_save_plan",
    "can_use_api",
    "can_view_history",
    "can_view_member_profile",
    "can_view_member_submissions",
    "can_withdraw_case",
    "counted_records_in_view",
    "desk_organisations",
    "figures_organisations",
    "filing_members",
    "filing_organisations",
    "filing_scope",
    "history_users",
    "member_profile_organisations",
    "priorities_organisations",
    "reads_submissions",
    "survey_organisations",
    "token_allows",
    "visible_activities",
    "visible_cases",
    "visible_changes",
    "visible_changes_of",
    "visible_evidence",
    "visible_member_profiles",
    "visible_surveys",
]
