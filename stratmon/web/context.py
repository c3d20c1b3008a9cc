"""What every page's navigation shows, decided by the access module (templates only read it)."""

from __future__ import annotations

from django.http import HttpRequest

from stratmon.accounts import access


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "nav": {
            "import_plans": access.can_import_plans(user),
            "users": access.can_manage_users(user),
            "workbook": access.can_record_facts(user),
            # The admin is not scoped to an organisation, so only staff reach it.
            "admin": bool(getattr(user, "is_staff", False)),
        }
    }
