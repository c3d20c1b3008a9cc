"""Topics (shared by every organisation and plan): who reads, adds, edits and merges them.
Part of the access rules: callers ask `stratmon.accounts.access`."""

from __future__ import annotations

from typing import Any

from .access import SECRETARIAT, Kind, is_superuser, role_of


def can_read_topics(user: Any) -> bool:
    """Everyone signed in with a role reads the topic pages; which Members they see there
    follows `member_scope`."""
    return is_superuser(user) or role_of(user) is not None


def can_edit_topics(user: Any) -> bool:
    """Whether the user adds topics and edits their names and synonyms: the Secretariat
    (admins and officers) of any organisation, and superusers."""
    role = role_of(user)
    return is_superuser(user) or (role is not None and role.kind in SECRETARIAT)


def can_merge_topics(user: Any) -> bool:
    """Whether the user merges one topic into another: Secretariat admins and superusers
    only, since a merge rewrites the measures of other organisations' plans."""
    role = role_of(user)
    return is_superuser(user) or (role is not None and role.kind == Kind.SECRETARIAT_ADMIN)
