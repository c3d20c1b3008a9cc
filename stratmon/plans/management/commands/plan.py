"""`stratmon plan import|load|export|list`: plans as documents and canonical plan files."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from stratmon.planfiles.importers import DocumentError, import_file
from stratmon.planfiles.schema import PlanFileError, dump_plan, read_plan_file
from stratmon.planfiles.words import counted
from stratmon.plans import services
from stratmon.plans.management.errors import Error
from stratmon.plans.models import Plan


class Command(BaseCommand):
    help = "Import plan documents; load, export and list plans."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        imp = sub.add_parser(
            "import", help="read a plan document and write its plan file; warnings on stderr"
        )
        imp.add_argument("doc", help="a plan document: plain text or Markdown")
        imp.add_argument("--org", help="the organisation's code, e.g. rocb-ap")
        imp.add_argument("--code", help="the plan's code (default: derived from the title)")
        imp.add_argument("--out", help="file to write (default: standard output)")
        load = sub.add_parser("load", help="create or update a plan from a plan file")
        load.add_argument("file")
        export = sub.add_parser("export", help="write a plan's canonical plan file")
        export.add_argument("code")
        export.add_argument("--out", help="file to write (default: standard output)")
        listing = sub.add_parser("list", help="plans with their counts of actions and KPIs")
        listing.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, verb: str, **options):
        getattr(self, f"do_{verb}")(**options)

    def do_import(self, doc: str, org: str | None, code: str | None, out: str | None, **_):
        try:
            result = import_file(doc, org=org, code=code)
        except DocumentError as exc:
            raise Error(str(exc)) from None
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        _write(dump_plan(result.plan), out)
        plan = result.plan
        self.stderr.write(
            f"{Path(doc).name}: {result.shape} document; "
            f"{counted(len(plan.pillars), plan.levels.pillar.lower())}, "
            f"{counted(len(plan.actions()), 'action')}, {counted(len(plan.kpis()), 'KPI')}; "
            f"{counted(len(result.warnings), 'warning')} to review"
            + (f"; written to {out}" if out else "")
        )

    def do_load(self, file: str, **_):
        try:
            result = services.load_plan(read_plan_file(file), Path(file).name)
        except PlanFileError as exc:
            raise Error(str(exc)) from None
        self.stdout.write(result.summary())

    def do_export(self, code: str, out: str | None, **_):
        plan = Plan.objects.select_related("organisation").filter(code=code).first()
        if plan is None:
            known = ", ".join(Plan.objects.values_list("code", flat=True)) or "none"
            raise Error(f"no plan with code '{code}' (known: {known})")
        _write(dump_plan(services.export_plan(plan)), out)

    def do_list(self, as_json: bool, **_):
        summaries = services.plan_summaries()
        if as_json:
            self.stdout.write(
                json.dumps([s.to_json() for s in summaries], indent=2, ensure_ascii=False)
            )
            return
        for s in summaries:
            self.stdout.write(
                f"{s.code:<28} {s.organisation:<10} {s.period_start} to {s.period_end}  "
                f"{counted(s.actions, 'action'):>11}  {counted(s.kpis, 'KPI'):>8}  {s.status}"
            )


def _write(text: str, out: str | None) -> None:
    """Write to the file named by --out, or to standard output."""
    if not out:
        sys.stdout.write(text)
        return
    try:
        Path(out).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise Error(f"{out}: cannot write: {exc.strerror}") from None
