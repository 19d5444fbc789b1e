"""The real processes behind the browser tests: gunicorn serving the portal and a Celery worker,
both on the pytest-django test database, Redis and an SMTP sink."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# Loopback ports the test servers may take (TEST_PORTS="8031-8039" by default).
_first, _last = os.environ.get("TEST_PORTS", "8031-8039").split("-")
TEST_PORTS = range(int(_first), int(_last) + 1)


def listening_socket():
    """A socket listening on the first free port of TEST_PORTS. It is handed to gunicorn as it
    is (``--bind fd://``), so that no other process can take the port in between."""
    for port in TEST_PORTS:
        sock = socket.socket()
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            sock.close()
            continue
        sock.listen(128)
        sock.set_inheritable(True)
        return sock
    raise RuntimeError(f"No free port in {TEST_PORTS.start}-{TEST_PORTS.stop - 1}")


def start_smtp_sink():
    """An SMTP sink (tests/smtp.py) on the first free port of TEST_PORTS; call ``stop()``."""
    from tests.smtp import SMTPSink

    for port in TEST_PORTS:
        sink = SMTPSink(port=port)
        try:
            sink.controller.start()
        except (OSError, RuntimeError):
            continue
        return sink
    raise RuntimeError(f"No free port in {TEST_PORTS.start}-{TEST_PORTS.stop - 1}")


def database_url():
    """The pytest-django test database, as a URL for another process."""
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def _stop(process, stop_signal):
    """Stop the process and its children (gunicorn's workers): they run in a process group of
    their own, so that none is left holding a connection to the test database."""
    try:
        os.killpg(process.pid, stop_signal)
        process.wait(timeout=15)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def _process(args, env, log, ready, what, timeout=60, stop_signal=signal.SIGTERM, pass_fds=()):
    with log.open("w") as out:
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            pass_fds=pass_fds,
        )
    try:
        deadline = time.monotonic() + timeout
        while not ready():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield process
    finally:
        _stop(process, stop_signal)


def _answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
            return response.status == 200
    except urllib.error.HTTPError as error:
        print(url, error.code, error.read()[:500])
        return False
    except (OSError, urllib.error.URLError):
        return False


class Portal:
    """The running portal: its base URL, and the Redis keys of its cache."""

    def __init__(self, url, cache_url, cache_prefix, log):
        self.url = url
        self.cache_url = cache_url
        self.cache_prefix = cache_prefix
        self.log = log

    def __call__(self, path):
        return self.url + path

    def clear_cache(self):
        """Forget the server's cache (pages, rate limits, site root paths), and only its own."""
        client = redis.Redis.from_url(self.cache_url)
        try:
            keys = list(client.scan_iter(match=f"{self.cache_prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
        finally:
            client.close()


@contextmanager
def serve_portal(smtp_url, logs):
    """Start a Celery worker and gunicorn on the test database; yield a ``Portal``."""
    sock = listening_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    queue = f"browser-{uuid.uuid4().hex[:12]}"
    prefix = f"browser-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.browser.settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_URL": smtp_url,
        "SITE_URL": url,
        "BROWSER_CACHE_REDIS_URL": settings.CELERY_BROKER_URL,
        "BROWSER_CACHE_KEY_PREFIX": prefix,
        # Files the tests create (documents) and the server stores (uploads) in one place.
        "BROWSER_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REQUIRE_SERVICES", None)
    worker_log, server_log = logs / "celery-worker.log", logs / "gunicorn.log"
    worker = [
        sys.executable, "-m", "celery", "-A", "portal", "worker",
        "--queues", queue, "--concurrency", "1", "--pool", "solo",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO",
    ]  # fmt: skip
    server = [
        sys.executable, "-m", "gunicorn", "tests.browser.wsgi:application",
        "--bind", f"fd://{sock.fileno()}", "--workers", "1", "--worker-class", "gthread",
        "--threads", "4", "--timeout", "60", "--access-logfile", "-", "--no-control-socket",
    ]  # fmt: skip
    with (
        _process(worker, env, worker_log, lambda: "ready." in worker_log.read_text(), "Celery"),
        # SIGINT: gunicorn's quick shutdown (SIGTERM would wait for keep-alive connections).
        _process(
            server,
            env,
            server_log,
            lambda: _answers(f"{url}/healthz"),
            "gunicorn",
            stop_signal=signal.SIGINT,
            pass_fds=(sock.fileno(),),
        ),
    ):
        yield Portal(url, settings.CELERY_BROKER_URL, prefix, server_log)
    sock.close()
    _wait_for_other_sessions_to_end()
    connection.close()


def _wait_for_other_sessions_to_end(timeout=15):
    """PostgreSQL ends a stopped process's session a moment later; pytest-django can only drop
    the test database once none is left."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.2)
        cursor.execute(
            "SELECT pid, application_name, client_port, state, backend_start, left(query, 200)"
            " FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        raise RuntimeError(f"Sessions left on the test database: {cursor.fetchall()}")
