"""`stratmon users add`: create a user of a role from the server's command line."""

import os

from django.core.management.base import BaseCommand

from stratmon.accounts import services
from stratmon.accounts.models import Role
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
