"""A worker killed while it sends: no message is lost, and a message arrives twice only when the
mail server had accepted it before the kill (the copy sent again carries the same Message-ID).

Real worker processes on Redis, a real SMTP server, a real SIGKILL. The server accepts the first
messages at once and holds its answer to the later ones, so that the kill lands while the worker
waits for the server: the message is accepted, but the worker never learns it.
"""

import collections
import time

import pytest
from django.db import transaction
from django.test import override_settings

from portal.mail import queue_email
from portal.models import OutgoingEmail
from portal.tasks import dispatch_queued_emails

pytestmark = pytest.mark.integration

MESSAGES = 16
ANSWERED = 5  # the server answers these at once; it holds its answer to the sixth


def wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Not within {timeout}s: {what}")
        time.sleep(0.05)


def statuses():
    return collections.Counter(OutgoingEmail.objects.values_list("status", flat=True))


def test_no_email_is_lost_when_the_worker_is_killed_mid_send(start_worker, smtp_sink):
    smtp_sink.hold_replies(60, after=ANSWERED)
    worker = start_worker()
    with transaction.atomic():
        emails = [
            queue_email(to=f"member{n}@example.org", subject=f"Message {n}", body_text=f"Body {n}")
            for n in range(MESSAGES)
        ]

    # The server has accepted the sixth message; the worker waits for its answer. Kill it.
    wait_until(lambda: len(smtp_sink.messages) > ANSWERED, 30, "the sixth message accepted")
    worker.kill()
    worker.wait()
    killed_at = time.monotonic()
    smtp_sink.hold_replies(0)
    accepted_before_kill = {m["Message-ID"] for m, at in smtp_sink.accepted() if at < killed_at}
    assert len(accepted_before_kill) == ANSWERED + 1
    assert statuses() == {"sent": ANSWERED, "sending": 1, "queued": MESSAGES - ANSWERED - 1}
    interrupted = OutgoingEmail.objects.get(status=OutgoingEmail.Status.SENDING)
    assert interrupted.message_id in accepted_before_kill

    # A new worker sends what was still queued. The interrupted message's task is held by the
    # broker until its visibility timeout (an hour): the worker never gets it.
    start_worker()
    wait_until(lambda: statuses()["sent"] == MESSAGES - 1, 30, "the queued messages sent")
    interrupted.refresh_from_db()
    assert interrupted.status == OutgoingEmail.Status.SENDING

    # The dispatcher (beat's, every minute) takes the claim of the dead worker as lost once it is
    # older than the claim timeout (shortened here from the hard time limit plus a margin).
    with override_settings(EMAIL_CLAIM_TIMEOUT=1):
        wait_until(
            lambda: dispatch_queued_emails.apply().result["interrupted"] == 1,
            10,
            "the interrupted message queued again",
        )
    wait_until(lambda: statuses() == {"sent": MESSAGES}, 30, "every message sent")

    arrivals = collections.Counter(m["Message-ID"] for m in smtp_sink.messages)
    for email in emails:
        email.refresh_from_db()
        assert arrivals[email.message_id] >= 1, f"{email.subject} was lost"
        if arrivals[email.message_id] > 1:
            assert email.message_id in accepted_before_kill, f"{email.subject} sent twice"
    assert sum(arrivals.values()) == MESSAGES + 1  # only the interrupted one, twice
    assert arrivals[interrupted.message_id] == 2
    interrupted.refresh_from_db()
    assert interrupted.attempts == 2 and interrupted.last_error == ""
    copies = [m for m in smtp_sink.messages if m["Message-ID"] == interrupted.message_id]
    assert [str(m["Subject"]) for m in copies] == [interrupted.subject] * 2
