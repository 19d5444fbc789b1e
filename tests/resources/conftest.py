import xml.etree.ElementTree as ET

import pytest

from resources.factories import (
    MNRPageFactory,
    NewsIndexPageFactory,
    ResourceIndexPageFactory,
)
from tests.html import soup

ATOM = "{http://www.w3.org/2005/Atom}"


def atom_entries(response):
    """The entries of an Atom feed as dicts of title, link, summary, categories and all text."""
    # Our own response, in a test: the standard library's parser is enough.
    feed = ET.fromstring(response.content)  # noqa: S314
    entries = []
    for entry in feed.findall(f"{ATOM}entry"):
        summary = entry.find(f"{ATOM}summary")
        entries.append(
            {
                "title": entry.find(f"{ATOM}title").text,
                "link": entry.find(f"{ATOM}link").get("href"),
                "summary": summary.text if summary is not None else "",
                "categories": [c.get("term") for c in entry.findall(f"{ATOM}category")],
                "text": " ".join(entry.itertext()),
            }
        )
    return entries


def result_titles(response):
    return [a.get_text(strip=True) for a in soup(response).select(".resource-list h3 a")]


def facet_counts(response, name):
    """``{value: count}`` as the listing shows them for one filter."""
    html = soup(response)
    counts = {}
    for box in html.select(f'.facet input[type="checkbox"][name="{name}"]'):
        label = html.find("label", attrs={"for": box["id"]})
        counts[box["value"]] = int(label.find(class_="facet__count").get_text().strip("()"))
    return counts


@pytest.fixture
def library(home_page):
    return ResourceIndexPageFactory(parent=home_page)


@pytest.fixture
def mnr_page(home_page):
    return MNRPageFactory(parent=home_page)


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


def translate(page, language, **fields):
    """A published translation of ``page`` in ``language`` (Wagtail's own copy for translation,
    its missing parents made as aliases), with ``fields`` set."""
    from wagtail.models import Locale

    translation = page.copy_for_translation(
        Locale.objects.get(language_code=language), copy_parents=True
    )
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation.specific
