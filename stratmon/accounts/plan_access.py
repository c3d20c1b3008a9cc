"""Plans: who imports, saves, edits and confirms them, and who publishes and downloads their
progress reports. Part of the access rules: callers ask `stratmon.accounts.access`."""

from __future__ import annotations

from typing import Any

from stratmon.plans.models import Organisation, Plan

from .access import (
    SECRETARIAT,
    Kind,
    _may,
    can_record_facts,
    can_view_plan,
    is_superuser,
    plan_editing_organisations,
    role_of,
)


def can_import_plans(user: Any, organisation: Organisation | None = None) -> bool:
    """Whether the user imports plans: for `organisation`, or for any when it is None."""
    return _may(user, SECRETARIAT, organisation)


def can_save_plan(user: Any, organisation_code: str, plan_code: str) -> bool:
    """Whether the user may save a plan file of `organisation_code` with the code `plan_code`:
    the organisation must be one it edits, and so must that of any plan with the code already
    (a plan file could otherwise take over another organisation's plan)."""
    editable = plan_editing_organisations(user)
    if not editable.filter(code=organisation_code).exists():
        return False
    return not Plan.objects.filter(code=plan_code).exclude(organisation__in=editable).exists()


def can_confirm_plan(user: Any, plan: Plan) -> bool:
    return can_import_plans(user, plan.organisation)


def can_edit_plan(user: Any, plan: Plan) -> bool:
    """Whether the user may open the plan editor on `plan`: the Secretariat (admins and
    officers) of the plan's organisation, and superusers, as for confirming it."""
    return can_confirm_plan(user, plan)


def can_publish_report(user: Any, plan: Plan) -> bool:
    """Whether the user publishes the plan's progress reports: its Secretariat."""
    return can_record_facts(user, plan.organisation)


def can_download_plan_report(user: Any, plan: Plan) -> bool:
    """Whether the user gets the plan's progress report (made or published): the readers of
    the plan on behalf of its organisation (Secretariat, viewers, superusers). A focal point
    reads the plan but gets its own Member's report only: the plan's report names every
    Member's activities."""
    if is_superuser(user):
        return True
    role = role_of(user)
    return (
        role is not None
        and role.kind != Kind.FOCAL_POINT
        and role.organisation_id == plan.organisation_id
        and can_view_plan(user, plan)
    )
