import datetime

import pytest
from icalendar import Calendar

from events.factories import EventIndexPageFactory, EventPageFactory, days_from_now
from portal.factories import UserFactory


@pytest.fixture
def events_index(home_page):
    return EventIndexPageFactory(parent=home_page)


@pytest.fixture
def make_event(events_index):
    def make(**kwargs):
        return EventPageFactory(parent=events_index, **kwargs)

    return make


@pytest.fixture
def event(make_event):
    return make_event(
        title="Global Summit", capacity=2, online_link="https://meet.example.org/secret-room"
    )


@pytest.fixture
def people(db):
    def make(n, prefix="attendee"):
        return [UserFactory(email=f"{prefix}{i}@example.org") for i in range(n)]

    return make


@pytest.fixture
def staff(client, editor, site):
    """The test client, signed in as a secretariat editor."""
    client.force_login(editor)
    return client


def parse_ics(content):
    return Calendar.from_ical(content)


def ics_attachment(message):
    for attachment in message.attachments:
        name, content, mimetype = attachment
        if name.endswith(".ics"):
            return parse_ics(content), mimetype
    return None, None


__all__ = ["datetime", "days_from_now"]
