"""The events API: public upcoming events only, never the online link."""

import datetime

import pytest
from django.utils import timezone
from ninja.testing import TestClient

from events.api import router

pytestmark = pytest.mark.django_db


def test_lists_public_upcoming_events_without_online_link(event, make_event):
    make_event(title="Members meeting", audience="members", online_link="https://x.example/m")
    make_event(
        title="Past",
        starts_at=timezone.now() - datetime.timedelta(days=9),
        ends_at=timezone.now() - datetime.timedelta(days=8),
    )
    response = TestClient(router).get("/events/")
    assert response.status_code == 200
    assert [item["title"] for item in response.json()] == ["Global Summit"]
    assert "meet.example.org" not in response.content.decode()
    assert response.json()[0]["time_zone"] == "Europe/London"
