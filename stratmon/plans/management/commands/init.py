"""`stratmon init [--sample]`: migrate and load the built-in organisations, Members and plans."""

from django.core.management.base import BaseCommand

from stratmon.bootstrap import initialise


class Command(BaseCommand):
    help = "Migrate the database and load the built-in organisations, Members and plans."

    def add_arguments(self, parser):
        parser.add_argument("--sample", action="store_true", help="also load labelled sample data")

    def handle(self, *args, sample: bool = False, **options):
        initialise(self.stdout.write, sample=sample)
