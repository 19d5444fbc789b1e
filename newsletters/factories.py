"""Factories shared by the tests, the benchmark and ``seed_demo``."""

import factory
from django.utils import timezone

from .models import Delivery, NewsletterIssue, Subscriber, Suppression, Topic

DEFAULT_TOPICS = [
    ("alliance-news", "Alliance news", "What the alliance and its members are doing."),
    ("events", "Events", "Summits, webinars and meetings."),
    ("new-resources", "New resources", "Guides, studies and tools added to the library."),
]


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = Topic
        django_get_or_create = ("slug",)


def default_topics():
    return [
        TopicFactory(slug=slug, name=name, description=description, sort_order=order)
        for order, (slug, name, description) in enumerate(DEFAULT_TOPICS)
    ]


class SubscriberFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    status = Subscriber.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Subscriber
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.topics.set(extracted)


class SuppressionFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"bounced{n}@example.org")
    reason = Suppression.Reason.BOUNCE

    class Meta:
        model = Suppression


class NewsletterIssueFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Newsletter {n}")
    slug = factory.Sequence(lambda n: f"newsletter-{n}")
    intro = "News from the alliance."
    body = factory.LazyFunction(
        lambda: [("text", "<p>The alliance welcomed three new members this month.</p>")]
    )

    class Meta:
        model = NewsletterIssue
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.topics.set(extracted)


class DeliveryFactory(factory.django.DjangoModelFactory):
    issue = factory.SubFactory(NewsletterIssueFactory)
    email = factory.Sequence(lambda n: f"reader{n}@example.org")

    class Meta:
        model = Delivery


def bulk_subscribers(count, topics, *, prefix="reader", domain="example.org"):
    """``count`` confirmed subscribers to ``topics``, made in bulk (tests and the benchmark)."""
    now = timezone.now()
    existing = Subscriber.objects.count()
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"{prefix}{existing + n}@{domain}",
                status=Subscriber.Status.CONFIRMED,
                confirmed_at=now,
            )
            for n in range(count)
        ],
        batch_size=5000,
    )
    made = Subscriber.objects.filter(email__startswith=prefix).order_by("-pk")[:count]
    through = Subscriber.topics.through
    pks = list(made.values_list("pk", flat=True))
    through.objects.bulk_create(
        [through(subscriber_id=pk, topic_id=topic.pk) for pk in pks for topic in topics],
        batch_size=5000,
        ignore_conflicts=True,
    )
    return pks
