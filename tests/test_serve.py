"""`stratmon serve`: a production WSGI server on the embedded database, started for real."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.postgres import scratch_database


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> urllib.request.addinfourl:
    deadline = time.monotonic() + seconds
    while True:
        try:
            return urllib.request.urlopen(url, timeout=5)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture
def server(tmp_path):
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environ["STRATMON_VAR_DIR"] = str(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "stratmon", "serve", "--port", str(port), "--workers", "2"],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield proc, f"http://127.0.0.1:{port}"
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_serve_runs_gunicorn_with_two_workers_and_no_version_banner(server):
    proc, url = server
    response = wait_for(url + "/sign-in/")
    assert response.status == 200
    assert response.headers["Server"] == "gunicorn"  # no version number
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert "(2 workers; Ctrl-C stops it)" in out
    assert err.count("Booting worker") == 2
    assert '"GET /sign-in/ HTTP/1.1" 200' in out  # one access-log line per request


def test_serve_refuses_a_bad_port_with_one_line(tmp_path):
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environ["STRATMON_VAR_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "stratmon", "serve", "--port", "70000"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == "CommandError: --port must be from 1 to 65535, got 70000"


def test_serve_runs_on_postgresql_too(tmp_path):
    import psycopg

    with scratch_database("stratmon_serve") as url:
        port = free_port()
        env = dict(os.environ, DATABASE_URL=url, STRATMON_VAR_DIR=str(tmp_path))
        proc = subprocess.Popen(
            [sys.executable, "-m", "stratmon", "serve", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            # the stylesheet: served whoever asks, once the server has migrated its database
            response = wait_for(f"http://127.0.0.1:{port}/static/web/stratmon.css")
            assert response.status == 200
            with psycopg.connect(url) as db:
                assert db.execute("SELECT count(*) FROM django_migrations").fetchone()[0] > 10
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.communicate(timeout=30)
