"""The library's facets and cards are template fragments kept under the content version
(``{% contentcache %}``): the same for every reader, never stale, one per language and site."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from portal import content_version
from portal.templatetags import content_cache
from resources.factories import ResourcePageFactory
from resources.models import ResourcePage
from tests.html import soup
from tests.resources.conftest import facet_counts, result_titles

pytestmark = pytest.mark.django_db

FRAGMENT = Template(
    '{% load content_cache %}{% contentcache "sample" key %}{{ value }}{% endcontentcache %}'
)


def render(request, value, key="k"):
    return FRAGMENT.render(Context({"request": request, "value": value, "key": key}))


def new_request():
    return RequestFactory().get("/resources/")


def committed(capture, change):
    """``change()``, committed: the content version moves as after a request's transaction."""
    with capture(execute=True):
        return change()


def test_a_fragment_is_kept_until_the_content_version_moves(site):
    assert render(new_request(), "first") == "first"
    assert render(new_request(), "second") == "first"
    assert render(new_request(), "second", key="other") == "second"
    content_version.move()
    assert render(new_request(), "third") == "third"


def test_with_the_version_unknown_a_fragment_is_rendered_every_time(site):
    request = new_request()
    # What content_version.for_request keeps on a request when the cache does not answer.
    setattr(request, content_version.REQUEST_ATTRIBUTE, content_version.UNKNOWN)
    assert render(request, "first") == "first"
    assert render(request, "second") == "second"
    assert render(new_request(), "third") == "third"  # nothing was stored meanwhile


def test_each_language_has_its_own_fragment(site):
    with translation.override("en"):
        assert render(new_request(), "English") == "English"
    with translation.override("fr"):
        assert render(new_request(), "français") == "français"
    with translation.override("en"):
        assert render(new_request(), "again") == "English"


def test_fragments_of_one_name_are_bounded_per_version(site, monkeypatch):
    monkeypatch.setattr(content_cache, "MAX_VARIANTS", 2)
    for key in ("a", "b", "c"):
        render(new_request(), f"first {key}", key=key)
    assert render(new_request(), "again", key="a") == "first a"
    assert render(new_request(), "again", key="b") == "first b"
    assert render(new_request(), "again", key="c") == "again"  # over the bound: not stored
    content_version.move()
    render(new_request(), "new c", key="c")
    assert render(new_request(), "again", key="c") == "new c"


def card_titles(client, url="/resources/"):
    return result_titles(client.get(url))


def test_the_listing_serves_its_cards_and_facets_from_the_cache(client, library):
    resource = ResourcePageFactory(parent=library, title="Kept", countries=["FR"])
    assert card_titles(client) == ["Kept"]
    # A change that moves no version (an update without signals) is not seen: the fragment
    # is served from the cache.
    ResourcePage.objects.filter(pk=resource.pk).update(title="Changed behind the cache")
    assert card_titles(client) == ["Kept"]
    assert card_titles(client, "/resources/?country=FR") == ["Changed behind the cache"]


def test_publishing_a_resource_shows_at_once(client, library, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    first = committed(
        capture, lambda: ResourcePageFactory(parent=library, title="First", countries=["FR"])
    )
    response = client.get("/resources/")
    assert result_titles(response) == ["First"]
    assert facet_counts(response, "country") == {"FR": 1}
    draft = committed(
        capture,
        lambda: ResourcePageFactory(parent=library, title="Second", countries=["KE"], live=False),
    )
    assert result_titles(client.get("/resources/")) == ["First"]  # a draft moves nothing
    committed(capture, lambda: draft.save_revision().publish())
    response = client.get("/resources/")
    assert result_titles(response) == ["Second", "First"]
    assert facet_counts(response, "country") == {"FR": 1, "KE": 1}
    committed(capture, first.unpublish)
    response = client.get("/resources/")
    assert result_titles(response) == ["Second"]
    assert facet_counts(response, "country") == {"KE": 1}


def test_members_and_visitors_share_the_fragments(client, library, member):
    resource = ResourcePageFactory(parent=library, title="Closed", access="members")
    assert card_titles(client) == ["Closed"]  # a visitor's view stores the fragments
    ResourcePage.objects.filter(pk=resource.pk).update(title="Changed behind the cache")
    client.force_login(member)
    card = soup(client.get("/resources/")).select_one(".resource-card")
    assert card.find("h3").get_text(strip=True) == "Closed"  # the visitors' fragment
    assert card.select_one(".badge--members").get_text() == "Members only"


def test_two_languages_do_not_share_a_fragment(client, library):
    ResourcePageFactory(parent=library, title="Guide", countries=["DE"])

    def country_label_and_card(language):
        html = soup(client.get("/resources/" if language == "en" else f"/{language}/resources/"))
        label = html.select_one('label[for="f-country-DE"]').get_text(" ", strip=True)
        card = html.select_one(".resource-card .resource-meta").get_text(" ", strip=True)
        return label, card

    english = country_label_and_card("en")
    assert english[0] == "Germany (1)" and "Germany" in english[1]
    french = country_label_and_card("fr")
    assert french[0] == "Allemagne (1)" and "Allemagne" in french[1]
    assert country_label_and_card("en") == english
