"""`stratmon plan import|load|export|list`: plans as documents and canonical plan files."""

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from stratmon.facts.topic_words import topic_words
from stratmon.planfiles.diff import PlanDiff
from stratmon.planfiles.importers import DocumentError, import_file
from stratmon.planfiles.schema import PlanFileError, dump_plan, read_plan_file
from stratmon.planfiles.suggest import (
    CLOSEST,
    GOOD,
    NONE,
    plan_suggestions,
    suggest_plan_measures,
)
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
        imp.add_argument(
            "--suggest-measures",
            action="store_true",
            help="give every KPI without a measure the one StratMon suggests, marked "
            "'suggested' with the reason until a person accepts it",
        )
        load = sub.add_parser(
            "load",
            help="create or update a plan from a plan file; a changed plan in use gets a new "
            "version that supersedes it (the old one stays readable)",
        )
        load.add_argument("file")
        # The file is the plan's canonical form: loading it applies it, as CONTRACT.md says
        # ("create or update"); --draft stages it for review on the web instead.
        load.add_argument(
            "--draft",
            action="store_true",
            help="keep a changed plan as a draft version beside the one in use, to confirm later",
        )
        load.add_argument("--confirm", action="store_true", help=argparse.SUPPRESS)
        load.add_argument(
            "--reason",
            default="",
            help="why the plan changes (kept in the change history; the web asks for one "
            "when a KPI's target, deadline or measure changes)",
        )
        export = sub.add_parser("export", help="write a plan's canonical plan file")
        export.add_argument("code")
        export.add_argument("--out", help="file to write (default: standard output)")
        listing = sub.add_parser("list", help="plans with their counts of actions and KPIs")
        listing.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, verb: str, **options):
        getattr(self, f"do_{verb}")(**options)

    def do_import(
        self,
        doc: str,
        org: str | None,
        code: str | None,
        out: str | None,
        suggest_measures: bool = False,
        **_,
    ):
        try:
            result = import_file(doc, org=org, code=code)
        except DocumentError as exc:
            raise Error(str(exc)) from None
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        plan = result.plan
        if suggest_measures:
            topics = topic_words()
            fits = Counter(s.fit for s in plan_suggestions(plan, topics).values())
            plan = suggest_plan_measures(plan, topics)
            self.stderr.write(
                f"suggested measures: {fits[GOOD]} good, {fits[CLOSEST]} closest, {fits[NONE]} none"
            )
        _write(dump_plan(plan), out)
        self.stderr.write(
            f"{Path(doc).name}: {result.shape} document; "
            f"{counted(len(plan.pillars), plan.levels.pillar.lower())}, "
            f"{counted(len(plan.actions()), 'action')}, {counted(len(plan.kpis()), 'KPI')}; "
            f"{counted(len(result.warnings), 'warning')} to review"
            + (f"; written to {out}" if out else "")
        )
        try:
            found = services.diff_with_current(plan)
        except DatabaseError:
            return  # no database yet: nothing to compare with
        if found:
            in_use, diff = found
            self.stderr.write(_diff_text(in_use, diff, "loading it"))

    def do_load(self, file: str, draft: bool, reason: str = "", **_):
        try:
            result = services.load_plan(
                read_plan_file(file),
                Path(file).name,
                confirm=not draft,
                reason=reason,
            )
        except PlanFileError as exc:
            raise Error(str(exc)) from None
        self.stdout.write(result.summary())
        if result.previous is not None and result.diff is not None and result.changes:
            self.stdout.write(_diff_text(result.previous, result.diff, "this version"))
            if result.superseded is None:
                self.stdout.write(f"Confirm it with `stratmon plan load {file}` or on its page.")

    def do_export(self, code: str, out: str | None, **_):
        plan = services.current_plan(code)
        if plan is None:
            raise Error(f"no plan with code '{code}' (known: {services.known_codes()})")
        _write(dump_plan(services.export_plan(plan)), out)

    def do_list(self, as_json: bool, **_):
        summaries = services.plan_summaries()
        if as_json:
            self.stdout.write(
                json.dumps([s.to_json() for s in summaries], indent=2, ensure_ascii=False)
            )
            return
        for s in summaries:
            status = s.status + (f" by v{s.superseded_by}" if s.status == "superseded" else "")
            self.stdout.write(
                f"{s.code:<28} v{s.version:<3} {s.organisation:<10} {s.period_start} to "
                f"{s.period_end}  {counted(s.actions, 'action'):>11}  "
                f"{counted(s.kpis, 'KPI'):>8}  {status}"
            )


def _diff_text(in_use: Plan, diff: PlanDiff, what: str) -> str:
    """What changes from the version in use, one line per item, under a heading."""
    if not diff:
        return f"{in_use.code}: the same as version {in_use.version} in use"
    heading = f"{in_use.code}: {what} changes version {in_use.version} in use ({diff.summary()}):"
    return "\n".join([heading, *(f"  {line}" for line in diff.lines())])


def _write(text: str, out: str | None) -> None:
    """Write to the file named by --out, or to standard output."""
    if not out:
        sys.stdout.write(text)
        return
    try:
        Path(out).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise Error(f"{out}: cannot write: {exc.strerror}") from None
