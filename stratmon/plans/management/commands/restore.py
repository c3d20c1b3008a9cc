"""`stratmon restore FILE`: load a snapshot from `stratmon backup` into an empty database."""

from django.core.management.base import BaseCommand, CommandError

from stratmon.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore a snapshot written by `stratmon backup` into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file: str, **options):
        try:
            counts = restore(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"restored {file}: {sum(counts.values())} records of {len(counts)} kinds")
