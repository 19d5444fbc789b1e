"""Sites, their settings and navigation, routing and view restrictions, as Wagtail serves them.

Wagtail finds the site, routes the path and checks view restrictions on every request; the
alliance's settings and the navigation are read from the content cache under the content version
(``portal.content_version.cached``). Every change shows at the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from portal.content_version import move as move_content_version
from portal.factories import HomePageFactory, StandardPageFactory
from portal.models import AllianceSettings, NavigationSettings
from tests.html import soup
from tests.portal.test_fail_soft import caches_at, closed_port

pytestmark = pytest.mark.django_db


def title(response):
    return soup(response).title.string


def main_links(response):
    return [a.get_text() for a in soup(response).find("nav", attrs={"aria-label": "Main"})("a")]


def tables_read(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return " ".join(query["sql"] for query in queries.captured_queries)


def set_main_navigation(site, pages, commit):
    nav = NavigationSettings.for_site(site)
    nav.main_navigation = [("link", {"page": page, "url": "", "label": ""}) for page in pages]
    with commit(execute=True):
        nav.save()


# --- Settings and navigation --------------------------------------------------------------------


def test_settings_and_navigation_are_read_from_the_database_once_per_content_version(
    client, site, about
):
    first = tables_read(client, "/about/")
    assert "portal_alliancesettings" in first and "portal_navigationsettings" in first

    again = tables_read(client, "/about/")
    assert "portal_alliancesettings" not in again
    assert "portal_navigationsettings" not in again
    assert "wagtailcore_site" in again  # Wagtail finds the site of every request

    move_content_version()
    assert "portal_alliancesettings" in tables_read(client, "/about/")


def test_a_change_made_elsewhere_shows_once_the_content_version_moves(client, site, about):
    """Another process changes the database and moves the shared content version."""
    client.get("/about/")
    AllianceSettings.objects.filter(site=site).update(name="Renamed elsewhere")  # no signal

    assert "Renamed elsewhere" not in title(client.get("/about/"))  # the cached copy
    move_content_version()
    assert "Renamed elsewhere" in title(client.get("/about/"))


def test_saving_settings_shows_at_the_next_request(
    client, member, site, about, django_capture_on_commit_callbacks
):
    client.get("/about/")
    client.force_login(member)
    client.get("/about/")
    alliance = AllianceSettings.for_site(site)
    alliance.name = "Renamed Alliance"
    with django_capture_on_commit_callbacks(execute=True):
        alliance.save()
    assert "Renamed Alliance" in title(client.get("/about/"))
    client.logout()
    assert "Renamed Alliance" in title(client.get("/about/"))


def test_navigation_follows_the_setting_and_the_pages_it_links(
    client, site, home_page, about, django_capture_on_commit_callbacks
):
    commit = django_capture_on_commit_callbacks
    set_main_navigation(site, [about], commit)
    assert main_links(client.get("/about/")) == ["About the alliance"]

    about.title = "Who we are"
    with commit(execute=True):
        about.save_revision().publish()
    assert main_links(client.get("/about/")) == ["Who we are"]

    other = StandardPageFactory(parent=home_page, title="Secretariat", slug="secretariat")
    set_main_navigation(site, [about, other], commit)
    assert main_links(client.get("/about/")) == ["Who we are", "Secretariat"]


def test_with_the_cache_unreachable_every_request_reads_the_database(
    client, site, about, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = caches_at(closed_port())
    assert "Alliance Portal" in title(client.get("/about/"))
    AllianceSettings.objects.filter(site=site).update(name="Read afresh")  # no signal
    assert "Read afresh" in title(client.get("/about/"))


def test_a_host_no_site_answers_gets_no_page(client, site, about, settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "elsewhere.example"]
    site.is_default_site = False
    site.save()
    assert client.get("/about/", HTTP_HOST="elsewhere.example").status_code == 404


# --- Sites and routing --------------------------------------------------------------------------


def test_a_new_root_page_serves_at_once(
    client, site, home_page, django_capture_on_commit_callbacks
):
    assert client.get("/").context["page"].pk == home_page.pk
    new_home = HomePageFactory(parent=home_page.get_parent(), title="New home", slug="new-home")
    with django_capture_on_commit_callbacks(execute=True):
        site.root_page = new_home
        site.save()
    assert client.get("/").context["page"].pk == new_home.pk


def test_each_site_routes_its_own_pages_and_has_its_own_settings(
    client, site, home_page, about, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "other.example"]
    other_home = HomePageFactory(parent=home_page.get_parent(), title="Other", slug="other")
    other_about = StandardPageFactory(parent=other_home, title="About them", slug="about")
    other_site = Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    AllianceSettings.objects.create(site=other_site, name="Other Alliance")

    for _ in range(2):  # the second time with the settings from the cache
        response = client.get("/about/")
        assert response.context["page"].pk == about.pk
        assert "Other Alliance" not in title(response)
        response = client.get("/about/", HTTP_HOST="other.example")
        assert response.context["page"].pk == other_about.pk
        assert "Other Alliance" in title(response)


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


def test_sub_routes_of_a_routable_page(client, site, home_page):
    from resources.models import ResourceIndexPage

    library = home_page.add_child(instance=ResourceIndexPage(title="Library", slug="resources"))
    assert client.get("/resources/").context["page"].pk == library.pk
    feed = client.get("/resources/feed/")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    assert client.get("/resources/nothing-here/").status_code == 404


# --- View restrictions: Wagtail's own check ---------------------------------------------------


def refuses_visitor(response):
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_restricted_page_refuses_a_visitor_and_serves_a_member(client, site, about, member):
    client.get("/about/")
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    assert refuses_visitor(client.get("/about/"))
    client.force_login(member)
    assert client.get("/about/").status_code == 200


def test_a_restriction_on_an_ancestor_applies_at_once_and_its_removal_too(client, site, about):
    StandardPageFactory(parent=about, title="Inner", slug="inner")
    assert client.get("/about/inner/").status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.LOGIN
    )
    assert refuses_visitor(client.get("/about/inner/"))
    restriction.delete()
    assert client.get("/about/inner/").status_code == 200


def test_a_group_restriction_refuses_a_signed_in_person_outside_the_groups(
    client, site, about, member, user
):
    from django.contrib.auth.models import Group

    from portal.roles import MEMBERS

    restriction = PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=MEMBERS))
    assert refuses_visitor(client.get("/about/"))
    client.force_login(user)
    assert client.get("/about/").status_code == 302
    client.force_login(member)
    assert client.get("/about/").status_code == 200


def test_an_alias_of_a_restricted_page_refuses_a_visitor(client, site, home_page, about):
    private = StandardPageFactory(parent=home_page, title="Private", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    alias = private.create_alias(parent=about, update_slug="copy")
    assert refuses_visitor(client.get(alias.url))
