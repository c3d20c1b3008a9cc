"""Every change to users and their roles, from the web, the CLI and (later) the API.

Each function checks that `by` may make the change (the access module decides; `by=None` is
the operator at the server's command line, who may do anything), makes it, and records it in
the change history.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from stratmon.history.recording import record_change
from stratmon.plans.models import Member, Organisation

from . import access
from .models import Role

Kind = Role.Kind


class AccountError(Exception):
    """Input that cannot make a user or role; the message says what to correct."""


@dataclass(frozen=True)
class RoleSpec:
    """A role to give: its kind, and the organisation or Member it is for."""

    kind: str
    organisation: Organisation | None = None
    member: Member | None = None

    def describe(self) -> dict[str, str]:
        """The role as the change history shows it."""
        found = {"role": self.kind}
        if self.organisation is not None:
            found["organisation"] = self.organisation.code
        if self.member is not None:
            found["member"] = self.member.iso3
        return found


def role_spec(kind: str, org: str | None = None, member: str | None = None) -> RoleSpec:
    """Read a role from its names: `kind`, an organisation's code, a Member's ISO alpha-3.

    A focal point needs a Member and no organisation; every other role the reverse.
    """
    if not kind:
        raise AccountError(f"give a role with --role (one of: {', '.join(Kind.values)})")
    if kind not in Kind.values:
        raise AccountError(f"unknown role {kind!r} (one of: {', '.join(Kind.values)})")
    if kind == Kind.FOCAL_POINT:
        if not member:
            raise AccountError(
                "a focal_point needs a Member (--member ISO3): the one it reports for"
            )
        if org:
            raise AccountError(
                "a focal_point belongs to a Member, not an organisation (drop --org)"
            )
        found = Member.objects.filter(iso3=member.strip().upper()).first()
        if found is None:
            raise AccountError(f"no Member with the ISO alpha-3 code {member!r}")
        return RoleSpec(kind, member=found)
    if not org:
        raise AccountError(f"a {kind} needs an organisation (--org CODE): the one it works for")
    if member:
        raise AccountError(f"a {kind} belongs to an organisation, not a Member (drop --member)")
    organisation = Organisation.objects.filter(code=org.strip()).first()
    if organisation is None:
        codes = ", ".join(Organisation.objects.values_list("code", flat=True))
        raise AccountError(f"no organisation with the code {org!r} (one of: {codes})")
    return RoleSpec(kind, organisation=organisation)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("You may not make this change.")


def _check_new_user(username: str, email: str) -> None:
    User = get_user_model()
    try:
        User.username_validator(username)
    except ValidationError:
        raise AccountError(
            f"{username!r} is not a valid user name (letters, digits and @ . + - _ only)"
        ) from None
    if len(username) > 150:
        raise AccountError("a user name has at most 150 characters")
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(f"a user named {username!r} already exists")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise AccountError(f"{email!r} is not an e-mail address") from None
        if User.objects.filter(email__iexact=email).exists():
            raise AccountError(f"a user with the e-mail address {email} already exists")


@transaction.atomic
def add_user(
    username: str,
    spec: RoleSpec,
    *,
    email: str = "",
    password: str | None = None,
    by: Any = None,
    via: str,
) -> tuple[Any, str | None]:
    """Create an active user with the role `spec`.

    With `password` None, a random one is generated and returned (it is stored only as a
    hash, so the caller shows it once); with a password, it must pass the password validators
    and None is returned.
    """
    if by is not None:
        _require(access.can_assign_role(by, spec.kind, spec.organisation, spec.member))
    username, email = username.strip(), email.strip().lower()
    _check_new_user(username, email)
    generated = None
    if password is None:
        password = generated = secrets.token_urlsafe(12)
    User = get_user_model()
    user = User(username=username, email=email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountError("the password is refused: " + " ".join(exc.messages)) from None
    user.set_password(password)
    user.save()
    Role.objects.create(user=user, **_role_fields(spec))
    _record(by, via, "created", user, {"email": email, **spec.describe(), "is_active": True})
    return user, generated


@transaction.atomic
def invite_user(email: str, spec: RoleSpec, *, by: Any, via: str, site_url: str) -> Any:
    """Create a user named by its e-mail address, with no usable password, and e-mail it a
    one-time link to set one (Django's password-reset token: it stops working once the
    password is set, and after settings.PASSWORD_RESET_TIMEOUT seconds).

    `site_url` is the scheme and host the link starts with, e.g. `https://stratmon.example.org`.
    """
    if by is not None:
        _require(access.can_assign_role(by, spec.kind, spec.organisation, spec.member))
    email = email.strip().lower()
    if not email:
        raise AccountError("give the e-mail address of the person to invite")
    _check_new_user(email, email)
    User = get_user_model()
    user = User(username=email, email=email)
    user.set_unusable_password()
    user.save()
    Role.objects.create(user=user, **_role_fields(spec))
    _record(by, via, "created", user, {"email": email, **spec.describe(), "invited": True})
    link = site_url.rstrip("/") + password_set_path(user)
    inviter = getattr(by, "get_username", lambda: "the Secretariat")()
    transaction.on_commit(
        lambda: send_mail(
            "Your StratMon account",
            f"{inviter} invited you to StratMon as {spec.kind.replace('_', ' ')}.\n\n"
            f"Set your password here (the link works once): {link}\n\n"
            f"Then sign in with the user name {email}.\n",
            None,
            [email],
        )
    )
    return user


def password_set_path(user: Any) -> str:
    """The path of the one-time link on which `user` sets a password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password-set", kwargs={"uidb64": uid, "token": token})


@transaction.atomic
def change_role(user: Any, spec: RoleSpec, *, by: Any, via: str) -> bool:
    """Give `user` the role `spec`; False when it already has it (nothing recorded)."""
    if by is not None:
        _require(access.can_manage_user(by, user))
        _require(access.can_assign_role(by, spec.kind, spec.organisation, spec.member))
    role = Role.objects.filter(user=user).first()
    before = _describe(role)
    after = spec.describe()
    if before == after:
        return False
    Role.objects.update_or_create(user=user, defaults=_role_fields(spec))
    changed = {k: [before.get(k), after.get(k)] for k in ("role", "organisation", "member")}
    _record(by, via, "updated", user, {k: v for k, v in changed.items() if v[0] != v[1]})
    return True


@transaction.atomic
def deactivate_user(user: Any, *, by: Any, via: str) -> bool:
    """Stop `user` from signing in (its records and history stay); False if already so."""
    if by is not None:
        _require(access.can_manage_user(by, user))
    if not user.is_active:
        return False
    user.is_active = False
    user.save(update_fields=["is_active"])
    _record(by, via, "updated", user, {"is_active": [True, False]})
    return True


def _role_fields(spec: RoleSpec) -> dict[str, Any]:
    return {"kind": spec.kind, "organisation": spec.organisation, "member": spec.member}


def _describe(role: Role | None) -> dict[str, str]:
    if role is None:
        return {}
    return RoleSpec(role.kind, role.organisation, role.member).describe()


def _record(by: Any, via: str, verb: str, user: Any, details: dict[str, Any]) -> None:
    """One entry about `user`, which concerns its role's organisation or Member (both the old
    and the new one, for a role changed)."""
    role = Role.objects.filter(user=user).select_related("organisation", "member").first()
    named = details.get("member")  # an ISO3 code, or [old, new] for a role changed
    members = [c for c in (named if isinstance(named, list) else [named]) if c]
    if role is not None and role.member is not None:
        members.append(role.member.iso3)
    record_change(
        user=by,
        via=via,
        model=get_user_model(),
        verb=verb,
        refs=[user.get_username()],
        details={user.get_username(): details},
        organisation=role.organisation if role else None,
        members=members,
    )
