"""E-mail through a real worker on Redis to a real SMTP server, and the transaction contract."""

import time

import pytest
from django.db import transaction

from portal.mail import queue_email
from portal.models import OutgoingEmail

pytestmark = pytest.mark.integration


def test_worker_delivers_committed_email_and_never_a_rolled_back_one(celery_worker, smtp_sink):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email(to="lost@example.org", subject="Rolled back", body_text="Never sent")
        raise RuntimeError("the request failed after queueing the e-mail")

    with transaction.atomic():
        email = queue_email(
            to="ana@example.org",
            subject="Committed",
            body_text="Sent by the worker",
            body_html="<p>Sent by the worker</p>",
        )

    # The worker takes one message at a time, in order: once "Committed" has arrived, anything
    # enqueued before it would have arrived too.
    [message] = smtp_sink.wait_for(lambda m: m["Subject"] == "Committed")
    assert message["To"] == "ana@example.org"
    assert smtp_sink.subjects() == ["Committed"]
    assert not OutgoingEmail.objects.filter(subject="Rolled back").exists()
    # The worker marks the row sent just after the SMTP server has accepted the message.
    deadline = time.monotonic() + 10
    while email.status != OutgoingEmail.Status.SENT and time.monotonic() < deadline:
        time.sleep(0.1)
        email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.attempts == 1


def test_signup_verification_mail_goes_through_the_worker(celery_worker, smtp_sink, client, site):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "a long passphrase",
            "password2": "a long passphrase",
        },
    )
    assert response.status_code == 302
    [message] = smtp_sink.wait_for(lambda m: m["To"] == "new@example.org")
    body = (
        message.get_payload(0).get_payload(decode=True).decode()
        if message.is_multipart()
        else message.get_payload(decode=True).decode()
    )
    assert "/accounts/confirm-email/" in body
    record = OutgoingEmail.objects.get(category="email_confirmation_signup")
    deadline = time.monotonic() + 10
    while record.status != OutgoingEmail.Status.SENT and time.monotonic() < deadline:
        time.sleep(0.1)
        record.refresh_from_db()
    assert record.status == OutgoingEmail.Status.SENT
