"""The public archive: sent public issues only, with a web version that never shows what only
members may read; and the newsletter's part of a person's data."""

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from newsletters import rendering
from newsletters.factories import DeliveryFactory, NewsletterIssueFactory, SubscriberFactory
from newsletters.models import Delivery, Subscriber
from portal.privacy.services import delete_account, export_data
from resources.factories import ResourceIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_the_archive_lists_only_sent_public_issues(client, site, django_assert_max_num_queries):
    for n in range(3):
        NewsletterIssueFactory(title=f"Sent {n}", status="sent", sent_at=timezone.now())
    NewsletterIssueFactory(title="Draft", status="draft")
    NewsletterIssueFactory(title="Sending", status="sending")
    NewsletterIssueFactory(
        title="Bulletin", audience="bulletin", public=False, status="sent", sent_at=timezone.now()
    )

    with django_assert_max_num_queries(12):
        response = client.get("/newsletter/archive/")

    titles = [a.get_text() for a in soup(response).select(".newsletter-archive a")]
    assert sorted(titles) == ["Sent 0", "Sent 1", "Sent 2"]


def test_the_web_version_leaves_out_members_only_resources(client, site, home_page):
    library = ResourceIndexPageFactory(parent=home_page)
    public = ResourcePageFactory(parent=library, title="Open guide")
    private = ResourcePageFactory(parent=library, title="Members toolkit", access="members")
    issue = NewsletterIssueFactory(
        status="sent",
        sent_at=timezone.now(),
        body=[("featured_resources", {"heading": "New", "resources": [public, private]})],
    )

    page = soup(client.get(f"/newsletter/archive/{issue.slug}/"))

    links = [a.get_text() for a in page.select("article a")]
    assert "Open guide" in links
    assert "Members toolkit" not in page.get_text()
    # The web version has no one's personal links.
    assert not page.find("a", href=lambda h: h and "/newsletter/unsubscribe/" in h)


def test_the_upcoming_events_block_lists_the_next_public_events_only(site, home_page):
    from events.factories import EventIndexPageFactory, EventPageFactory, days_from_now

    index = EventIndexPageFactory(parent=home_page)
    EventPageFactory(parent=index, title="Later summit", starts_at=days_from_now(60))
    EventPageFactory(parent=index, title="Next workshop", starts_at=days_from_now(10))
    EventPageFactory(parent=index, title="Members meeting", audience="members")
    EventPageFactory(
        parent=index,
        title="Past summit",
        starts_at=days_from_now(-30),
        ends_at=days_from_now(-29),
    )
    issue = NewsletterIssueFactory(body=[("upcoming_events", {"heading": "Meet us", "count": 3})])

    _subject, html, text = rendering.render_issue(issue, "en")

    titles = [a.get_text() for a in BeautifulSoup(html, "html.parser").select("a.item-title")]
    assert titles == ["Next workshop", "Later summit"]
    assert "Meet us" in text and "Members meeting" not in text and "Past summit" not in html


def test_the_upcoming_events_block_renders_nothing_when_nothing_is_coming_up(site):
    issue = NewsletterIssueFactory(body=[("upcoming_events", {"heading": "Meet us", "count": 3})])

    _subject, html, text = rendering.render_issue(issue, "en")

    assert "Meet us" not in html and "Meet us" not in text


def test_a_persons_download_and_deletion_include_the_newsletter(site, user, topics):
    SubscriberFactory(email=user.email, topics=topics[:1])
    delivery = DeliveryFactory(email=user.email, status="sent")

    data = export_data(user)["sections"]["newsletter"]
    assert data["subscriptions"][0]["topics"] == ["Alliance news"]
    assert data["deliveries"][0]["status"] == "sent"

    delete_account(user)

    assert not Subscriber.objects.filter(email=user.email).exists()
    assert Delivery.objects.get(pk=delivery.pk).email == f"erased-{delivery.pk}@invalid"
