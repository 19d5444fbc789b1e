"""What events give the site-wide search (``search.registry``): live event pages with their
title, strapline, description and place. Never the online link, which is only for confirmed
attendees; Wagtail's view restrictions decide who finds a restricted event page."""

from portal.regions import region_of
from search import registry
from search.indexing import stream_text


def event_document(page):
    country = page.country.code if page.country else ""
    return registry.Entry(
        title=page.title,
        url=page.url or "",
        language=registry.page_language(page),
        public_text=" ".join(
            filter(
                None,
                [page.strapline, stream_text(page.description), page.venue_name, page.city],
            )
        ),
        categories=[page.kind],
        countries=[country] if country else [],
        regions=[region_of(country)] if country and region_of(country) else [],
        date=page.starts_at.date() if page.starts_at else None,
    )


def register():
    from .models import EventPage

    registry.register(
        "event",
        EventPage,
        queryset=lambda: EventPage.objects.live().filter(alias_of__isnull=True),
        document=event_document,
        pages=True,
    )
