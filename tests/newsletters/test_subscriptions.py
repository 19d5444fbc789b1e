"""Subscribing with double opt-in, the neutral answer, preferences and one-click unsubscribe."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django.utils import timezone

from newsletters import rendering
from newsletters.factories import SubscriberFactory, SuppressionFactory
from newsletters.models import Subscriber

pytestmark = pytest.mark.django_db


def confirm_link(message):
    return re.search(r"http://\S+/newsletter/confirm/[^/\s]+/", message.body).group(0)


def path_of(url):
    return "/" + url.split("/", 3)[3]


@pytest.fixture(autouse=True)
def _send_on_commit(run_on_commit_at_once):
    pass


def subscribe(client, email, topics, **extra):
    data = {"email": email, "topics": [t.pk for t in topics], "homepage": "", **extra}
    return client.post("/newsletter/", data)


def test_subscribing_sends_a_confirmation_link_and_confirming_it_subscribes(client, site, topics):
    response = subscribe(client, "New.Reader@Example.org", topics[:2])

    assert response.status_code == 302
    assert response["Location"] == "/newsletter/thanks/"
    subscriber = Subscriber.objects.get(email="new.reader@example.org")
    assert subscriber.status == Subscriber.Status.PENDING
    assert set(subscriber.topics.all()) == set(topics[:2])
    [message] = mail.outbox
    assert message.to == ["new.reader@example.org"]
    link = path_of(confirm_link(message))

    # Opening the link asks; only the button confirms (a link scanner confirms nothing).
    page = client.get(link)
    assert page.status_code == 200
    assert Subscriber.objects.get(pk=subscriber.pk).status == Subscriber.Status.PENDING
    confirmed = client.post(link)
    assert confirmed.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    # The link is spent.
    assert client.post(link).status_code == 410


def test_a_confirmation_link_expires(client, site, topics, settings):
    subscribe(client, "late@example.org", topics[:1])
    link = path_of(confirm_link(mail.outbox[0]))
    Subscriber.objects.filter(email="late@example.org").update(
        confirmation_sent_at=timezone.now()
        - timedelta(hours=settings.NEWSLETTER_CONFIRMATION_HOURS, minutes=1)
    )

    response = client.post(link)

    assert response.status_code == 410
    assert Subscriber.objects.get(email="late@example.org").status == Subscriber.Status.PENDING
    assert "expired" in BeautifulSoup(response.content, "html.parser").h1.get_text()


def test_the_answer_is_the_same_whether_or_not_the_address_is_known(client, site, topics):
    SubscriberFactory(email="known@example.org", topics=topics[:1])
    SuppressionFactory(email="bounced@example.org")
    subscribe(Client(), "pending@example.org", topics[:1])
    answers = []
    for email in ["unknown@example.org", "known@example.org", "pending@example.org",
                  "bounced@example.org"]:  # fmt: skip
        response = subscribe(Client(), email, topics[:1])
        thanks = Client().get(response["Location"])
        answers.append((response.status_code, response["Location"], thanks.content))
    assert len(set(answers)) == 1
    # The known address is told by e-mail, not on the page, and its topics are unchanged.
    [already] = [m for m in mail.outbox if m.to == ["known@example.org"]]
    assert "/newsletter/preferences/" in already.body
    assert Subscriber.objects.get(email="known@example.org").status == "confirmed"
    # A suppressed address is sent nothing.
    assert not [m for m in mail.outbox if m.to == ["bounced@example.org"]]


def test_the_honeypot_gets_the_same_answer_and_nothing_happens(client, site, topics):
    response = subscribe(client, "bot@example.org", topics[:1], homepage="http://spam")

    assert response["Location"] == "/newsletter/thanks/"
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_subscribing_is_rate_limited(client, site, topics, settings):
    settings.NEWSLETTER_SUBSCRIBE_RATE_LIMIT = 2
    for n in range(2):
        assert subscribe(client, f"r{n}@example.org", topics[:1]).status_code == 302
    assert subscribe(client, "r3@example.org", topics[:1]).status_code == 429


def test_a_subscription_needs_a_topic(client, site, topics):
    response = subscribe(client, "none@example.org", [])

    assert response.status_code == 200
    assert not Subscriber.objects.exists()


def test_the_preferences_page_changes_topics_and_pauses(client, site, topics):
    subscriber = SubscriberFactory(email="reader@example.org", topics=topics[:1])
    preferences, _unsubscribe = rendering.personal_links(subscriber.email)
    url = path_of(preferences)

    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"status": "paused", "topics": [topics[1].pk, topics[2].pk]})

    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PAUSED
    assert set(subscriber.topics.all()) == set(topics[1:])


def test_a_forged_preferences_link_is_not_found(client, site):
    assert client.get("/newsletter/preferences/someone@example.org/").status_code == 404
    assert client.post("/newsletter/unsubscribe/someone@example.org:forged/").status_code == 404


def test_one_click_unsubscribe_answers_a_post_without_session_or_csrf_token(site, topics):
    subscriber = SubscriberFactory(email="leaving@example.org", topics=topics[:1])
    _preferences, unsubscribe = rendering.personal_links(subscriber.email)
    provider = Client(enforce_csrf_checks=True)  # no cookie, no token: as a mail provider posts

    response = provider.post(
        path_of(unsubscribe),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_following_the_unsubscribe_link_asks_first(client, site, topics):
    subscriber = SubscriberFactory(email="careful@example.org", topics=topics[:1])
    _preferences, unsubscribe = rendering.personal_links(subscriber.email)

    assert client.get(path_of(unsubscribe)).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_the_dashboard_shows_the_subscription(client, site, topics, user):
    SubscriberFactory(email=user.email, topics=topics[:1])
    client.force_login(user)

    response = client.get("/dashboard/")

    section = BeautifulSoup(response.content, "html.parser").find(id="newsletter-title").parent
    assert "Alliance news" in section.get_text()
    assert section.find("a", href=re.compile("/newsletter/preferences/"))
