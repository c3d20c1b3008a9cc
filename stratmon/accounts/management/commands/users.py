"""`stratmon users add`: create a user of a role from the server's command line;
`stratmon users token`: make an API token for a user and print it once."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from stratmon.accounts import services
from stratmon.accounts.models import Role
from stratmon.api import tokens
from stratmon.plans.management.errors import Error


class Command(BaseCommand):
    help = "Manage StratMon's users and their roles."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        add = sub.add_parser(
            "add",
            help="create a user of a role; the password comes from STRATMON_PASSWORD, "
            "else one is generated and printed once",
        )
        add.add_argument("username")
        # Checked by the service rather than argparse, so a bad role is one `Error:` line, exit 1.
        add.add_argument("--role", default="", help="one of: " + ", ".join(Role.Kind.values))
        add.add_argument("--org", help="the organisation's code (every role but focal_point)")
        add.add_argument("--member", help="the Member's ISO alpha-3 code (focal_point)")
        add.add_argument("--email", default="")
        token = sub.add_parser(
            "token",
            help="make an API token for the user and print it once, alone on the last line",
        )
        token.add_argument("username")
        token.add_argument("--read-only", action="store_true", help="it may only read (GET)")
        token.add_argument("--name", default="", help="what the token is for")
        # A string, checked here, so a bad number is one `Error:` line and exit 1.
        token.add_argument("--days", default="", help="it expires after N days (default: never)")

    def handle(self, *args, verb: str, **options):
        getattr(self, f"do_{verb}")(**options)

    def do_add(
        self, username: str, role: str, org: str | None, member: str | None, email: str, **_
    ):
        try:
            spec = services.role_spec(role, org, member)
            user, generated = services.add_user(
                username,
                spec,
                email=email,
                password=os.environ.get("STRATMON_PASSWORD") or None,
                via="cli",
            )
        except services.AccountError as exc:
            raise Error(str(exc)) from None
        scope = spec.member or spec.organisation
        self.stdout.write(f"Created {user.get_username()}: {role} of {scope}.")
        if generated:
            self.stdout.write(f"    password: {generated}")
            self.stdout.write("This password is shown once; change it after signing in.")

    def do_token(self, username: str, read_only: bool, name: str, days: str, **_) -> None:
        owner = get_user_model().objects.filter(username=username).first()
        if owner is None:
            raise Error(f"no user named {username!r}")
        try:
            token, key = tokens.create_token(
                owner, name=name, read_only=read_only, days=_days(days), via="cli"
            )
        except tokens.TokenError as exc:
            raise Error(str(exc)) from None
        access = "read-only" if token.read_only else "read and write"
        expires = (
            f"expires {token.expires_at:%Y-%m-%d %H:%M} UTC"
            if token.expires_at
            else "never expires"
        )
        self.stdout.write(
            f'Created the API token "{token.name}" for {username}: {access}, {expires}.'
        )
        self.stdout.write(
            "It is shown once (StratMon keeps only its digest); the last line is the token:"
        )
        self.stdout.write(key)


def _days(text: str) -> int | None:
    """--days N: a whole number of days; blank: never expires."""
    text = text.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        raise Error(f"--days: {text[:20]!r} is not a whole number of days")
    return int(text)
