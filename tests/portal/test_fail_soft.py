"""Fail soft: with the cache unreachable, pages render from the database, sign-in works and
``/healthz`` answers its JSON 503 naming the cache. Here the cache is a Redis address where
nothing listens; tests/portal/test_cache_outage.py stops a real Redis."""

import socket

import pytest
from django.conf import settings as django_settings

from portal import content_version
from portal.cache import redis_cache
from portal.pagecache import HEADER
from resources.factories import MNRPageFactory, ResourceIndexPageFactory, ResourcePageFactory
from tests.html import soup

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def closed_port():
    """A loopback port nothing listens on (the system just handed it out and it was closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def caches_at(port):
    return {"default": redis_cache(f"redis://127.0.0.1:{port}/0")}


@pytest.fixture
def unreachable_cache(settings):
    settings.CACHES = caches_at(closed_port())
    settings.PAGE_CACHE_ENABLED = True


def heading(response):
    return soup(response).find("h1").get_text(strip=True)


def test_sessions_are_not_stored_only_in_the_cache():
    assert django_settings.SESSION_ENGINE in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
        "django.contrib.sessions.backends.signed_cookies",
    )


def test_the_version_is_unknown_and_a_move_waits_for_the_cache(unreachable_cache, caplog):
    assert content_version.current() is content_version.UNKNOWN
    content_version.move()
    assert content_version.State.move_pending
    assert "Content version not moved" in caplog.text
    content_version.State.move_pending = False


def test_pages_render_from_the_database(client, site, about, unreachable_cache):
    for _ in range(2):
        response = client.get("/about/")
        assert response.status_code == 200 and response[HEADER] == "bypass"
        assert heading(response) == "About the alliance"


def test_the_library_and_mnr_render_from_the_database(client, home_page, unreachable_cache):
    library = ResourceIndexPageFactory(parent=home_page)
    ResourcePageFactory(parent=library, title="Hotline guide", capabilities=[12])
    MNRPageFactory(parent=home_page)
    listing = client.get("/resources/")
    assert listing.status_code == 200 and "Hotline guide" in listing.content.decode()
    mnr = client.get("/mnr/")
    assert mnr.status_code == 200 and "Hotline guide" in mnr.content.decode()


def test_healthz_answers_503_naming_the_cache(client, unreachable_cache):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["cache"]["ok"] is False and "error" in body["checks"]["cache"]
    assert body["checks"]["database"]["ok"] is True


def test_sign_in_works(client, site, about, member, unreachable_cache):
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/about/")
    assert page.status_code == 200 and page[HEADER] == "bypass"
    assert "Sign out" in page.content.decode()
