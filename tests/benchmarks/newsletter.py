"""``make bench`` (newsletters, issue 17): 50,000 subscribers; one Celery worker sends an issue to
10,000 of them through a local SMTP sink, beside a bare ``smtplib`` loop sending the same
messages to the same sink in the same run.

    python -m tests.benchmarks.newsletter

The sink is aiosmtpd's ``Sink`` handler in a process of its own (it keeps nothing); the worker
is ``celery worker --pool solo`` with the benchmark's production settings, on a queue of the
run's own that is every process's default (``CELERY_TASK_DEFAULT_QUEUE``), so that the batches
the issue's task enqueues for itself reach it too.
The worker's time runs from the issue's approval (its audience frozen into 10,000 delivery rows)
to the issue marked sent; the bare loop's from its first ``sendmail`` to its last, on one
connection, with the messages built beforehand (the worker builds each copy as it sends it:
the issue's message prepared once per batch and language, the copy's own values substituted).

**Budget**: the worker sends at least ``MIN_RATE`` messages a second, and at least half the bare
loop's rate. Results: tests/benchmarks/results/newsletter.json. Exit status 1 when missed.

Environment: BENCH_DATABASE_URL [postgres://postgres@127.0.0.1:5432/portal_bench] (this scenario
uses ``<name>_newsletter``), BENCH_CACHE_URL [redis://127.0.0.1:6379/14], BENCH_BROKER_URL
[redis://127.0.0.1:6379/13], BENCH_SMTP_PORT [8035], BENCH_SUBSCRIBERS [50000], BENCH_RECIPIENTS
[10000].
"""

import json
import os
import secrets
import smtplib
import subprocess
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATABASE_URL = (
    os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
    + "_newsletter"
)
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")
SMTP_PORT = int(os.environ.get("BENCH_SMTP_PORT", "8035"))
SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "50000"))
RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", "10000"))
MIN_RATE = 300
SECRET_KEY = secrets.token_urlsafe(50)
# The worker's queue, the benchmark's own: the default queue of every process of the run (this
# one, which enqueues the issue, and the worker, whose task enqueues the issue's next batches).
QUEUE = f"bench-{uuid.uuid4().hex[:8]}"
ENV = {
    "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings",
    "DATABASE_URL": DATABASE_URL,
    "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14")
    + "?key_prefix=bench-newsletter",
    "SECRET_KEY": SECRET_KEY,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SITE_URL": "http://127.0.0.1:8031",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
    "CELERY_BROKER_URL": BROKER_URL,
    "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
    "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
    "PYTHONUNBUFFERED": "1",
}


def log(message):
    print(f"[bench newsletter] {message}", flush=True)


def setup_django():
    os.environ.update(ENV)
    from tests.benchmarks.run import create_database

    create_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed():
    """50,000 confirmed subscribers: ``RECIPIENTS`` of them to the benchmark's topic."""
    from newsletters.factories import TopicFactory, bulk_subscribers
    from newsletters.models import Subscriber

    sent_to = TopicFactory(slug="bench-recipients", name="Bench recipients")
    others = TopicFactory(slug="bench-others", name="Bench others")
    have = Subscriber.objects.filter(email__endswith="@bench.example.org").count()
    if have < SUBSCRIBERS:
        log(f"adding {SUBSCRIBERS - have} subscribers")
        Subscriber.objects.filter(email__endswith="@bench.example.org").delete()
        bulk_subscribers(RECIPIENTS, [sent_to], prefix="recipient", domain="bench.example.org")
        bulk_subscribers(
            SUBSCRIBERS - RECIPIENTS, [others], prefix="other", domain="bench.example.org"
        )
    return sent_to


def start(command, log_name):
    out = (HERE / "results" / log_name).open("w")
    return subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **ENV}, stdout=out, stderr=subprocess.STDOUT
    )


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_for_port(port, timeout=20):
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def worker_run(topic):
    from django.contrib.auth import get_user_model

    from newsletters import services
    from newsletters.factories import NewsletterIssueFactory
    from newsletters.models import NewsletterIssue
    from portal.celery import app

    app.conf.task_always_eager = False
    if app.conf.task_default_queue != QUEUE:
        raise RuntimeError("the issue would be enqueued where the worker does not listen")
    moderator, _ = get_user_model().objects.get_or_create(
        email="bench-moderator@example.org", defaults={"is_superuser": True}
    )
    issue = NewsletterIssueFactory(slug=f"bench-{uuid.uuid4().hex[:8]}", topics=[topic])
    started = time.monotonic()
    services.approve(issue, moderator)
    while NewsletterIssue.objects.get(pk=issue.pk).status != NewsletterIssue.Status.SENT:
        time.sleep(0.05)
        if time.monotonic() - started > 600:
            raise RuntimeError("the issue was not sent within 10 minutes")
    elapsed = time.monotonic() - started
    sent = issue.deliveries.filter(status="sent").count()
    return issue, sent, elapsed


def bare_run(issue):
    from newsletters import rendering

    messages = [
        rendering.build_message(issue, email=email, language="en")
        .message()
        .as_bytes(linesep="\r\n")
        for email in issue.deliveries.values_list("email", flat=True)
    ]
    started = time.monotonic()
    with smtplib.SMTP("127.0.0.1", SMTP_PORT) as smtp:
        for message, email in zip(
            messages, issue.deliveries.values_list("email", flat=True), strict=True
        ):
            smtp.sendmail("noreply@localhost", [email], message)
    return len(messages), time.monotonic() - started


def main():
    setup_django()
    topic = seed()
    (HERE / "results").mkdir(exist_ok=True)
    sink = start(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{SMTP_PORT}",
         "-c", "aiosmtpd.handlers.Sink"],
        "newsletter-sink.log",
    )  # fmt: skip
    worker = start(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--queues", QUEUE,
         "--pool", "solo", "--concurrency", "1", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "--loglevel", "WARNING"],
        "newsletter-worker.log",
    )  # fmt: skip
    try:
        wait_for_port(SMTP_PORT)
        time.sleep(3)  # the worker connects to the broker
        issue, sent, worker_seconds = worker_run(topic)
        bare_sent, bare_seconds = bare_run(issue)
    finally:
        stop(worker)
        stop(sink)
    worker_rate, bare_rate = sent / worker_seconds, bare_sent / bare_seconds
    result = {
        "subscribers": SUBSCRIBERS,
        "recipients": sent,
        "worker_seconds": round(worker_seconds, 2),
        "worker_messages_per_second": round(worker_rate, 1),
        "bare_smtplib_seconds": round(bare_seconds, 2),
        "bare_messages_per_second": round(bare_rate, 1),
        "ratio_to_bare": round(worker_rate / bare_rate, 3),
        "budget": {"min_rate": MIN_RATE, "min_ratio_to_bare": 0.5},
    }
    result["ok"] = sent == RECIPIENTS and worker_rate >= MIN_RATE and worker_rate >= bare_rate / 2
    (HERE / "results" / "newsletter.json").write_text(json.dumps(result, indent=2) + "\n")
    log(json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
