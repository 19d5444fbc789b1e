"""A resource as a list shows it: the data of ``templates/components/resource_card.html``, the one
card of the library's listing, a resource's related resources, a news item's and /mnr/'s."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ResourceCard:
    """In a compact list, a resource's title, address and access; in the library's listing, the
    rest too. Everything on a card is public, members-only resources included."""

    title: str
    url: str
    members_only: bool
    summary: str = ""
    type_label: str = ""
    publication_date: datetime.date | None = None
    publisher: str = ""
    capabilities: tuple = ()
    countries: tuple = ()
    languages: tuple = ()
    # The code and the name of the language the resource is shown in, when it is not the
    # reader's (it has no translation in the reader's language).
    language: str = ""
    in_language: str = ""


def compact_cards(pages, request):
    """The compact cards of resource pages loaded with their ``title``, ``url_path`` and
    ``access``, in their order; a page annotated with its ``language_code`` that is not the
    reader's says so (its title is marked up in its language)."""
    from .i18n import reader_language

    reader = reader_language()
    cards = []
    for page in pages:
        language = getattr(page, "language_code", "")
        cards.append(
            ResourceCard(
                title=page.title,
                url=page.get_url(request),
                members_only=page.members_only,
                language=language if language != reader else "",
            )
        )
    return cards
