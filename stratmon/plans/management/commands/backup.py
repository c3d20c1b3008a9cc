"""`stratmon backup FILE`: a consistent snapshot of the whole database."""

from django.core.management.base import BaseCommand, CommandError

from stratmon.backups import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent snapshot of the whole database to FILE (gzipped JSON)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file: str, **options):
        try:
            counts = backup(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"wrote {file}: {sum(counts.values())} records of {len(counts)} kinds")
