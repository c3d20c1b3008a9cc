"""`stratmon report PLAN --format pdf|xlsx|csv [--as-of DATE] [--since DATE] --out FILE`."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from stratmon.plans import services
from stratmon.plans.management.errors import Error
from stratmon.reports.build import build_report
from stratmon.reports.render import FORMATS, render


class Command(BaseCommand):
    help = "Write a plan's progress report as PDF, XLSX or CSV, as of a date (default: today)."

    def add_arguments(self, parser):
        parser.add_argument("plan", nargs="?", help="plan code, e.g. rocb-ap-sap-2022-2024")
        parser.add_argument("--format", dest="fmt", required=True, choices=sorted(FORMATS))
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--since",
            help="YYYY-MM-DD: list what changed since this date (default: since the as-of "
            "date of the last published report)",
        )
        parser.add_argument("--out", required=True, help="the file to write")

    def handle(self, *args, plan, fmt, as_of, since, out, **options):
        day = _date("--as-of", as_of) if as_of else timezone.localdate()
        earlier = _date("--since", since) if since else None
        if earlier is not None and earlier >= day:
            raise Error(f"--since {earlier} must be before the as-of date {day}")
        if not plan:
            raise Error("name a plan (e.g. rocb-ap-sap-2022-2024)")
        found = services.current_plan(plan)
        if found is None:
            raise Error(f"no plan with code '{plan}' (known: {services.known_codes()})")
        data = render(build_report(found, day, earlier), fmt)
        try:
            Path(out).write_bytes(data)
        except OSError as error:
            raise Error(f"--out {out}: {error.strerror}") from None
        self.stdout.write(f"Wrote {out} ({len(data):,} bytes): {found.code} as of {day}")


def _date(option: str, text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise Error(f"{option}: not a date: '{text}' (write YYYY-MM-DD)") from None
