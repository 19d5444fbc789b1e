"""Factories shared by the tests, the benchmark and ``seed_demo``."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from portal.factories import UserFactory

from .models import EventIndexPage, EventPage, Registration, RegistrationQuestion, Speaker


def days_from_now(days, hour=9):
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    return now.replace(hour=hour) + datetime.timedelta(days=days)


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Events"
    slug = "events"
    introduction = "Global summits and meetings of the alliance."

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Event {n}")
    strapline = factory.Faker("sentence", nb_words=10)
    kind = EventPage.Kind.MEETING
    format = EventPage.Format.IN_PERSON
    starts_at = factory.LazyFunction(lambda: days_from_now(30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=8))
    time_zone = "Europe/London"
    venue_name = "Conference centre"
    city = "London"
    country = "GB"
    capacity = None
    waitlist_enabled = True

    class Meta:
        model = EventPage


class SpeakerFactory(factory.django.DjangoModelFactory):
    name = factory.Faker("name")
    role = "Director"
    organisation = factory.Faker("company")

    class Meta:
        model = Speaker


class RegistrationQuestionFactory(factory.django.DjangoModelFactory):
    label = factory.Sequence(lambda n: f"Question {n}")
    kind = RegistrationQuestion.Kind.SHORT_TEXT

    class Meta:
        model = RegistrationQuestion


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration row as it stands (no e-mail, no capacity check: ``services.register``
    does those)."""

    user = factory.SubFactory(UserFactory)
    name = factory.LazyAttribute(lambda o: o.user.get_full_name() or o.user.email)
    email = factory.LazyAttribute(lambda o: o.user.email)
    status = Registration.Status.CONFIRMED
    consent = True

    class Meta:
        model = Registration
