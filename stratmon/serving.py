"""Gunicorn, driven from `stratmon serve` rather than its own command line."""

from __future__ import annotations

import os
from typing import Any

from gunicorn.app.base import BaseApplication


class _StratMonServer(BaseApplication):  # type: ignore[misc]
    """Gunicorn with its settings given here, serving StratMon's WSGI application."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from stratmon.wsgi import application

        return application


def serve(bind: str, *, workers: int, timeout: int, threads: int = 4) -> None:
    """Serve on `bind` (host:port) until stopped; logs go to stderr, one line per request."""
    from django.db import connections

    # `serve` migrated in this process: its open connection would be inherited by every
    # worker forked below, and PostgreSQL would mix their queries' results on one socket.
    connections.close_all()
    _StratMonServer(
        {
            "bind": bind,
            "workers": workers,
            # Threads (gunicorn's gthread workers) overlap one request's database waits with
            # another's work and keep connections alive: 3-4 times the pages per second of
            # sync workers at 20 users on 2 cores (bench/README.md).
            "threads": threads,
            # A worker silent this long is restarted (with threads, its heartbeat goes on
            # while a long import runs in one thread: only sync workers cut requests short).
            "timeout": timeout,
            "graceful_timeout": 30,
            "accesslog": "-",
            "errorlog": "-",
            "access_log_format": '%(h)s "%(r)s" %(s)s %(b)s %(M)sms',
            # Headers and request lines beyond these limits are refused with a 4xx.
            "limit_request_line": 8190,
            "limit_request_fields": 100,
            # Heartbeat files in memory, so a slow disk never looks like a hung worker.
            "worker_tmp_dir": "/dev/shm" if os.path.isdir("/dev/shm") else None,
            "proc_name": "stratmon",
        }
    ).run()
