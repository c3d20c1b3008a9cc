"""`stratmon backup` and `stratmon restore`: a consistent, portable snapshot of all data.

The snapshot is a gzipped Django fixture (JSON) of every table but those that migrations
rebuild (content types, permissions, sessions), with foreign keys to content types by
natural key. So a backup of the SQLite file restores into PostgreSQL and back again, which
is also how an office moves from the embedded database to a shared server.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction

# JSON with times to the microsecond (stratmon/backup_format.py, SERIALIZATION_MODULES).
FORMAT = "stratmon-json"
# Rebuilt by `migrate` on the target, so never copied (their ids differ between databases;
# the data version is the target's own, changed by the restore's writes).
REBUILT = ("contenttypes", "auth.permission", "sessions", "kpis.dataversion")


class BackupError(Exception):
    """A backup or restore that cannot be done; the message names the file and the reason."""


def backup(path: str | Path) -> Counter[str]:
    """Write the snapshot to `path` (replaced only once complete); returns rows per model.

    One transaction reads every table, so the snapshot is consistent while others write:
    REPEATABLE READ on PostgreSQL; on SQLite the transaction holds the database still.
    """
    target = Path(path)
    if target.is_dir():
        raise BackupError(f"{target}: is a folder; give a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise BackupError(f"{target}: the folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(suffix=f".{FORMAT}.gz", dir=folder)
    os.close(fd)
    try:
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            call_command(
                "dumpdata",
                exclude=list(REBUILT),
                natural_foreign=True,
                format=FORMAT,
                output=tmp,
                verbosity=0,
            )
        counts = _counts(Path(tmp))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return counts


def restore(path: str | Path) -> Counter[str]:
    """Load the snapshot at `path` into an empty, migrated database; all or nothing."""
    source = Path(path)
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    try:
        counts = _counts(source)
    except (OSError, EOFError, ValueError) as exc:
        raise BackupError(f"{source}: not a StratMon backup ({exc})") from None
    call_command("migrate", interactive=False, verbosity=0)
    if filled := occupied():
        raise BackupError(
            f"the database is not empty ({', '.join(filled[:3])}…): restore needs an empty "
            "database; create a new one, or point DATABASE_URL at one"
        )
    with tempfile.TemporaryDirectory() as folder:
        # loaddata reads the compression from the file name.
        fixture = Path(folder) / f"stratmon-backup.{FORMAT}.gz"
        shutil.copyfile(source, fixture)
        call_command("loaddata", str(fixture), verbosity=0)
    return counts


def occupied() -> list[str]:
    """Models that hold rows, other than those migrations rebuild."""
    found = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if label.split(".")[0] in REBUILT or label in REBUILT:
            continue
        if model._meta.managed and not model._meta.proxy and model._base_manager.exists():
            found.append(f"{model._meta.verbose_name_plural}")
    return found


def _counts(path: Path) -> Counter[str]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = json.load(f)
    if not isinstance(rows, list) or not all(isinstance(r, dict) and "model" in r for r in rows):
        raise ValueError("expected a list of records")
    return Counter(r["model"] for r in rows)
