"""`stratmon data template|import|export`: the data-entry workbook."""

import sys
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from stratmon.facts.workbook import WorkbookError, export_workbook, import_workbook, write_template
from stratmon.plans.management.errors import Error

# Below this many rows a non-interactive import finishes too fast for progress to matter.
QUIET_ROWS = 5000


class Command(BaseCommand):
    help = "The data-entry workbook: write the template, import a workbook, export all data."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        template = sub.add_parser("template", help="write the empty data-entry workbook")
        template.add_argument("--out", default="stratmon-data-template.xlsx")
        imp = sub.add_parser("import", help="import a workbook or a folder of CSV files")
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true", help="check and count, save nothing")
        imp.add_argument("--user", help="the username recorded as creator and updater")
        imp.add_argument("--reason", default="", help="why: kept in the change history")
        export = sub.add_parser("export", help="write all recorded data as a workbook")
        export.add_argument("--out", default="stratmon-data.xlsx")

    def handle(self, *args, verb: str, **options):
        getattr(self, f"do_{verb}")(**options)

    def do_template(self, out: str, **_):
        _save(write_template, out)
        self.stdout.write(f"wrote {out}")

    def do_export(self, out: str, **_):
        rows = _save(export_workbook, out)
        self.stdout.write(f"wrote {out} ({rows} rows)")

    def do_import(self, file: str, dry_run: bool, user: str | None, reason: str, **_):
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise Error(f"no user '{user}'")
        bar = _ProgressBar(sys.stderr)
        started = time.perf_counter()
        try:
            report = import_workbook(
                file, user=account, dry_run=dry_run, progress=bar, reason=reason
            )
        except WorkbookError as exc:
            bar.close()
            if exc.unreadable:
                raise Error(exc.errors[0]) from None
            for line in exc.errors:
                self.stderr.write(line)
            count = len(exc.errors)
            raise Error(f"{count} error{'s' if count != 1 else ''}; nothing was saved") from None
        bar.close()
        seconds = time.perf_counter() - started
        for line in report.lines():
            self.stdout.write(line)
        verdict = "dry run: nothing was saved" if dry_run else "saved"
        if not report.changed and not dry_run:
            verdict = "nothing changed"
        self.stdout.write(f"{report.rows} rows in {seconds:.1f} s; {verdict}")


def _save(write, out: str):
    try:
        return write(out)
    except OSError as exc:
        raise Error(f"{out}: cannot write: {exc.strerror or exc}") from None


class _ProgressBar:
    """A one-line bar on stderr: redrawn on a terminal, a line per tenth on a log file."""

    def __init__(self, stream):
        self.stream = stream
        self.tty = stream.isatty()
        self.shown = -1
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        # `total` counts each row twice: once checked, once written.
        if not total or (not self.tty and total // 2 <= QUIET_ROWS):
            return
        step = done * (50 if self.tty else 10) // total
        if step == self.shown:
            return
        self.shown = step
        if self.tty:
            bar = "#" * step + "." * (50 - step)
            self.stream.write(f"\r[{bar}] {done * 100 // total:3d}%")
            self.drawn = True
        else:
            self.stream.write(f"import: {step * 10}%\n")
        self.stream.flush()

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False
