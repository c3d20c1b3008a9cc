"""`stratmon serve [--host H] [--port P] [--workers N] [--threads T] [--dev]`: migrate, then serve.

Production serving is gunicorn (one worker process per core, four threads each, by default);
Django's development server only with `--dev`.
"""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


class Command(BaseCommand):
    help = "Apply pending migrations, then serve StratMon with a production WSGI server."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("STRATMON_WORKERS", default_workers())),
            help="worker processes (default: one per core, or STRATMON_WORKERS)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("STRATMON_THREADS", 4)),
            help="threads per worker (default 4, or STRATMON_THREADS; 1: gunicorn's sync "
            "workers, one request per process at a time)",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=int(os.environ.get("STRATMON_TIMEOUT", 120)),
            help="seconds a worker may stop answering before it is restarted (default 120; "
            "with --threads 1, seconds a request may run)",
        )
        parser.add_argument("--dev", action="store_true", help="Django's development server")

    def handle(
        self, *args, host: str, port: int, workers: int, threads: int, timeout: int, dev: bool, **o
    ):
        if not 1 <= port <= 65535:
            raise CommandError(f"--port must be from 1 to 65535, got {port}")
        if not 1 <= workers <= 64:
            raise CommandError(f"--workers must be from 1 to 64, got {workers}")
        if not 1 <= threads <= 64:
            raise CommandError(f"--threads must be from 1 to 64, got {threads}")
        call_command("migrate", interactive=False, verbosity=0)
        where = f"[{host}]" if ":" in host else host
        if dev:
            self.stdout.write(f"StratMon (development server) on http://{where}:{port}/")
            call_command("runserver", f"{where}:{port}", use_reloader=False)
            return
        from stratmon.serving import serve

        self.stdout.write(
            f"StratMon on http://{where}:{port}/ ({workers} worker{'s' * (workers != 1)}; "
            "Ctrl-C stops it)"
        )
        self.stdout.flush()
        serve(f"{where}:{port}", workers=workers, threads=threads, timeout=timeout)
