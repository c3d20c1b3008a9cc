"""Several writers and readers at once, as separate processes on one real database.

Every writer succeeds or gets the clear "busy" message; every reader succeeds; nothing is
lost; a partner named by every import is created once. SQLite (a file, WAL mode) always;
PostgreSQL too when DATABASE_URL names one (a scratch database is created beside it).
"""

import datetime
import os
import subprocess
import sys

import openpyxl

from stratmon.concurrency import BUSY
from tests.postgres import scratch_database

WRITERS, READERS, ROWS = 4, 3, 1500
STRATMON = [sys.executable, "-m", "stratmon"]


def workbook(path, n: int) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    activities = book.create_sheet("activities")
    activities.append(["id", "kind", "title", "start", "end", "partners", "actions"])
    for a in range(10):
        day = datetime.date(2023, 1 + a, 1)
        activities.append(
            [f"W{n}-A{a}", "workshop", f"Workshop {n}.{a}", day, day, "Shared Partner", None]
        )
    people = book.create_sheet("participations")
    people.append(["id", "activity", "person", "member", "gender", "role"])
    for p in range(ROWS):
        people.append([f"W{n}-P{p}", f"W{n}-A{p % 10}", f"Person {p}", "FJI", "female", None])
    book.save(path)


def run_all(tmp_path, env) -> None:
    def start(args):
        return subprocess.Popen(
            [*STRATMON, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    init = subprocess.run([*STRATMON, "init"], env=env, capture_output=True, text=True, check=False)
    assert init.returncode == 0, init.stderr
    paths = []
    for n in range(WRITERS):
        paths.append(tmp_path / f"w{n}.xlsx")
        workbook(paths[-1], n)
    writers = [start(["data", "import", str(p)]) for p in paths]
    readers = [start(["kpis", "rocb-ap-sap-2022-2024", "--json"]) for _ in range(READERS)]
    for proc in readers:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert out.startswith("[")
    saved = 0
    for proc in writers:
        out, err = proc.communicate(timeout=300)
        if proc.returncode == 0:
            saved += 1
            assert "saved" in out
        else:
            # the only acceptable failure: one clear line, nothing saved
            assert BUSY in err and "Traceback" not in err, err
    assert saved >= 1
    check = (
        "from stratmon.facts.models import Activity, Participation, Partner;"
        "print(Partner.objects.filter(name='Shared Partner').count(),"
        " Participation.objects.count(), Activity.objects.count())"
    )
    counts = subprocess.run(
        [*STRATMON, "shell", "-c", check], env=env, capture_output=True, text=True, check=False
    )
    assert counts.returncode == 0, counts.stderr
    partners, participations, activities = map(int, counts.stdout.splitlines()[-1].split())
    assert partners == 1
    assert (participations, activities) == (saved * ROWS, saved * 10)


def test_writers_and_readers_at_once_on_sqlite(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["STRATMON_VAR_DIR"] = str(tmp_path / "var")
    run_all(tmp_path, env)


def test_writers_and_readers_at_once_on_postgresql(tmp_path):
    with scratch_database("stratmon_concurrency") as url:
        run_all(tmp_path, dict(os.environ, DATABASE_URL=url, STRATMON_VAR_DIR=str(tmp_path)))
