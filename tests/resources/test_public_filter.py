"""``resources.services.public``: what every listing shows a visitor leaves out each page under a
view restriction, of any type, and each alias of one; its cost does not grow with the number of
resources."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from portal import content_version
from portal.roles import MEMBERS
from resources.factories import ResourceIndexPageFactory, ResourcePageFactory
from resources.models import ResourcePage
from resources.services import public, restricted_paths
from tests.html import soup
from tests.resources.conftest import atom_entries, result_titles

pytestmark = pytest.mark.django_db

SECRET = "Quarantined"
PASSWORD = PageViewRestriction.PASSWORD


def refused(response):
    """Wagtail sends a visitor to sign in, or asks for the page's password."""
    if response.status_code == 302:
        return response["Location"].startswith("/accounts/login/")
    return soup(response).find("input", attrs={"name": "password"}) is not None


def restrict(page, restriction_type):
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type=restriction_type,
        password="x" if restriction_type == PASSWORD else "",
    )
    if restriction_type == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get(name=MEMBERS))
    return restriction


@pytest.fixture
def hidden(home_page, library):
    """A resource under each kind of restriction, one under a restricted sub-library, and an
    alias, in the public library, of a resource restricted after the alias was made (Wagtail
    copies the source's restrictions onto an alias only when making it); titles say so."""
    pages = []
    for kind in (PageViewRestriction.LOGIN, PageViewRestriction.GROUPS, PASSWORD):
        pages.append(ResourcePageFactory(parent=library, title=f"{SECRET} {kind}", slug=kind))
    closed = ResourceIndexPageFactory(parent=home_page, title="Closed", slug="closed")
    pages.append(ResourcePageFactory(parent=closed, title=f"{SECRET} inner", slug="inner"))
    pages.append(pages[0].create_alias(parent=library, update_slug="login-copy"))
    for page in pages[:3]:
        restrict(page, page.slug)  # the slug is the kind
    restrict(closed, PageViewRestriction.LOGIN)
    assert not pages[-1].view_restrictions.exists()
    return pages


def test_no_listing_shows_a_visitor_a_restricted_resource(client, site, library, hidden):
    ResourcePageFactory(parent=library, title="Open toolkit")

    listing = client.get(library.url)
    assert result_titles(listing) == ["Open toolkit"]
    feed = [entry["title"] for entry in atom_entries(client.get(f"{library.url}feed/"))]
    assert feed == ["Open toolkit"]
    home = soup(client.get("/")).get_text()
    assert "Open toolkit" in home and SECRET not in home
    assert all(refused(client.get(page.url)) for page in hidden)


def test_public_keeps_exactly_the_pages_wagtail_serves_a_visitor(client, site, library, hidden):
    shown = ResourcePageFactory(parent=library, title="Open toolkit")
    # An alias of a page under a restriction, not on it: Wagtail serves it.
    copy = hidden[3].create_alias(parent=library, update_slug="inner-copy")
    assert client.get(copy.url).status_code == 200
    assert set(public(ResourcePage.objects.all())) == {shown, copy}
    # Wagtail's own public() keeps the alias of a restricted page, which it refuses to serve.
    assert set(ResourcePage.objects.public()) == {shown, copy, hidden[-1]}


def test_a_new_restriction_leaves_the_listings_at_once(client, site, library):
    page = ResourcePageFactory(parent=library, title=f"{SECRET} soon")
    assert result_titles(client.get(library.url)) == [f"{SECRET} soon"]
    restriction = restrict(page, PageViewRestriction.LOGIN)
    assert result_titles(client.get(library.url)) == []
    restriction.delete()
    assert public(ResourcePage.objects.all()).get() == page


def test_restricted_paths_are_the_outermost_ones(home_page, library, hidden):
    closed = hidden[3].get_parent()
    expected = [closed.path, *sorted([*(page.path for page in hidden[:3]), hidden[4].path])]
    assert restricted_paths() == expected  # the shallowest first
    restrict(hidden[3], PageViewRestriction.LOGIN)  # under a path already there
    assert restricted_paths() == expected


def listing_queries(count):
    """The queries of one public listing of ``count`` resources: with the restricted paths read
    from the database, then from the content cache."""
    cold = CaptureQueriesContext(connection)
    with cold:
        assert len(public(ResourcePage.objects.live())) == count
    with CaptureQueriesContext(connection) as warm:
        assert len(public(ResourcePage.objects.live())) == count
    return len(cold.captured_queries), [query["sql"] for query in warm.captured_queries]


def test_the_filter_costs_the_same_queries_for_few_and_many_resources(home_page, library):
    closed = ResourceIndexPageFactory(parent=home_page, title="Closed", slug="closed")
    restrict(closed, PageViewRestriction.LOGIN)
    ResourcePageFactory.create_batch(3, parent=closed)
    ResourcePageFactory.create_batch(2, parent=library)
    few_cold, few_warm = listing_queries(2)

    content_version.move()
    ResourcePageFactory.create_batch(40, parent=library)
    many_cold, many_warm = listing_queries(42)

    assert few_cold == many_cold == 3  # restrictions, aliases of what they cover, the listing
    assert len(few_warm) == len(many_warm) == 1
    assert f"LIKE '{closed.path}%'" in many_warm[0].replace('"', "").replace("::text", "")
