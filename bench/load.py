"""Pages under load: signed-in users hitting `stratmon serve` on loopback for a fixed time.

Starts `stratmon serve` (gunicorn) from a source tree against a database (SQLite through
STRATMON_VAR_DIR, PostgreSQL through DATABASE_URL), creates 20 users of mixed roles if they
are missing (`load-viewer-01` …; `--mix`), signs each in through the sign-in form, then runs
one thread per user for `--duration` seconds over the URLs given (round robin, each user
starting at a different one) and prints requests/s, p50/p95/p99 latency and errors per URL.

Closed loop by default: each user sends its next request as soon as the previous answer
has arrived (no think time), the hardest case. `--think S` makes each user wait a random
0.5–1.5 × S seconds between requests, as people reading a page do.

The client is threads with http.client keep-alive connections: light enough that the two
cores go to the server (its own CPU use is measured and printed with the server's).

    .venv/bin/python bench/load.py --var-dir /work/bench-db/sqlite
    .venv/bin/python bench/load.py --database-url postgres://…/stratmon_bench_full --think 1
    .venv/bin/python bench/load.py --source /work/main …   # serve another checkout's code
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import math
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = "/plans/rocb-ap-sap-2022-2024/"
PASSWORD = "load-bench-pass-phrase-7"
# The users: how many of each role (`--mix`). Secretariat users and viewers are WCO A/P's;
# focal points take its Members in ISO3 order.
MIX = "secretariat_admin=3,secretariat_officer=5,viewer=6,focal_point=6"
SHORT = {
    "secretariat_admin": "admin",
    "secretariat_officer": "officer",
    "viewer": "viewer",
    "focal_point": "fp",
}
# Run inside `stratmon shell` of the served source tree, so its own models make the users.
MAKE_USERS = """
from django.contrib.auth import get_user_model
from stratmon.accounts.services import add_user, role_spec
from stratmon.plans.models import Membership
members = list(
    Membership.objects.filter(organisation__code="rocb-ap")
    .order_by("member__iso3").values_list("member__iso3", flat=True)
)
made = 0
for kind, n, short in {mix!r}:
    for i in range(n):
        name = f"load-{{short}}-{{i + 1:02d}}"
        member = members[i % len(members)] if kind == "focal_point" else "-"
        print("USER", name, member)
        if get_user_model().objects.filter(username=name).exists():
            continue
        if kind == "focal_point":
            spec = role_spec(kind, member=member)
        else:
            spec = role_spec(kind, org="rocb-ap")
        add_user(name, spec, password={password!r}, via="cli")
        made += 1
print("MADE", made)
"""


# What a request on a connection the server has closed meanwhile raises.
STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


@dataclass
class Sample:
    url: str
    seconds: float
    ok: bool


@dataclass
class Results:
    samples: list[Sample] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample, error: str = "") -> None:
        with self.lock:
            self.samples.append(sample)
            if error:
                self.errors[error] = self.errors.get(error, 0) + 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    elif args.var_dir:
        env["STRATMON_VAR_DIR"] = str(args.var_dir)
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    env["PYTHONPATH"] = str(args.source)
    return env


def start_server(args: argparse.Namespace, port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "stratmon", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), *args.serve_args]
    if args.workers:
        command += ["--workers", str(args.workers)]
    out = log.open("wb")
    process = subprocess.Popen(
        command, cwd=args.source, env=server_env(args), stdout=out, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 300  # `serve` migrates first
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"stratmon serve exited ({process.returncode}); see {log}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/sign-in/")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.5)
    process.terminate()
    raise SystemExit(f"stratmon serve did not answer within 300 s; see {log}")


def parse_mix(text: str) -> list[tuple[str, int, str]]:
    """`viewer=6,focal_point=4` as (role, how many, short name) triples."""
    found = []
    for part in text.split(","):
        kind, _, count = part.strip().partition("=")
        if kind not in SHORT or not count.isdigit():
            raise SystemExit(f"--mix: {part!r} is not ROLE=N (roles: {', '.join(SHORT)})")
        found.append((kind, int(count), SHORT[kind]))
    return found


def make_users(args: argparse.Namespace) -> list[tuple[str, str]]:
    """(user name, its Member or "-") of every user of the mix, created where missing."""
    code = MAKE_USERS.format(mix=parse_mix(args.mix), password=PASSWORD)
    done = subprocess.run(
        [sys.executable, "-m", "stratmon", "shell", "-c", code],
        cwd=args.source,
        env=server_env(args),
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.splitlines()
    users = [(x.split()[1], x.split()[2]) for x in lines if x.startswith("USER ")]
    made = next((x.split()[1] for x in lines if x.startswith("MADE ")), None)
    if done.returncode or made is None:
        raise SystemExit(f"could not create the users:\n{done.stdout}\n{done.stderr}")
    print(f"users: {len(users)} ({made} created)", file=sys.stderr)
    return users


def cookies_of(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        found |= {name: morsel.value for name, morsel in jar.items()}
    return found


def sign_in(port: int, username: str) -> str:
    """Sign in through the form; returns the Cookie header of the signed-in session."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/sign-in/")
    response = conn.getresponse()
    page = response.read().decode()
    jar = cookies_of(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise SystemExit("the sign-in page has no CSRF token")
    body = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
    }
    conn.request("POST", "/sign-in/", body, headers)
    response = conn.getresponse()
    response.read()
    jar |= cookies_of(response)
    if response.status != 302 or "sessionid" not in jar:
        raise SystemExit(f"{username} could not sign in ({response.status})")
    conn.close()
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def user_loop(
    port: int,
    cookie: str,
    urls: list[tuple[str, str]],
    start: int,
    until: float,
    counted_from: float,
    think: float,
    results: Results,
) -> None:
    """One user: request the URLs ((as given, as asked)) in turn until `until`; the
    requests begun from `counted_from` on are counted, under the URL as given."""
    rng = random.Random(start)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    i = start
    while True:
        given, url = urls[i % len(urls)]
        i += 1
        began = time.monotonic()
        if began >= until:
            break
        error = ""
        for attempt in (1, 2):
            try:
                conn.request("GET", url, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    error = f"HTTP {response.status} {url}"
                break
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                # The server closed a kept-alive connection while the user was reading
                # (gunicorn keeps one 2 s): a browser opens a new one and asks again.
                if attempt == 1 and isinstance(exc, STALE):
                    continue
                error = f"{type(exc).__name__} {url}"
        ended = time.monotonic()
        if began >= counted_from:  # finished even when the window closed meanwhile
            results.add(Sample(given, ended - began, not error), error)
        if think:
            time.sleep(min(think * rng.uniform(0.5, 1.5), max(0.0, until - time.monotonic())))
    conn.close()


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds of each of these processes still running (from /proc)."""
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return found


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds between two readings, of the processes in both."""
    return sum(after[pid] - before[pid] for pid in before.keys() & after.keys())


def process_tree(pid: int) -> list[int]:
    found = [pid]
    for p in found:
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            found += [int(c) for c in task.read_text().split()]
    return found


class DatabaseCpu(threading.Thread):
    """CPU seconds of the PostgreSQL processes serving the database `url`, sampled twice a
    second: a connection kept 60 s (CONN_MAX_AGE) is replaced during a run, so the processes
    at the end are not those at the start."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.running = threading.Event()
        self.running.set()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as db:
            while self.running.is_set():
                rows = db.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                ).fetchall()
                now = cpu_seconds([row[0] for row in rows])
                for pid, seconds in now.items():
                    # A process first seen after the start began during the run.
                    self.first.setdefault(pid, seconds if not self.last else 0.0)
                self.last |= now
                time.sleep(0.5)

    def used(self) -> float:
        self.running.clear()
        self.join()
        return sum(self.last[pid] - first for pid, first in self.first.items())


def machine_busy() -> tuple[int, int]:
    """(busy, total) jiffies of every core, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summary(samples: list[Sample], seconds: float) -> dict[str, float]:
    times = [s.seconds * 1000 for s in samples]
    if not times:
        return {"requests": 0, "rps": 0.0, "errors": 0}
    return {
        "requests": len(times),
        "rps": len(times) / seconds,
        "p50_ms": statistics.median(times),
        "p95_ms": percentile(times, 95),
        "p99_ms": percentile(times, 99),
        "max_ms": max(times),
        "errors": sum(not s.ok for s in samples),
    }


def run(args: argparse.Namespace) -> dict[str, object]:
    port = args.port or free_port()
    log = Path(args.log or f"/tmp/stratmon-load-{port}.log")
    server = None
    if not args.base_port:
        server = start_server(args, port, log)
    else:
        port = args.base_port
    try:
        users = make_users(args)
        cookies = [sign_in(port, name) for name, _ in users]
        # `{member}` in a URL: a focal point's own Member, else --member.
        urls = [
            [(u, u.replace("{member}", args.member if m == "-" else m)) for u in args.urls]
            for _, m in users
        ]
        results = Results()
        now = time.monotonic()
        counted_from = now + args.warmup
        until = counted_from + args.duration
        threads = [
            threading.Thread(
                target=user_loop,
                args=(port, cookie, urls[i], i, until, counted_from, args.think, results),
            )
            for i, cookie in enumerate(cookies)
        ]
        for t in threads:
            t.start()
        time.sleep(max(0.0, counted_from - time.monotonic()))
        pids = process_tree(server.pid) if server else []
        db_cpu = None
        if args.database_url and args.database_url.startswith("postgres"):
            db_cpu = DatabaseCpu(args.database_url)
            db_cpu.start()
        cpu0, own0, busy0 = cpu_seconds(pids), time.process_time(), machine_busy()
        wall0 = time.monotonic()
        for t in threads:
            t.join()
        wall = time.monotonic() - wall0
        cpu1, own1, busy1 = cpu_seconds(pids), time.process_time(), machine_busy()
        db_seconds = db_cpu.used() if db_cpu else None
    finally:
        if server:
            server.terminate()
            server.wait(timeout=60)
    cores = os.cpu_count() or 1
    report: dict[str, object] = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "source": str(args.source),
        "database": args.database_url or f"sqlite:{args.var_dir}",
        "users": len(users),
        "mix": args.mix,
        "duration_s": args.duration,
        "think_s": args.think,
        "loop": "closed (no think time)" if not args.think else f"think {args.think} s",
        "server_cpu_cores": round(cpu_used(cpu0, cpu1) / wall, 2) if server else None,
        "client_cpu_cores": round((own1 - own0) / wall, 2),
        # PostgreSQL's processes for the database (those open when measuring began).
        "database_cpu_cores": round(db_seconds / wall, 2) if db_seconds is not None else None,
        "machine_busy_cores": round((busy1[0] - busy0[0]) / max(1, busy1[1] - busy0[1]) * cores, 2),
        "per_url": {
            url: summary([s for s in results.samples if s.url == url], args.duration)
            for url in args.urls
        },
        "total": summary(results.samples, args.duration),
        "errors": results.errors,
    }
    return report


def print_report(report: dict[str, object]) -> None:
    print(
        f"{report['users']} users, {report['duration_s']} s, {report['loop']}; "
        f"database {report['database']}; source {report['source']}"
    )
    print(
        f"CPU (cores of {os.cpu_count()}): server {report['server_cpu_cores']}, "
        f"PostgreSQL {report['database_cpu_cores']}, load generator "
        f"{report['client_cpu_cores']}, whole machine {report['machine_busy_cores']}"
    )
    head = (
        f"{'URL':<50} {'req':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'err':>5}"
    )
    print(head)
    rows = {**report["per_url"], "all": report["total"]}  # type: ignore[dict-item]
    for url, s in rows.items():
        if not s["requests"]:
            print(f"{url:<50} {0:>6}")
            continue
        print(
            f"{url:<50} {s['requests']:>6} {s['rps']:>7.1f} {s['p50_ms']:>8.1f} "
            f"{s['p95_ms']:>8.1f} {s['p99_ms']:>8.1f} {s['errors']:>5}"
        )
    for error, n in report["errors"].items():  # type: ignore[attr-defined]
        print(f"  {n} × {error}")


def main(argv: list[str] | None = None) -> None:
    # The server's "today" (UTC unless TIME_ZONE says otherwise), as the page's default.
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "urls",
        nargs="*",
        default=[f"{PLAN}?as_of=2024-06-30", f"{PLAN}?as_of={today}"],
        help="paths to request (default: the ROCB plan page as of 2024-06-30 and today); "
        "{member} stands for a focal point's own Member",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database-url", help="PostgreSQL (or sqlite://) database to serve")
    where.add_argument("--var-dir", type=Path, help="STRATMON_VAR_DIR of a SQLite database")
    parser.add_argument("--source", type=Path, default=ROOT, help="checkout whose code serves")
    parser.add_argument("--mix", default=MIX, help=f"users per role (default {MIX})")
    parser.add_argument(
        "--member", default="FJI", help="{member} in a URL for users other than focal points"
    )
    parser.add_argument("--duration", type=float, default=60, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=5, help="seconds run before measuring")
    parser.add_argument("--think", type=float, default=0, help="mean seconds between requests")
    parser.add_argument("--workers", type=int, help="stratmon serve --workers")
    parser.add_argument(
        "--serve-arg", dest="serve_args", action="append", default=[], help="more serve options"
    )
    parser.add_argument("--port", type=int, help="port to serve on (default: a free one)")
    parser.add_argument("--base-port", type=int, help="use a server already on this port")
    parser.add_argument("--log", help="server log file")
    parser.add_argument("--json", help="also write the report as JSON to this file")
    args = parser.parse_args(argv)
    args.source = args.source.resolve()
    report = run(args)
    print_report(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
