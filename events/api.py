"""Read-only JSON of public upcoming events (``/api/events/`` once portal/api.py mounts it).

Never the online link, never members-only events or pages behind a view restriction."""

from datetime import datetime

from django.utils import timezone
from ninja import Router, Schema

from portal.identity import absolute_url

from .models import EventPage
from .services import upcoming_public_events

router = Router(tags=["events"])


class EventOut(Schema):
    id: int
    title: str
    strapline: str
    kind: str
    format: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    venue: str
    city: str
    country: str
    url: str
    calendar_url: str


def event_out(event):
    return EventOut(
        id=event.pk,
        title=event.title,
        strapline=event.strapline,
        kind=event.kind,
        format=event.format,
        starts_at=timezone.localtime(event.starts_at, event.tz),
        ends_at=timezone.localtime(event.ends_at, event.tz),
        time_zone=event.time_zone,
        venue=event.venue_name,
        city=event.city,
        country=str(event.country or ""),
        url=absolute_url(event.url),
        calendar_url=absolute_url(event.url + "calendar/"),
    )


@router.get("/events/", response=list[EventOut])
def list_events(request, kind: str = "", format: str = ""):
    events = upcoming_public_events()
    if kind in EventPage.Kind.values:
        events = events.filter(kind=kind)
    if format in EventPage.Format.values:
        events = events.filter(format=format)
    return [event_out(event) for event in events[:200]]
