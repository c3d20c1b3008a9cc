"""`stratmon target parse TEXT... [--json]`: type target phrases as CONTRACT.md describes."""

import json

from django.core.management.base import BaseCommand

from stratmon.engine import parse_target
from stratmon.engine.targets import MAX_LENGTH
from stratmon.plans.management.errors import Error


class Command(BaseCommand):
    help = "Parse target phrases into typed targets."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        parse = sub.add_parser("parse", help="type one or more target phrases")
        parse.add_argument("texts", nargs="+", metavar="TEXT")
        parse.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, verb: str, texts: list[str], as_json: bool, **options):
        for number, text in enumerate(texts, start=1):
            if len(text) > MAX_LENGTH:
                raise Error(
                    f"phrase {number}: {len(text):,} characters; a target phrase has at most "
                    f"{MAX_LENGTH:,}"
                )
        targets = [parse_target(text) for text in texts]
        if as_json:
            data = [t.to_json() for t in targets]
            self.stdout.write(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False))
            return
        for t in targets:
            if not t.parsed:
                self.stdout.write(f"{t.text!r}: not understood (kept verbatim)")
                continue
            parts = [f"{t.kind}", f"{t.comparator} {_num(t.value)}" if t.value is not None else ""]
            if t.out_of is not None:
                parts.append(f"out of {_num(t.out_of)}")
            if t.unit:
                parts.append(t.unit)
            if t.per_months:
                parts.append(f"every {t.per_months} months")
            if t.by:
                parts.append(f"by {t.by.isoformat()}")
            self.stdout.write(f"{t.text!r}: " + " ".join(p for p in parts if p))


def _num(value) -> str:
    return format(value.normalize(), "f")
