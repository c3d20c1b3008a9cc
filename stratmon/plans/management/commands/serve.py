"""`stratmon serve [--host H] [--port P]`: migrate if needed, then serve the web app."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Apply pending migrations, then serve StratMon."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, host: str, port: int, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"StratMon on http://{host}:{port}/ (Ctrl-C stops it)")
        call_command("runserver", f"{host}:{port}", use_reloader=False)
