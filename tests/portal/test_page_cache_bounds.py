"""What the page cache stores is bounded: query strings are normalised, only the parameters a
page reads make an entry, and entries per path, query length and page size have limits."""

import pytest

from portal.pagecache import HEADER, normalised_query
from resources.factories import NewsIndexPageFactory, ResourceIndexPageFactory
from resources.filters import ResourceFilter
from resources.models import NewsIndexPage, ResourceIndexPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def library(home_page):
    return ResourceIndexPageFactory(parent=home_page)


def test_normalised_query_drops_empty_repeated_and_tracking_parameters():
    assert normalised_query("utm_source=news&type=guide&q=&type=guide&fbclid=x&a=2&a=1") == [
        ("a", "2"),
        ("a", "1"),
        ("type", "guide"),
    ]


def test_tracking_and_empty_parameters_share_the_plain_entry(client, site, library):
    assert client.get("/resources/")[HEADER] == "miss"
    assert client.get("/resources/?utm_source=newsletter&utm_medium=email")[HEADER] == "hit"
    assert client.get("/resources/?q=&type=")[HEADER] == "hit"


def test_parameters_a_page_does_not_read_never_make_an_entry(client, site, library):
    for _round in range(2):  # the second time is no hit: nothing was stored
        for n in range(5):
            response = client.get(f"/resources/?x{n}=random{n}")
            assert response.status_code == 200 and response[HEADER] == "bypass"
        assert client.get("/?tag=news")[HEADER] == "bypass"  # the home page reads no tag
    # Parameters the page reads are stored as before.
    assert client.get("/resources/?type=guide")[HEADER] == "miss"
    assert client.get("/resources/?type=guide")[HEADER] == "hit"


def test_at_most_max_variants_query_strings_per_path(client, site, library, settings):
    settings.PAGE_CACHE_MAX_VARIANTS = 3
    headers = [client.get(f"/resources/?q=word{n}")[HEADER] for n in range(6)]
    assert headers == ["miss", "miss", "miss", "bypass", "bypass", "bypass"]
    assert client.get("/resources/?q=word0")[HEADER] == "hit"
    # The page without a query string is not a variant: always stored.
    assert client.get("/resources/")[HEADER] == "miss"
    assert client.get("/resources/?q=word5")[HEADER] == "bypass"


def test_long_query_strings_and_large_pages_are_not_stored(client, site, library, settings):
    settings.PAGE_CACHE_MAX_QUERY_LENGTH = 50
    long_query = "/resources/?q=" + "long" * 20
    assert [client.get(long_query)[HEADER] for _ in range(2)] == ["bypass", "bypass"]
    assert client.get("/resources/?q=short")[HEADER] == "miss"
    settings.PAGE_CACHE_MAX_BYTES = 1000
    responses = [client.get("/resources/") for _ in range(2)]
    assert len(responses[0].content) > 1000
    assert [response[HEADER] for response in responses] == ["bypass", "bypass"]


def test_index_pages_declare_every_parameter_they_read():
    read = {"q", "sort", "page", *(name for name, _label in ResourceFilter.FACETS)}
    assert set(ResourceIndexPage.cached_query_parameters) == read
    assert set(NewsIndexPage.cached_query_parameters) == {"tag", "page"}


def test_news_tags_are_stored(client, site, home_page):
    NewsIndexPageFactory(parent=home_page)
    assert client.get("/news/?tag=summit")[HEADER] == "miss"
    assert client.get("/news/?tag=summit&utm_campaign=x")[HEADER] == "hit"


def test_compose_has_a_bounded_evicting_cache_and_a_broker_that_never_evicts():
    from pathlib import Path

    from django.conf import settings

    compose = (Path(settings.BASE_DIR) / "docker" / "compose.yaml").read_text()

    def service(name):
        return compose.split(f"\n  {name}:\n    image:", 1)[1].split("\n\n", 1)[0]

    assert "CACHE_URL: rediscache://cache:6379/" in compose
    assert "CELERY_BROKER_URL: redis://broker:6379/" in compose
    cache = service("cache")
    assert '"--maxmemory", "256mb"' in cache
    assert '"--maxmemory-policy", "allkeys-lru"' in cache
    assert '"--maxmemory-policy", "noeviction"' in service("broker")
