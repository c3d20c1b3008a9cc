"""`stratmon sample load|remove`: the labelled sample data set."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from stratmon.facts import sample


class Command(BaseCommand):
    help = "Load or remove the labelled sample data (ids SAMPLE-…, titles '[Sample] …')."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        sub.add_parser("load", help="create the sample data (replaces earlier sample data)")
        sub.add_parser("remove", help="delete every sample row; real data is untouched")

    def handle(self, *args, verb: str, **options):
        if verb == "load":
            counts = sample.load_sample(timezone.localdate(), requests=True)
            self.stdout.write(
                "Sample data loaded: " + ", ".join(f"{n} {k}" for k, n in counts.items())
            )
        else:
            self.stdout.write(f"Sample data removed ({sample.remove_sample()} rows).")
