"""`stratmon kpis PLAN [--as-of YYYY-MM-DD] [--json]`: evaluate every KPI of a plan."""

import datetime
import json
import os
import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from stratmon.kpis.services import evaluate_plan
from stratmon.plans import services
from stratmon.plans.management.errors import Error

COLOURS = {
    "achieved": "32",  # green
    "on_track": "36",  # cyan
    "at_risk": "33",  # yellow
    "off_track": "31",  # red
    "not_started": "37",
    "no_data": "90",  # grey
}


class Command(BaseCommand):
    help = "Evaluate every KPI of a plan as of a date (default: today)."

    def add_arguments(self, parser):
        parser.add_argument("plan", help="plan code, e.g. rocb-ap-sap-2022-2024")
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, plan: str, as_of: str | None, as_json: bool, **options):
        day = _date(as_of) if as_of else timezone.localdate()
        # A code names the plan's version in use; older versions are read on the web.
        found = services.current_plan(plan)
        if found is None:
            raise Error(f"no plan with code '{plan}' (known: {services.known_codes()})")
        evaluations = evaluate_plan(found, day)
        if as_json:
            self.stdout.write(
                json.dumps([e.to_json() for e in evaluations], indent=2, ensure_ascii=False)
            )
            return
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        self.stdout.write(f"{found.title} — as of {day.isoformat()}")
        counts: dict[str, int] = {}
        for e in evaluations:
            status = e.result.status
            counts[status] = counts.get(status, 0) + 1
            shown = f"{status:<11}"
            if colour:
                shown = f"\033[{COLOURS[status]}m{shown}\033[0m"
            self.stdout.write(
                f"{e.kpi.code:<9} {shown} {e.target.text[:38]:<38}  {e.result.reason}"
            )
        self.stdout.write("Summary: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise Error(f"--as-of: not a date: '{text}' (write YYYY-MM-DD)") from None
