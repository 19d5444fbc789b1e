"""Approving and sending an issue: audience, deliveries, the e-mail itself, pause and resume."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import timezone

from members.factories import MemberContactFactory, MemberOrganisationFactory
from newsletters import services
from newsletters.factories import NewsletterIssueFactory, SubscriberFactory, SuppressionFactory
from newsletters.models import Delivery, NewsletterIssue, Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _send_on_commit(run_on_commit_at_once):
    pass


def test_an_approved_issue_goes_once_to_each_confirmed_subscriber_of_its_topics(
    site, topics, moderator
):
    news, events, _resources = topics
    SubscriberFactory(email="a@example.org", topics=[news])
    SubscriberFactory(email="b@example.org", topics=[news, events])
    SubscriberFactory(email="events-only@example.org", topics=[events])
    SubscriberFactory(email="paused@example.org", topics=[news], status=Subscriber.Status.PAUSED)
    SubscriberFactory(email="pending@example.org", topics=[news], status=Subscriber.Status.PENDING)
    SubscriberFactory(email="suppressed@example.org", topics=[news])
    SuppressionFactory(email="suppressed@example.org")
    issue = NewsletterIssueFactory(topics=[news, events])

    services.approve(issue, moderator)

    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    assert sorted(m.to[0] for m in mail.outbox) == [
        "a@example.org",
        "b@example.org",
        "events-only@example.org",
    ]
    assert set(issue.deliveries.values_list("status", flat=True)) == {"sent"}
    # Freezing again adds nobody twice.
    assert services.freeze_audience(issue) == 0


def test_each_copy_has_one_click_unsubscribe_headers_inlined_html_and_a_text_part(
    site, topics, moderator
):
    SubscriberFactory(email="a@example.org", topics=topics[:1])
    SubscriberFactory(email="b@example.org", topics=topics[:1])
    issue = NewsletterIssueFactory(topics=topics[:1], title="Summit news")

    services.approve(issue, moderator)

    first, second = sorted(mail.outbox, key=lambda m: m.to[0])
    assert first.subject == "Summit news"
    assert first.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = first.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/newsletter/unsubscribe/" in unsubscribe
    assert unsubscribe != second.extra_headers["List-Unsubscribe"].strip("<>")  # personal
    assert first.extra_headers["Message-ID"].startswith(f"<newsletter-{issue.pk}-")
    assert "The alliance welcomed three new members" in first.body  # the text part
    html, mimetype = first.alternatives[0]
    assert mimetype == "text/html"
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("style") is None  # inlined by css-inline
    assert "font-family" in soup.body["style"]
    assert "max-width: 640px" in soup.body.find("div")["style"]
    links = {a.get_text(): a["href"] for a in soup.find_all("a")}
    assert links["Unsubscribe"] == unsubscribe
    assert "/newsletter/preferences/" in links["Change your preferences"]
    assert links["Read it on the web"].endswith(f"/newsletter/archive/{issue.slug}/")


def test_the_members_bulletin_goes_only_to_member_contacts(site, topics, moderator):
    country = MemberOrganisationFactory(kind="country", country="FR")
    company = MemberOrganisationFactory(kind="company", country="BR")
    ended = MemberOrganisationFactory(kind="country", country="DE", status="ended")
    MemberContactFactory(organisation=country, user__email="minister@example.org")
    MemberContactFactory(organisation=company, user__email="ceo@example.org")
    MemberContactFactory(organisation=ended, user__email="former@example.org")
    opted_out = MemberContactFactory(organisation=country, user__email="optout@example.org")
    services.unsubscribe(opted_out.user.email, "bulletin")
    SubscriberFactory(email="public@example.org", topics=topics)  # a subscriber, not a member
    bulletin = NewsletterIssueFactory(audience=NewsletterIssue.Audience.BULLETIN, public=False)

    services.approve(bulletin, moderator)

    assert sorted(m.to[0] for m in mail.outbox) == ["ceo@example.org", "minister@example.org"]
    assert "/newsletter/unsubscribe/" in mail.outbox[0].extra_headers["List-Unsubscribe"]


def test_the_bulletin_can_be_limited_to_a_kind_of_member(site, moderator):
    country = MemberOrganisationFactory(kind="country", country="FR")
    company = MemberOrganisationFactory(kind="company", country="BR")
    MemberContactFactory(organisation=country, user__email="minister@example.org")
    MemberContactFactory(organisation=company, user__email="ceo@example.org")
    bulletin = NewsletterIssueFactory(audience="bulletin", member_kind="company")

    services.approve(bulletin, moderator)

    assert [m.to[0] for m in mail.outbox] == ["ceo@example.org"]


def test_only_a_moderator_approves(site, topics, editor):
    issue = NewsletterIssueFactory(topics=topics[:1])

    with pytest.raises(PermissionError):
        services.approve(issue, editor)
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.DRAFT


def test_a_scheduled_issue_waits_for_its_time(site, topics, moderator):
    SubscriberFactory(email="a@example.org", topics=topics[:1])
    later = timezone.now() + timezone.timedelta(hours=2)
    issue = NewsletterIssueFactory(topics=topics[:1], send_at=later)

    services.approve(issue, moderator)
    services.dispatch_newsletters()
    assert mail.outbox == []
    NewsletterIssue.objects.filter(pk=issue.pk).update(send_at=timezone.now())
    services.dispatch_newsletters()

    assert [m.to[0] for m in mail.outbox] == ["a@example.org"]
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT


def test_pause_stops_sending_and_resume_finishes_it(site, topics, moderator, settings):
    settings.NEWSLETTER_BATCH_SIZE = 10
    for n in range(30):
        SubscriberFactory(email=f"r{n}@example.org", topics=topics[:1])
    issue = NewsletterIssueFactory(topics=topics[:1])
    with pytest.MonkeyPatch.context() as patch:
        # Hold the sending task back: approve freezes the audience, then send one batch by hand.
        patch.setattr(services, "enqueue_sending", lambda pk: None)
        issue = services.approve(issue, moderator)
        services.send_batch(issue.pk)
        services.pause(issue)
        assert services.send_batch(issue.pk) == 0  # paused: nothing is claimed
    assert len(mail.outbox) == 10
    assert issue.deliveries.filter(status="queued").count() == 20

    services.resume(issue)

    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"r{n}@example.org" for n in range(30))


def test_a_pause_mid_batch_gives_the_rest_back(site, topics, moderator, settings, monkeypatch):
    settings.NEWSLETTER_BATCH_SIZE = 100
    settings.NEWSLETTER_STATUS_CHECK = 5
    for n in range(20):
        SubscriberFactory(email=f"r{n}@example.org", topics=topics[:1])
    issue = NewsletterIssueFactory(topics=topics[:1])
    monkeypatch.setattr(services, "enqueue_sending", lambda pk: None)
    issue = services.approve(issue, moderator)
    original = services.rendering.build_message

    def pause_after_three(*args, **kwargs):
        if len(mail.outbox) == 3:
            NewsletterIssue.objects.filter(pk=issue.pk).update(status="paused")
        return original(*args, **kwargs)

    monkeypatch.setattr(services.rendering, "build_message", pause_after_three)
    services.send_batch(issue.pk)

    assert len(mail.outbox) == 5
    assert issue.deliveries.filter(status="queued").count() == 15
    assert issue.deliveries.filter(status="sending").count() == 0


def test_cancel_leaves_the_rest_unsent(site, topics, moderator, monkeypatch):
    for n in range(5):
        SubscriberFactory(email=f"r{n}@example.org", topics=topics[:1])
    monkeypatch.setattr(services, "enqueue_sending", lambda pk: None)
    issue = services.approve(NewsletterIssueFactory(topics=topics[:1]), moderator)

    services.cancel(issue)

    assert services.send_batch(issue.pk) == 0
    assert set(issue.deliveries.values_list("status", flat=True)) == {"cancelled"}
    assert mail.outbox == []


def test_someone_who_unsubscribes_after_the_audience_was_frozen_is_not_sent(
    site, topics, moderator, monkeypatch
):
    SubscriberFactory(email="stays@example.org", topics=topics[:1])
    SubscriberFactory(email="leaves@example.org", topics=topics[:1])
    monkeypatch.setattr(services, "enqueue_sending", lambda pk: None)
    issue = services.approve(NewsletterIssueFactory(topics=topics[:1]), moderator)

    services.unsubscribe("leaves@example.org")
    services.send_issue(issue.pk)

    assert [m.to[0] for m in mail.outbox] == ["stays@example.org"]
    assert Delivery.objects.get(email="leaves@example.org").status == "skipped"
    assert services.progress(issue)["unsubscribed"] == 1


def test_a_batch_of_people_who_all_left_does_not_stop_the_issue(
    site, topics, moderator, monkeypatch, settings
):
    settings.NEWSLETTER_BATCH_SIZE = 2
    for email in ("left1@example.org", "left2@example.org", "stays@example.org"):
        SubscriberFactory(email=email, topics=topics[:1])
    monkeypatch.setattr(services, "enqueue_sending", lambda pk: None)
    issue = services.approve(NewsletterIssueFactory(topics=topics[:1]), moderator)
    services.unsubscribe("left1@example.org")
    services.unsubscribe("left2@example.org")

    services.send_issue(issue.pk)

    assert [m.to[0] for m in mail.outbox] == ["stays@example.org"]
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT


def test_a_dead_workers_claims_are_queued_again(site, topics, moderator, monkeypatch, settings):
    SubscriberFactory(email="a@example.org", topics=topics[:1])
    monkeypatch.setattr(services, "enqueue_sending", lambda pk: None)
    issue = services.approve(NewsletterIssueFactory(topics=topics[:1]), moderator)
    _issue, claimed = services._claim(issue.pk, 10)  # a worker claims, then dies
    assert [d.email for d in claimed] == ["a@example.org"]
    assert services.send_batch(issue.pk) == 0  # nobody else takes a claimed row
    settings.NEWSLETTER_CLAIM_TIMEOUT = 0

    assert services.recover_interrupted_deliveries() == 1
    services.send_issue(issue.pk)

    assert [m.to[0] for m in mail.outbox] == ["a@example.org"]
    delivery = issue.deliveries.get()
    assert (delivery.status, delivery.attempts) == ("sent", 2)
