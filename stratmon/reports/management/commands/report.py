"""`stratmon report PLAN --format pdf|xlsx|csv [--as-of DATE] [--since DATE] --out FILE`, and
`stratmon report --member ISO3 --format pdf|xlsx [--as-of DATE] --out FILE`."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from stratmon.plans import services
from stratmon.plans.management.errors import Error
from stratmon.plans.models import Member
from stratmon.reports.build import build_report
from stratmon.reports.member_build import build_member_report
from stratmon.reports.member_render import MEMBER_FORMATS, render_member
from stratmon.reports.render import FORMATS, render


class Command(BaseCommand):
    help = (
        "Write a plan's progress report as PDF, XLSX or CSV, or one Member's report (--member)"
        " as PDF or XLSX, as of a date (default: today)."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan", nargs="?", help="plan code, e.g. rocb-ap-sap-2022-2024")
        parser.add_argument("--member", help="a Member's ISO3 code, e.g. FJI: its own report")
        parser.add_argument("--format", dest="fmt", required=True, choices=sorted(FORMATS))
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--since",
            help="YYYY-MM-DD: list what changed since this date (default: since the as-of "
            "date of the last published report)",
        )
        parser.add_argument("--out", required=True, help="the file to write")

    def handle(self, *args, plan, member, fmt, as_of, since, out, **options):
        day = _date("--as-of", as_of) if as_of else timezone.localdate()
        if member is not None:
            if plan:
                raise Error("name a plan or --member, not both")
            self._member_report(member, fmt, day, since, out)
            return
        earlier = _date("--since", since) if since else None
        if earlier is not None and earlier >= day:
            raise Error(f"--since {earlier} must be before the as-of date {day}")
        if not plan:
            raise Error("name a plan (e.g. rocb-ap-sap-2022-2024)")
        found = services.current_plan(plan)
        if found is None:
            raise Error(f"no plan with code '{plan}' (known: {services.known_codes()})")
        data = render(build_report(found, day, earlier), fmt)
        _write(out, data)
        self.stdout.write(f"Wrote {out} ({len(data):,} bytes): {found.code} as of {day}")

    def _member_report(
        self, iso3: str, fmt: str, day: datetime.date, since: str | None, out: str
    ) -> None:
        if fmt not in MEMBER_FORMATS:
            raise Error(f"--format {fmt}: a Member report is {' or '.join(MEMBER_FORMATS)}")
        if since:
            raise Error("--since is for a plan's report, not a Member's")
        found = Member.objects.filter(iso3=iso3.strip().upper()).first()
        if found is None:
            raise Error(f"--member: no Member with ISO3 code '{iso3}' (e.g. FJI)")
        data = render_member(build_member_report(found, day), fmt)
        _write(out, data)
        self.stdout.write(f"Wrote {out} ({len(data):,} bytes): {found.iso3} as of {day}")


def _write(out: str, data: bytes) -> None:
    try:
        Path(out).write_bytes(data)
    except OSError as error:
        raise Error(f"--out {out}: {error.strerror}") from None


def _date(option: str, text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise Error(f"{option}: not a date: '{text}' (write YYYY-MM-DD)") from None
