"""The benchmark's events volume builds a valid tree of events with registrations, twice."""

import pytest
from wagtail.models import Page

from events.models import EventPage, Registration
from tests.benchmarks import volumes

pytestmark = pytest.mark.django_db


def test_events_volume_is_valid_and_idempotent(client, events_index, home_page):
    site = volumes.SiteContent(home=home_page)
    assert volumes.events(site, count=6, registrations=30) == 30
    assert volumes.events(site, count=6, registrations=30) == 30
    assert EventPage.objects.count() == 6
    assert Page.find_problems() == ([], [], [], [], [])
    assert Registration.objects.count() == 30
    for name in ("events", "event"):
        assert client.get(site.urls[name]).status_code == 200
