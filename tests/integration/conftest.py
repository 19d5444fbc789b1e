"""A real Celery worker, in its own process, on the Redis broker and the test database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from portal.celery import app
from tests.smtp import SMTPSink

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def smtp_sink():
    with SMTPSink() as sink:
        yield sink


def _database_url():
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def start_worker(transactional_db, smtp_sink, tmp_path):
    """A function that starts ``celery worker`` on a queue of this test's own, and waits until it
    is ready; tasks sent by the test go to that queue. Every worker started is stopped after."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        # The task a worker sends itself (a newsletter's next batches) goes to this queue too.
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_URL": smtp_sink.url,
        "PYTHONUNBUFFERED": "1",
    }
    processes = []

    def start():
        log = tmp_path / f"worker-{len(processes)}.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [
                    sys.executable, "-m", "celery", "-A", "portal", "worker",
                    "--queues", queue, "--concurrency", "1", "--pool", "solo",
                    "--without-gossip", "--without-mingle", "--without-heartbeat",
                    "--loglevel", "INFO",
                ],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        processes.append(process)
        deadline = time.monotonic() + 60
        while "ready." not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"The Celery worker did not start:\n{log.read_text()}")
            time.sleep(0.2)
        return process

    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    try:
        yield start
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        for process in processes:
            if process.poll() is None:
                process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        connection.close()


@pytest.fixture
def celery_worker(start_worker):
    """One worker, started before the test."""
    return start_worker()
