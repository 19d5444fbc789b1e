"""The outbox carries attachments (a calendar file, a QR image): text and bytes as given."""

import pytest
from django.core import mail

from portal.mail import deliver_email, queue_email
from portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def test_text_and_binary_attachments_are_sent_as_given():
    png = b"\x89PNG\r\n\x1a\n\x00\xff"
    email = queue_email(
        to="ana@example.org",
        subject="Your place",
        body_text="See attached.",
        attachments=[
            ("invite.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"),
            ("code.png", png, "image/png"),
        ],
    )
    deliver_email(email.pk)
    [message] = mail.outbox
    assert [(name, mimetype) for name, _c, mimetype in message.attachments] == [
        ("invite.ics", "text/calendar"),
        ("code.png", "image/png"),
    ]
    assert message.attachments[1][1] == png


def test_a_secret_message_loses_its_attachments_once_sent():
    email = queue_email(
        to="ana@example.org",
        subject="Key",
        body_text="x",
        secret=True,
        attachments=[("a.txt", "secret", "text/plain")],
    )
    deliver_email(email.pk)
    assert OutgoingEmail.objects.get(pk=email.pk).attachments == []
