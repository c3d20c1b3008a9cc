"""What `stratmon init` does: migrate, load reference data and built-in plans, first admin."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from stratmon.facts import sample as sample_data
from stratmon.facts import services as fact_services
from stratmon.plans import services as plan_services
from stratmon.surveys import services as survey_services


def initialise(say: Callable[[str], None], *, sample: bool = False) -> None:
    """Bring the database to a working state; safe to run again, never deletes data."""
    call_command("migrate", interactive=False, verbosity=0)
    changes = plan_services.load_reference_data() + fact_services.load_topics()
    say(f"Reference data: {'loaded' if changes else 'already up to date'} ({changes} new rows).")
    for result in plan_services.load_builtin_plans():
        say(f"Plan {result.summary()}")
    forms = survey_services.load_templates()
    if forms:
        say(f"Survey forms: {forms} built-in templates added.")
    if sample:
        if sample_data.has_recorded_facts():
            say("Sample data: not loaded, the database already holds recorded facts.")
        else:
            counts = sample_data.load_sample(timezone.localdate(), requests=True)
            say(
                "Sample data loaded (labelled [Sample], ids SAMPLE-…): "
                + ", ".join(f"{n} {k}" for k, n in counts.items())
            )
            say("Remove it with: .venv/bin/stratmon sample remove")
    password = ensure_admin()
    if password:
        say("")
        say("Created the Secretariat admin account. Sign in at http://127.0.0.1:8000/ as")
        say(f"    user: admin    password: {password}")
        say("This password is shown once; change it after signing in.")


@transaction.atomic
def ensure_admin() -> str | None:
    """Create the first Secretariat admin with a generated password, if no superuser exists.

    A superuser: it may do everything for every organisation (stratmon.accounts.access), and
    it creates the organisations' own admins with `stratmon users add` or on /users/.
    Returns the password, which is stored only as a hash, or None when an admin exists.
    """
    User = get_user_model()
    if User.objects.filter(is_superuser=True).exists():
        return None
    password = secrets.token_urlsafe(12)
    User.objects.create_superuser("admin", email="", password=password)
    return password
