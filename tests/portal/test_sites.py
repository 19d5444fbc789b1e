"""The site, its settings and navigation are kept in each process until the content version moves
(portal/sites.py): pages stop paying queries for them, and every change still shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.content_version import move as move_content_version
from portal.factories import HomePageFactory
from portal.models import AllianceSettings
from tests.html import soup

pytestmark = pytest.mark.django_db


def title(response):
    return soup(response).title.string


def tables_read(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return " ".join(query["sql"] for query in queries.captured_queries)


def test_a_page_reads_neither_site_nor_settings_once_they_are_kept(client, site, about):
    first = tables_read(client, "/about/")
    assert "wagtailcore_site" in first and "portal_alliancesettings" in first

    again = tables_read(client, "/about/")
    assert "wagtailcore_site" not in again
    assert "portal_alliancesettings" not in again
    assert "portal_navigationsettings" not in again


def test_a_change_made_elsewhere_shows_once_the_content_version_moves(client, site, about):
    """Another process changes the database and moves the shared content version; this one
    reads the version on every request."""
    AllianceSettings.for_site(site)
    client.get("/about/")
    AllianceSettings.objects.filter(site=site).update(name="Renamed elsewhere")  # no signal

    assert "Renamed elsewhere" not in title(client.get("/about/"))  # this process's copy
    move_content_version()
    assert "Renamed elsewhere" in title(client.get("/about/"))


def test_saving_settings_shows_at_the_next_request(
    client, member, site, about, django_capture_on_commit_callbacks
):
    client.force_login(member)
    client.get("/about/")
    alliance = AllianceSettings.for_site(site)
    alliance.name = "Renamed Alliance"
    with django_capture_on_commit_callbacks(execute=True):
        alliance.save()
    assert "Renamed Alliance" in title(client.get("/about/"))


def test_a_new_root_page_serves_at_once(
    client, site, home_page, django_capture_on_commit_callbacks
):
    assert client.get("/").context["page"].pk == home_page.pk
    new_home = HomePageFactory(parent=home_page.get_parent(), title="New home", slug="new-home")
    with django_capture_on_commit_callbacks(execute=True):
        site.root_page = new_home
        site.save()
    assert client.get("/").context["page"].pk == new_home.pk


def test_a_request_gets_its_own_copies(rf, site):
    from portal.sites import find_site

    first, second = rf.get("/"), rf.get("/")
    site_one, site_two = find_site(first), find_site(second)
    assert site_one == site_two and site_one is not site_two
    assert site_one.root_page.specific is not site_two.root_page.specific
    one = AllianceSettings.for_request(first)
    two = AllianceSettings.for_request(second)
    assert one.pk == two.pk and one is not two and one._request is first


# --- View restrictions -------------------------------------------------------------------------


def test_a_page_without_restrictions_is_served_without_asking(
    client, site, about, django_assert_num_queries
):
    assert list(about.get_view_restrictions()) == []  # reads what is restricted, once
    with django_assert_num_queries(0):
        assert list(about.get_view_restrictions()) == []


def test_a_restriction_on_an_ancestor_applies_at_once(client, site, home_page, about):
    from wagtail.models import PageViewRestriction

    from portal.factories import StandardPageFactory

    child = StandardPageFactory(parent=about, title="Inner", slug="inner")
    assert client.get("/about/inner/").status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.LOGIN
    )
    assert list(child.get_view_restrictions()) == [restriction]
    response = client.get("/about/inner/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    restriction.delete()
    assert client.get("/about/inner/").status_code == 200


def test_with_aliases_wagtail_checks_every_page(client, site, home_page, about):
    from wagtail.models import PageViewRestriction

    from portal.factories import StandardPageFactory
    from portal.sites import restricted_paths

    private = StandardPageFactory(parent=home_page, title="Private", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert restricted_paths() == {private.path}
    alias = private.create_alias(parent=about, update_slug="copy")
    assert restricted_paths() is None
    assert client.get(alias.url).status_code == 302


# --- Routes ------------------------------------------------------------------------------------


def test_a_path_routed_once_costs_one_query_for_its_page(client, site, about):
    from portal.factories import StandardPageFactory

    StandardPageFactory(parent=about, title="Inner", slug="inner")
    client.get("/about/inner/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/about/inner/")
    assert response.context["page"].title == "Inner"
    page_reads = [q["sql"] for q in queries.captured_queries if '"wagtailcore_page"' in q["sql"]]
    assert len(page_reads) == 1 and '"portal_standardpage"' in page_reads[0]


def test_routes_follow_publishing(client, site, about, django_capture_on_commit_callbacks):
    assert client.get("/about/").status_code == 200
    about.slug = "who-we-are"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    moved = client.get("/about/")  # the redirect Wagtail made for the old address
    assert moved.status_code == 301 and moved["Location"].endswith("/who-we-are/")
    assert client.get("/who-we-are/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        about.unpublish()
    assert client.get("/who-we-are/").status_code == 404


def test_sub_routes_of_a_known_page(client, site, home_page):
    from resources.models import ResourceIndexPage

    library = home_page.add_child(instance=ResourceIndexPage(title="Library", slug="resources"))
    assert client.get("/resources/").context["page"].pk == library.pk
    feed = client.get("/resources/feed/")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    assert client.get("/resources/nothing-here/").status_code == 404


def test_each_site_routes_its_own_pages(client, site, home_page, about, settings):
    from wagtail.models import Site

    from portal.factories import StandardPageFactory

    settings.ALLOWED_HOSTS = ["testserver", "localhost", "other.example"]
    other_home = HomePageFactory(parent=home_page.get_parent(), title="Other", slug="other")
    other_about = StandardPageFactory(parent=other_home, title="About them", slug="about")
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)

    for _ in range(2):  # the second time from what the process keeps
        assert client.get("/about/").context["page"].pk == about.pk
        response = client.get("/about/", HTTP_HOST="other.example")
        assert response.context["page"].pk == other_about.pk
