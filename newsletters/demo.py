"""Demo newsletters: the topics, a few subscribers and two sent issues in the archive. Safe to
run again: it finds what it made by address and slug."""

import datetime

from resources.models import NewsPage, ResourcePage

from .factories import SubscriberFactory, default_topics
from .models import Delivery, NewsletterIssue, Subscriber

SUBSCRIBERS = [
    ("reader@demo.example.org", ["alliance-news", "events", "new-resources"], "en"),
    ("lectrice@demo.example.org", ["alliance-news"], "fr"),
    ("lectora@demo.example.org", ["new-resources"], "es"),
    ("paused@demo.example.org", ["events"], "en"),
]

ISSUES = [
    (
        "newsletter-september",
        "September: three new members and the summit programme",
        "The alliance grew again this month, and the summit programme is out.",
        datetime.datetime(2026, 9, 15, 9, 0, tzinfo=datetime.UTC),
    ),
    (
        "newsletter-october",
        "October: new guides in the library",
        "New guides for governments and companies, and news from the working groups.",
        datetime.datetime(2026, 10, 15, 9, 0, tzinfo=datetime.UTC),
    ),
]


def _body():
    body = [
        (
            "text",
            "<p>Welcome to the members who joined this month, and thank you to everyone who "
            "sent us their news. Below: what happened across the alliance, and what is new in "
            "the library.</p>",
        )
    ]
    resources = list(ResourcePage.objects.live().filter(access="public")[:3])
    news = list(NewsPage.objects.live()[:2])
    if news:
        body.append(("news_items", {"heading": "News", "items": news}))
    if resources:
        body.append(
            ("featured_resources", {"heading": "New in the library", "resources": resources})
        )
    body.append(
        (
            "call_to_action",
            {
                "text": "Read the Model National Response",
                "link": {"page": None, "url": "https://www.weprotect.org/", "label": "MNR"},
            },
        )
    )
    return body


def seed(command, home):
    topics = {topic.slug: topic for topic in default_topics()}
    for email, slugs, language in SUBSCRIBERS:
        status = Subscriber.Status.PAUSED if email.startswith("paused") else "confirmed"
        SubscriberFactory(
            email=email, language=language, status=status, topics=[topics[s] for s in slugs]
        )
    readers = Subscriber.objects.filter(email__endswith="@demo.example.org", status="confirmed")
    for slug, title, intro, sent_at in ISSUES:
        issue, created = NewsletterIssue.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "intro": intro,
                "body": _body(),
                "status": NewsletterIssue.Status.SENT,
                "started_at": sent_at,
                "sent_at": sent_at,
                "approved_at": sent_at,
            },
        )
        if created:
            issue.topics.set(topics.values())
            Delivery.objects.bulk_create(
                [
                    Delivery(
                        issue=issue,
                        email=reader.email,
                        subscriber=reader,
                        language=reader.language,
                        status=Delivery.Status.SENT,
                        attempts=1,
                        sent_at=sent_at,
                    )
                    for reader in readers
                ],
                ignore_conflicts=True,
            )
    return []
