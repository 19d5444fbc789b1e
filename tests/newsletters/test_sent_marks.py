"""A copy's sent mark is written while the next copy's envelope goes out, and committed before
that copy's message does (newsletters.delivery): the server accepts no copy while the one
before it is unmarked, so a worker killed at any moment leaves at most one accepted copy
unmarked. ``send_after`` answers refusals as ``smtplib.sendmail`` does."""

import smtplib
import threading
import time

import pytest
from django.db import connections

from newsletters import delivery, services
from newsletters.factories import NewsletterIssueFactory, bulk_subscribers
from newsletters.models import Delivery
from tests.smtp import SMTPSink, _Handler, send_through

RECIPIENTS = 60


class CheckingHandler(_Handler):
    """On each message, before accepting it, reads (on a connection of its own, so only what is
    committed) how many rows of the issue are marked sent."""

    def __init__(self):
        super().__init__()
        self.sent_before = []
        self.issue_pk = None

    async def handle_DATA(self, server, session, envelope):
        result = {}

        def read():  # the ORM in a thread of its own, as in any synchronous code
            try:
                result["sent"] = Delivery.objects.filter(
                    issue_id=self.issue_pk, status=Delivery.Status.SENT
                ).count()
            finally:
                connections.close_all()

        reader = threading.Thread(target=read)
        reader.start()
        reader.join()
        with self.lock:
            self.sent_before.append(result["sent"])
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def checking_sink(settings):
    sink = SMTPSink()
    sink.handler = CheckingHandler()
    sink.controller.handler = sink.handler
    send_through(settings, sink)
    with sink:
        yield sink


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_each_copy_reaches_the_server_only_once_the_one_before_is_marked_sent(
    site, topics, moderator, checking_sink, monkeypatch, settings
):
    settings.NEWSLETTER_STATUS_CHECK = 25
    monkeypatch.setattr(services, "enqueue_sending", lambda pk: None)
    bulk_subscribers(RECIPIENTS, topics[:1])
    issue = services.approve(NewsletterIssueFactory(topics=topics[:1]), moderator)
    checking_sink.handler.issue_pk = issue.pk

    written_by = set()
    write = delivery.SentMarks._write

    def recording_write(marks, pk):  # a slow database: each mark takes 10 ms
        written_by.add(threading.current_thread().name)
        time.sleep(0.01)
        return write(marks, pk)

    monkeypatch.setattr(delivery.SentMarks, "_write", recording_write)

    assert services.send_batch(issue.pk, size=RECIPIENTS) == RECIPIENTS

    # The n-th message (from 0) arrived with the n copies before it committed as sent.
    assert checking_sink.handler.sent_before == list(range(RECIPIENTS))
    assert issue.deliveries.filter(status=Delivery.Status.SENT).count() == RECIPIENTS
    assert len({str(m["To"]) for m in checking_sink.messages}) == RECIPIENTS
    # Outside a transaction, on PostgreSQL, the marks were written by the marking thread.
    assert [name.startswith("sent-marks") for name in written_by] == [True]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_mark_that_fails_stops_the_batch_and_no_further_copy_is_accepted(
    site, topics, moderator, checking_sink, monkeypatch
):
    monkeypatch.setattr(services, "enqueue_sending", lambda pk: None)
    bulk_subscribers(10, topics[:1])
    issue = services.approve(NewsletterIssueFactory(topics=topics[:1]), moderator)
    checking_sink.handler.issue_pk = issue.pk
    write, calls = delivery.SentMarks._write, []

    def failing_third(marks, pk):
        calls.append(pk)
        if len(calls) == 3:
            raise RuntimeError("the database went away")
        return write(marks, pk)

    monkeypatch.setattr(delivery.SentMarks, "_write", failing_third)

    with pytest.raises(delivery.MarkFailed):
        services.send_batch(issue.pk, size=10)

    # Copies 1-3 were accepted; the 4th was stopped before its message: the server dropped it.
    assert len(checking_sink.messages) == 3
    statuses = list(issue.deliveries.order_by("pk").values_list("status", flat=True))
    # The third copy (accepted, unmarked) stays claimed: queued again after the claim timeout
    # (it is the one copy that may then arrive twice); the copies not sent go back to the queue.
    assert statuses == ["sent", "sent", "sending"] + ["queued"] * 7


class Refusing(_Handler):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == "gone@example.org":
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def smtp():
    sink = SMTPSink()
    sink.handler = Refusing()
    sink.controller.handler = sink.handler
    with sink:
        client = smtplib.SMTP("127.0.0.1", sink.port)
        yield sink, client
        client.close()


MESSAGE = b"Subject: Hello\r\nTo: reader@example.org\r\n\r\n.a line that starts with a dot\r\nend"


def test_send_after_delivers_what_sendmail_would_and_calls_back_before_the_message(smtp):
    sink, client = smtp
    order = []

    def before():
        order.append(len(sink.messages))

    delivery.send_after(client, "news@example.org", "reader@example.org", MESSAGE, before)
    client.sendmail("news@example.org", ["reader@example.org"], MESSAGE)

    assert order == [0]  # called while the server held nothing yet
    first, second = sink.messages
    assert first.as_bytes() == second.as_bytes()
    assert first.get_payload().startswith(".a line")  # the leading dot kept, not doubled


def test_send_after_raises_as_sendmail_does_and_the_session_goes_on(smtp):
    sink, client = smtp

    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        delivery.send_after(client, "n@example.org", "gone@example.org", MESSAGE, lambda: None)
    assert refused.value.recipients == {"gone@example.org": (550, b"5.1.1 No such mailbox")}

    delivery.send_after(client, "n@example.org", "reader@example.org", MESSAGE, lambda: None)
    assert len(sink.messages) == 1


def test_when_the_callback_fails_the_message_is_not_sent(smtp):
    sink, client = smtp

    def fail():
        raise RuntimeError("not committed")

    with pytest.raises(RuntimeError):
        delivery.send_after(client, "n@example.org", "reader@example.org", MESSAGE, fail)

    assert sink.messages == []
    with pytest.raises(smtplib.SMTPServerDisconnected):
        client.noop()  # closed: the server dropped the unfinished message
