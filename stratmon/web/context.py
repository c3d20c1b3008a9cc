"""What every page's navigation shows, decided by the access module (templates only read it)."""

from __future__ import annotations

from django.http import HttpRequest

from stratmon.accounts import access
from stratmon.submissions.models import Submission

State = Submission.State


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "nav": {
            # Waiting items, counted in one query for those who act on them.
            **waiting(user),
            "import_plans": access.can_import_plans(user),
            "users": access.can_manage_users(user),
            "data": access.can_record_facts(user),
            "history": access.can_view_history(user),
            "topics": access.can_read_topics(user),
            "api_tokens": access.can_use_api(user),
            "surveys": access.can_manage_surveys(user),
            "requests": access.can_read_desk(user),
            "experts": access.can_manage_experts(user),
            "workbook": access.can_record_facts(user),
            # The admin is not scoped to an organisation, so only staff reach it.
            "admin": bool(getattr(user, "is_staff", False)),
        }
    }


def waiting(user: object) -> dict[str, object]:
    """The Secretariat's inbox count; a focal point's submissions to act on (returned ones
    and drafts)."""
    if access.can_review(user):
        pending = access.visible_submissions(user).filter(state=State.SUBMITTED).count()
        return {"review": True, "review_count": pending}
    if access.reporting_member(user) is not None:
        mine = (
            access.visible_submissions(user).filter(state__in=(State.DRAFT, State.RETURNED)).count()
        )
        return {"submissions": True, "to_act_on": mine}
    return {}
