"""The public page cache: visitors get cached pages, members never do, and publishing purges."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction

from portal.content_version import move as move_content_version
from portal.factories import StandardPageFactory
from portal.pagecache import HEADER
from portal.roles import MEMBERS
from tests.html import soup
from tests.pages import PAGE_TYPES, build_content

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

PASSWORD = "correct horse battery staple"


def heading(response):
    return soup(response).find("h1").get_text(strip=True)


def account_nav(response):
    nav = soup(response).find("nav", class_="account-nav")
    return [el.get_text(strip=True) for el in nav.find_all(["a", "button"])]


def test_second_anonymous_view_is_a_cache_hit_without_queries(
    client, site, about, django_assert_num_queries
):
    first = client.get("/about/")
    assert first.status_code == 200 and first[HEADER] == "miss"
    assert "csrftoken" not in first.cookies and "sessionid" not in first.cookies

    with django_assert_num_queries(0):
        second = client.get("/about/")

    assert second.status_code == 200 and second[HEADER] == "hit"
    assert second.content == first.content
    assert heading(second) == "About the alliance"
    # The replayed page carries the headers the stack gave it: security headers and CSP.
    assert second["Content-Security-Policy"] and second["X-Frame-Options"] == "DENY"
    assert "Cookie" in second["Vary"]
    assert client.head("/about/")[HEADER] == "hit"


def test_member_never_receives_the_public_copy(client, site, about, member):
    public = client.get("/about/")
    assert public[HEADER] == "miss" and "Sign in" in account_nav(public)

    assert client.login(email=member.email, password=PASSWORD)
    for _ in range(2):
        response = client.get("/about/")
        assert response[HEADER] == "bypass"
        assert "Sign out" in account_nav(response) and "Sign in" not in account_nav(response)


def test_visitor_never_receives_a_members_copy(site, about, member):
    signed_in = Client()
    assert signed_in.login(email=member.email, password=PASSWORD)
    rendered = signed_in.get("/about/")
    assert rendered[HEADER] == "bypass" and "Sign out" in account_nav(rendered)

    visitor = Client()
    response = visitor.get("/about/")
    assert response[HEADER] == "miss"
    assert "Sign out" not in account_nav(response) and "Sign in" in account_nav(response)
    assert visitor.get("/about/")[HEADER] == "hit"


def test_signed_out_visitor_with_a_session_cookie_is_not_served_from_the_cache(client, site, about):
    client.get("/about/")
    client.cookies["sessionid"] = "stale-or-anonymous"
    assert client.get("/about/")[HEADER] == "bypass"


def test_each_language_has_its_own_copy(client, site, about):
    # The URL decides the language (tests/portal/test_languages_cache.py has the rest).
    assert client.get("/fr/about/")[HEADER] == "miss"
    assert client.get("/about/")[HEADER] == "miss"
    french = client.get("/fr/about/")
    assert french[HEADER] == "hit"
    assert soup(french).html["lang"] == "fr"


def test_query_strings_are_separate_pages_in_any_order(client, site, home_page):
    from resources.factories import ResourceIndexPageFactory

    ResourceIndexPageFactory(parent=home_page)
    assert client.get("/resources/?type=guide&year=2024")[HEADER] == "miss"
    assert client.get("/resources/?year=2024&type=guide")[HEADER] == "hit"
    assert client.get("/resources/")[HEADER] == "miss"


def test_publishing_purges(client, site, about, django_capture_on_commit_callbacks):
    client.get("/about/")
    assert client.get("/about/")[HEADER] == "hit"

    about.title = "About us, revised"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()

    response = client.get("/about/")
    assert response[HEADER] == "miss" and heading(response) == "About us, revised"


def test_unpublishing_and_deleting_purge(
    client, site, home_page, about, django_capture_on_commit_callbacks
):
    other = StandardPageFactory(parent=home_page, title="Other", slug="other")
    client.get("/about/")
    client.get("/other/")

    with django_capture_on_commit_callbacks(execute=True):
        about.unpublish()
    assert client.get("/about/").status_code == 404

    assert client.get("/other/")[HEADER] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        other.delete()
    assert client.get("/other/").status_code == 404


def test_site_settings_purge(client, site, about, django_capture_on_commit_callbacks):
    from portal.models import AllianceSettings

    client.get("/about/")
    alliance = AllianceSettings.for_site(site)
    alliance.name = "Renamed Alliance"
    with django_capture_on_commit_callbacks(execute=True):
        alliance.save()
    response = client.get("/about/")
    assert response[HEADER] == "miss"
    assert "Renamed Alliance" in soup(response).title.string


def test_making_a_page_private_purges(client, site, about, django_capture_on_commit_callbacks):
    client.get("/about/")
    assert client.get("/about/")[HEADER] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/about/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_purge_forgets_every_page(client, site, about):
    client.get("/")
    client.get("/about/")
    move_content_version()
    assert client.get("/")[HEADER] == "miss"
    assert client.get("/about/")[HEADER] == "miss"


def test_pages_with_a_csrf_form_or_restrictions_are_never_cached(client, site, home_page, about):
    secret = StandardPageFactory(parent=home_page, title="Secret", slug="secret")
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    members_only = StandardPageFactory(parent=home_page, title="Members", slug="members-only")
    restriction = PageViewRestriction.objects.create(
        page=members_only, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=MEMBERS)])

    for _ in range(2):
        form = client.get("/secret/")
        assert form.status_code == 200 and form[HEADER] == "bypass"
        assert soup(form).find("input", attrs={"name": "csrfmiddlewaretoken"})
        refused = client.get("/members-only/")
        assert refused.status_code == 302
        assert HEADER not in refused or refused[HEADER] == "bypass"


def test_only_wagtail_pages_are_cached(client, site):
    for _ in range(2):
        response = client.get("/accounts/login/")
        assert response.status_code == 200 and HEADER not in response
    assert client.get("/no-such-page/").status_code == 404


def test_off_when_disabled(client, site, about, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get("/about/")
    assert HEADER not in client.get("/about/")


@pytest.mark.parametrize(
    "page_type", [p for p in PAGE_TYPES if not p.signed_in], ids=lambda p: p.id
)
def test_a_visitors_second_view_is_a_hit_for_the_page_types_marked_cached(
    client, site, home_page, page_type
):
    url = page_type.path(build_content(home_page))
    client.get(url)

    response = client.get(url)

    assert response.status_code == page_type.status
    assert (response.get(HEADER) == "hit") is page_type.cached
