"""A newsletter worker killed mid-send (SIGKILL) and a new one started: every recipient receives
the issue, and no address receives two different copies.

Real worker processes on Redis, a real SMTP server, a real SIGKILL. The server answers the first
copies at once and holds its answer to the later ones, so that the kill lands while the worker
waits for the server. The copy the server had accepted in that instant is the only one that can
arrive twice, and it arrives with the same Message-ID (what a receiving server or client drops
as a duplicate); every other address receives exactly one message.
"""

import collections
import time

import pytest
from django.test import override_settings

from newsletters import services
from newsletters.factories import NewsletterIssueFactory, bulk_subscribers, default_topics
from newsletters.models import Delivery, NewsletterIssue
from portal.factories import UserFactory
from portal.roles import SECRETARIAT_MODERATORS
from tests.pages import make_home_page

pytestmark = pytest.mark.integration

RECIPIENTS = 1000
ANSWERED = 300  # the server answers these at once, then holds its answer


def wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Not within {timeout}s: {what}")
        time.sleep(0.1)


def statuses(issue):
    return collections.Counter(issue.deliveries.values_list("status", flat=True))


def test_a_killed_worker_and_a_new_one_finish_the_issue_without_loss_or_duplicate(
    start_worker, smtp_sink
):
    from django.contrib.auth.models import Group

    make_home_page()
    topics = default_topics()
    bulk_subscribers(RECIPIENTS, topics[:1])
    moderator = UserFactory(groups=[Group.objects.get(name=SECRETARIAT_MODERATORS)])
    smtp_sink.hold_replies(60, after=ANSWERED)
    worker = start_worker()

    issue = services.approve(NewsletterIssueFactory(topics=topics[:1]), moderator)

    wait_until(lambda: len(smtp_sink.messages) > ANSWERED, 60, "the server holding its answer")
    worker.kill()  # SIGKILL
    worker.wait()
    smtp_sink.hold_replies(0)
    counts = statuses(issue)
    assert counts["sent"] == ANSWERED
    assert counts["sending"] >= 1  # the copy in flight, and the rest of the worker's batch
    assert counts["sent"] + counts["sending"] + counts["queued"] == RECIPIENTS

    # A new worker; the dispatcher (beat's, every minute) takes the dead worker's claims as lost
    # once they are older than the claim timeout (shortened here) and enqueues the issue again.
    start_worker()
    time.sleep(1.5)
    with override_settings(NEWSLETTER_CLAIM_TIMEOUT=1):
        assert services.dispatch_newsletters()["recovered"] == counts["sending"]
    wait_until(
        lambda: NewsletterIssue.objects.get(pk=issue.pk).status == "sent", 120, "the issue sent"
    )

    assert statuses(issue) == {"sent": RECIPIENTS}
    by_address = collections.defaultdict(list)
    for message in smtp_sink.messages:
        by_address[str(message["To"])].append(str(message["Message-ID"]))
    expected = set(Delivery.objects.filter(issue=issue).values_list("email", flat=True))
    assert set(by_address) == expected  # no loss
    for address, ids in by_address.items():
        assert len(set(ids)) == 1, f"{address} received two different copies"
    copies = sum(len(ids) for ids in by_address.values())
    assert copies - RECIPIENTS <= 1  # at most the copy in flight at the kill, same Message-ID
