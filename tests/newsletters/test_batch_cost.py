"""What a batch costs, and that the fast way gives the same e-mail: a batch makes one query per
copy (marking it sent, before the next goes out) and the same number besides whatever its size (up
to a checkpoint), and a copy sent through SMTP from the message prepared once per language is the
message Django builds for that recipient."""

import email

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsletters import rendering, services
from newsletters.factories import NewsletterIssueFactory, SubscriberFactory, bulk_subscribers
from tests.smtp import SMTPSink, send_through

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_sink(settings):
    sink = SMTPSink()
    send_through(settings, sink)
    with sink:
        yield sink


def approved_without_sending(issue, moderator, monkeypatch):
    monkeypatch.setattr(services, "enqueue_sending", lambda pk: None)
    return services.approve(issue, moderator)


def queries_of_batch(issue, size):
    with CaptureQueriesContext(connection) as queries:
        assert services.send_batch(issue.pk, size=size) == size
    return len(queries.captured_queries)


@pytest.mark.parametrize("backend", ["smtp", "locmem"])
def test_a_batch_makes_one_query_per_copy_and_a_constant_number_besides(
    site, topics, moderator, monkeypatch, settings, request, backend
):
    if backend == "smtp":
        sink = request.getfixturevalue("smtp_sink")
    settings.NEWSLETTER_STATUS_CHECK = 50
    bulk_subscribers(56, topics[:1])
    issue = approved_without_sending(
        NewsletterIssueFactory(topics=topics[:1]), moderator, monkeypatch
    )
    services.send_batch(issue.pk, size=1)  # renders the issue (once per process and version)

    five, fifty = queries_of_batch(issue, 5), queries_of_batch(issue, 50)

    assert fifty - five == 45  # each copy's mark, committed before the next copy goes out
    assert five - 5 <= 12
    assert issue.deliveries.filter(status="sent").count() == 56
    if backend == "smtp":
        assert len(sink.messages) == 56


def test_each_checkpoint_adds_one_query(site, topics, moderator, monkeypatch, settings):
    settings.NEWSLETTER_STATUS_CHECK = 10
    bulk_subscribers(51, topics[:1])
    issue = approved_without_sending(
        NewsletterIssueFactory(topics=topics[:1]), moderator, monkeypatch
    )
    services.send_batch(issue.pk, size=1)

    ten, forty = queries_of_batch(issue, 10), queries_of_batch(issue, 40)

    # 30 more copies, each marked; at copies 10, 20 and 30 the issue's status is read (no failure
    # to record).
    assert forty - ten == 30 + 3


def parts(message):
    return {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in message.walk()
        if not part.is_multipart()
    }


def test_a_copy_sent_through_smtp_is_the_message_django_builds_for_its_recipient(
    site, topics, moderator, monkeypatch, smtp_sink
):
    SubscriberFactory(email="ana@example.org", topics=topics[:1], language="fr")
    SubscriberFactory(email="bo@example.org", topics=topics[:1])
    issue = approved_without_sending(
        NewsletterIssueFactory(topics=topics[:1], title="Été"), moderator, monkeypatch
    )

    assert rendering.prepare_message(issue, "fr") is not None  # sent from the prepared bytes
    assert rendering.prepare_message(issue, "en") is not None

    services.send_issue(issue.pk)

    received = {str(m["To"]): m for m in smtp_sink.messages}
    assert sorted(received) == ["ana@example.org", "bo@example.org"]
    for delivery in issue.deliveries.all():
        sent = received[delivery.email]
        built = email.message_from_bytes(
            rendering.build_message(
                issue,
                email=delivery.email,
                language=delivery.language,
                message_id_value=rendering.message_id(delivery),
            )
            .message()
            .as_bytes(linesep="\r\n")
        )
        for header in ("From", "To", "Subject", "Message-ID", "List-Unsubscribe-Post"):
            assert sent[header] == built[header], header
        unsubscribe = "".join(sent["List-Unsubscribe"].split())
        assert unsubscribe == "".join(built["List-Unsubscribe"].split())
        assert parts(sent) == parts(built)
        hrefs = {
            a["href"] for a in BeautifulSoup(parts(sent)["text/html"], "html.parser").find_all("a")
        }
        assert unsubscribe.strip("<>") in hrefs  # the recipient's own link, in header and body
        assert unsubscribe.strip("<>") in parts(sent)["text/plain"]


def test_a_message_whose_encoding_would_break_the_placeholders_is_built_by_django(
    site, topics, moderator, monkeypatch, smtp_sink
):
    SubscriberFactory(email="ana@example.org", topics=topics[:1])
    long_line = (
        "word " * 300
    )  # one line of 1,500 characters: Django encodes the part quoted-printable
    issue = approved_without_sending(
        NewsletterIssueFactory(topics=topics[:1], body=[("text", f"<p>{long_line}</p>")]),
        moderator,
        monkeypatch,
    )
    assert rendering.prepare_message(issue, "en") is None

    services.send_issue(issue.pk)

    [sent] = smtp_sink.messages
    html = parts(sent)["text/html"]
    assert long_line.strip() in html
    unsubscribe = "".join(sent["List-Unsubscribe"].split()).strip("<>")
    links = {a.get_text(): a["href"] for a in BeautifulSoup(html, "html.parser").find_all("a")}
    assert links["Unsubscribe"] == unsubscribe
    assert issue.deliveries.get().status == "sent"
