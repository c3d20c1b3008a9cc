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
    assert "Using worker: gthread" in err  # four threads each, by default
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


def test_workers_on_postgresql_each_have_their_own_connection(tmp_path):
    """`serve` migrates before forking: a connection left open then would be shared by the
    workers, and PostgreSQL would mix their results (500s, lost sessions) under load."""
    import http.cookiejar
    import re
    import threading
    import urllib.parse

    with scratch_database("stratmon_serve") as url:
        port = free_port()
        env = dict(os.environ, DATABASE_URL=url, STRATMON_VAR_DIR=str(tmp_path))
        for command in (["init"], ["users", "add", "load", "--role", "viewer", "--org", "rocb-ap"]):
            subprocess.run(
                [sys.executable, "-m", "stratmon", *command],
                env=dict(env, STRATMON_PASSWORD="x-serve-pass-phrase-1"),
                check=True,
                capture_output=True,
                timeout=120,
            )
        proc = subprocess.Popen(
            [sys.executable, "-m", "stratmon", "serve", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/static/web/stratmon.css")
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            form = opener.open(base + "/sign-in/", timeout=30).read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
            assert token is not None
            fields = {"username": "load", "password": "x-serve-pass-phrase-1"}
            data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token.group(1)})
            opener.open(base + "/sign-in/", data.encode(), timeout=30).read()
            statuses: list[int] = []

            def pages() -> None:
                for _ in range(25):
                    try:
                        response = opener.open(base + "/", timeout=60)
                        statuses.append(response.status if response.url == base + "/" else 302)
                    except urllib.error.HTTPError as exc:
                        statuses.append(exc.code)

            threads = [threading.Thread(target=pages) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert statuses == [200] * 100
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)


def test_serve_refuses_a_bad_thread_count_with_one_line(tmp_path):
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environ["STRATMON_VAR_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "stratmon", "serve", "--threads", "0"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == "CommandError: --threads must be from 1 to 64, got 0"
