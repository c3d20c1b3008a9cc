"""Authentication backend that reads a user's role with the user, in one query per request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class RoleBackend(ModelBackend):
    """Django's backend, with `user.role` (and its organisation and Member) joined in.

    Every page asks the access module about the role, so fetching it with the user keeps
    each page's query count independent of who is signed in.
    """

    def get_user(self, user_id: Any) -> Any:
        User = get_user_model()
        user = (
            User._default_manager.select_related("role__organisation", "role__member")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
