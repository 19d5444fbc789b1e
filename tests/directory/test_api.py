"""The public API: schema valid, schemathesis over every operation (no server error, no schema
violation), no members-only item in any response, paginated, cached, rate limited, CORS."""

import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from wagtail.models import PageViewRestriction

from directory.factories import DirectoryEntryFactory
from portal.api import api
from resources.factories import ResourceIndexPageFactory, ResourcePageFactory
from resources.models import ResourcePage

pytestmark = pytest.mark.django_db

PUBLIC_TITLE = "Public hotline guide"
MEMBERS_TITLE = "Members-only benchmarking"
RESTRICTED_TITLE = "Restricted board paper"


@pytest.fixture
def content(site, home_page):
    DirectoryEntryFactory(country="FR", name="Point de Contact")
    DirectoryEntryFactory(country="KE", helpline=True, name="Childline Kenya")
    DirectoryEntryFactory(regional=True, region="150", name="European portal")
    DirectoryEntryFactory(international=True, name="INHOPE")
    library = ResourceIndexPageFactory(parent=home_page)
    ResourcePageFactory(parent=library, title=PUBLIC_TITLE, countries=["FR"])
    ResourcePageFactory(
        parent=library, title=MEMBERS_TITLE, countries=["FR"], access=ResourcePage.Access.MEMBERS
    )
    restricted = ResourcePageFactory(parent=library, title=RESTRICTED_TITLE, countries=["FR"])
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)


@pytest.fixture
def connection_kept_open():
    """Django's WSGI handler closes the database connection after each request, which would
    close the test's transaction: keep it open, as Django's test client does."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# The schema as /api/openapi.json serves it, and the Django WSGI application to call (loaded
# without a request: nothing reaches a database before the test's own).
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_server_error_and_no_schema_violation(case, content, connection_kept_open):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])


def test_the_schema_is_valid_openapi(client):
    from schemathesis.openapi import from_dict

    document = json.loads(client.get("/api/openapi.json").content)
    assert document["openapi"].startswith("3.")
    loaded = from_dict(document)
    operations = {f"{op.ok().method.upper()} {op.ok().path}" for op in loaded.get_all_operations()}
    assert operations == {
        "GET /api/directory/entries/",
        "GET /api/directory/countries/",
        "GET /api/directory/countries/{code}/",
        "GET /api/resources/",
        "GET /api/events/",
    }
    assert client.get("/api/docs").status_code == 200


def everything_the_api_says(client):
    urls = [
        "/api/resources/?page_size=100",
        "/api/resources/?country=FR",
        "/api/directory/entries/?page_size=100",
        "/api/directory/countries/FR/",
        "/api/directory/countries/?page_size=100",
    ]
    return "".join(client.get(url).content.decode() for url in urls)


def test_no_members_only_item_in_any_response(client, content, member):
    for person in (None, member):
        if person:
            client.force_login(person)
        said = everything_the_api_says(client)
        assert PUBLIC_TITLE in said
        assert MEMBERS_TITLE not in said and RESTRICTED_TITLE not in said


def test_entries_filter_as_the_pages(client, content):
    names = lambda url: [e["name"] for e in client.get(url).json()["items"]]  # noqa: E731
    assert set(names("/api/directory/entries/?country=fr")) == {
        "Point de Contact",
        "European portal",
    }
    assert names("/api/directory/entries/?category=child_helpline") == ["Childline Kenya"]
    assert names("/api/directory/entries/?scope=international") == ["INHOPE"]
    assert "Point de Contact" in names("/api/directory/entries/?region=155")
    assert client.get("/api/directory/entries/?category=nonsense").status_code == 422
    countries = client.get("/api/directory/countries/?category=child_helpline").json()
    assert [c["code"] for c in countries["items"]] == ["KE"]
    assert client.get("/api/directory/countries/ZZ/").status_code == 404


def test_paginated(client, content):
    first = client.get("/api/directory/countries/?page_size=10").json()
    assert first["count"] == 249 and len(first["items"]) == 10
    second = client.get("/api/directory/countries/?page_size=10&page=2").json()
    assert second["items"][0]["code"] != first["items"][0]["code"]
    assert client.get("/api/directory/countries/?page_size=1000").status_code == 422


def test_cors_is_open_for_get(client, content):
    response = client.get("/api/directory/entries/")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_cached_until_the_content_changes(
    client, content, page_cache_on, django_capture_on_commit_callbacks
):
    assert client.get("/api/directory/entries/?country=FR")["X-Page-Cache"] == "miss"
    assert client.get("/api/directory/entries/?country=FR")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        DirectoryEntryFactory(country="FR", name="Nouvelle ligne")
    response = client.get("/api/directory/entries/?country=FR")
    assert response["X-Page-Cache"] == "miss"
    assert "Nouvelle ligne" in response.content.decode()


def test_rate_limited(client, content, monkeypatch):
    throttle = api.throttle[0]
    monkeypatch.setattr(throttle, "num_requests", 3)
    statuses = [client.get(f"/api/directory/entries/?page={n}").status_code for n in range(1, 6)]
    assert statuses == [200, 200, 200, 429, 429]
