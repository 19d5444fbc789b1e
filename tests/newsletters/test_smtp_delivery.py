"""2,000 recipients through a real SMTP server on loopback (aiosmtpd) that refuses some copies
with a transient error the first time and some for good: each address receives exactly one
copy, the permanent refusals are recorded, and nothing is lost."""

import collections

import pytest

from newsletters import services
from newsletters.factories import NewsletterIssueFactory, bulk_subscribers
from newsletters.models import Delivery, NewsletterIssue
from tests.smtp import SMTPSink, _Handler, send_through

pytestmark = pytest.mark.django_db

RECIPIENTS = 2000


class FlakyHandler(_Handler):
    """Answers 451 to the first try of every seventh address, 550 to the permanently refused."""

    def __init__(self, refused):
        super().__init__()
        self.tries = collections.Counter()
        self.refused = refused

    async def handle_DATA(self, server, session, envelope):
        [recipient] = envelope.rcpt_tos
        with self.lock:
            self.tries[recipient] += 1
            first_try = self.tries[recipient] == 1
        if recipient in self.refused:
            return "550 5.1.1 No such mailbox"
        if first_try and int(recipient.removeprefix("reader").split("@")[0]) % 7 == 0:
            return "451 4.3.0 Try again later"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def flaky_sink(settings):
    sink = SMTPSink()
    sink.handler = FlakyHandler(refused={"reader3@example.org", "reader1001@example.org"})
    sink.controller.handler = sink.handler
    send_through(settings, sink)
    with sink:
        yield sink


def test_two_thousand_recipients_each_receive_exactly_one_copy(
    site, topics, moderator, flaky_sink, run_on_commit_at_once, settings
):
    settings.NEWSLETTER_RETRY_BACKOFF = 0
    bulk_subscribers(RECIPIENTS, topics[:1])
    issue = NewsletterIssueFactory(topics=topics[:1])

    services.approve(issue, moderator)

    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    received = collections.Counter(str(m["To"]) for m in flaky_sink.messages)
    expected = {f"reader{n}@example.org" for n in range(RECIPIENTS)}
    refused = {"reader3@example.org", "reader1001@example.org"}
    assert set(received) == expected - refused  # nobody lost
    assert max(received.values()) == 1  # nobody twice
    statuses = collections.Counter(issue.deliveries.values_list("status", flat=True))
    assert statuses == {"sent": RECIPIENTS - 2, "failed": 2}
    failed = Delivery.objects.get(issue=issue, email="reader3@example.org")
    assert "550" in failed.last_error
    assert failed.attempts == 1  # a permanent refusal is not retried
    retried = Delivery.objects.get(issue=issue, email="reader7@example.org")
    assert (retried.status, retried.attempts) == ("sent", 2)
