"""The sitemaps (portal/sitemaps.py): an index of one sitemap per language, each with its
alternates, and never a page that is not live and public."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale, PageViewRestriction

from portal.factories import StandardPageFactory
from portal.roles import MEMBERS
from resources.models import ResourcePage
from tests.pages import build_content

from .test_languages import LANGUAGES, translate

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
# The site's address (SITE_URL's), which every absolute link starts with.
BASE = "http://localhost"


@pytest.fixture
def content(home_page):
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    names = build_content(home_page)
    # A draft and a page under a view restriction, with a child: none is ever listed.
    StandardPageFactory(parent=home_page, slug="unannounced", live=False)
    board = StandardPageFactory(parent=home_page, slug="board")
    StandardPageFactory(parent=board, slug="minutes")
    PageViewRestriction.objects.create(
        page=board, restriction_type=PageViewRestriction.GROUPS
    ).groups.set([Group.objects.get(name=MEMBERS)])
    return names


def xml(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    body = b"".join(response) if response.streaming else response.content
    return ET.fromstring(body)  # noqa: S314 (our own XML)


def urlset(client, code):
    """{location: {hreflang: alternate}} of the language's sitemap."""
    root = xml(client.get(f"/sitemap-{code}.xml"))
    return {
        url.find(f"{SITEMAP}loc").text: {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
        for url in root.iter(f"{SITEMAP}url")
    }


def test_the_sitemap_is_an_index_of_one_sitemap_per_language(client, content):
    root = xml(client.get("/sitemap.xml"))
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert locations == [f"{BASE}/sitemap-{code}.xml" for code in LANGUAGES]
    assert client.get("/sitemap-de.xml").status_code == 404


def test_each_language_lists_its_pages_and_views_with_their_alternates(client, content):
    english, arabic = urlset(client, "en"), urlset(client, "ar")

    about = f"{BASE}{content['about']}"
    assert english[about] == {
        "en": about,
        "fr": f"{BASE}/fr{content['about']}",
        "es": f"{BASE}/es{content['about']}",
        "ar": f"{BASE}/ar{content['about']}",
        "x-default": about,
    }
    assert arabic[f"{BASE}/ar{content['about']}"] == english[about]
    for url in ("/", content["library"], content["resource"], "/join/", "/members/"):
        assert f"{BASE}{url}" in english
        assert f"{BASE}/ar{url}" in arabic
    assert f"{BASE}/members/{content['member']}/" in english
    assert all(location.startswith(f"{BASE}/ar/") for location in arabic)


def test_no_sitemap_lists_a_draft_or_a_restricted_page(client, content):
    for code in LANGUAGES:
        listed = " ".join(
            [*urlset(client, code), *(a for alts in urlset(client, code).values() for a in alts)]
        )
        for path in ("/unannounced/", "/board/", "/board/minutes/"):
            assert path not in listed, (code, path)
        # The members-only resource is a public page showing its summary to visitors.
        assert content["members_resource"] in listed


def test_a_translated_site_lists_its_translations_and_not_the_pages_it_lacks(client, content):
    resource = ResourcePage.objects.get(url_path__endswith="/hotline-guide-1/")
    translate(resource, "fr", slug="guide-lignes")  # with the French home and library
    untranslated = ResourcePage.objects.get(url_path__endswith="/hotline-guide-3/")

    french = urlset(client, "fr")

    assert f"{BASE}/fr/resources/guide-lignes/" in french
    assert french[f"{BASE}/fr/resources/guide-lignes/"]["en"] == f"{BASE}{resource.url}"
    assert f"{BASE}/fr/" in french and f"{BASE}/fr/resources/" in french
    assert not any(untranslated.slug in location for location in french)
    assert not any("/fr/about/" in location for location in french)
    english = urlset(client, "en")
    assert english[f"{BASE}{resource.url}"]["fr"] == f"{BASE}/fr/resources/guide-lignes/"
    assert "fr" not in english[f"{BASE}{untranslated.url}"]
    # Spanish has no home page of its own: the English tree, under /es/.
    assert f"{BASE}/es{untranslated.url}" in urlset(client, "es")


def test_robots_txt_names_the_sitemap(client, content):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
