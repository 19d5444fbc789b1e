"""Every absolute link comes from one place, the default site's address (set from SITE_URL), and
the alliance has one name everywhere (issue 12)."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from wagtail.models import Site

from members import services
from members.factories import MemberContactFactory
from portal.identity import absolute_url, alliance_name, read_once, sync_default_site
from portal.models import AllianceSettings
from resources.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)
from tests.html import soup

pytestmark = pytest.mark.django_db
ADDRESS = "http://127.0.0.1:8101"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def served_at_8101(settings, site):
    """What ``PORT=8101 make run`` does: SITE_URL from HOST and PORT, the site synced to it."""
    settings.SITE_URL = settings.WAGTAILADMIN_BASE_URL = ADDRESS
    assert sync_default_site()
    alliance = AllianceSettings.for_site(site)
    alliance.name = "Global Alliance"
    alliance.save()
    return site


def links(text):
    return re.findall(r"https?://[^\s\"'<>]+", text)


def test_the_default_site_takes_the_address_of_site_url(settings, site):
    settings.SITE_URL = "https://portal.example.org"
    sync_default_site()
    site.refresh_from_db()
    assert (site.hostname, site.port, site.root_url) == (
        "portal.example.org",
        443,
        "https://portal.example.org",
    )
    assert absolute_url("/news/") == "https://portal.example.org/news/"
    assert not sync_default_site()  # nothing left to change


def test_read_once_reads_the_site_once_within_its_block_only(
    settings, site, django_assert_num_queries
):
    settings.SITE_URL = "https://portal.example.org"
    sync_default_site()
    with read_once(), django_assert_num_queries(1):
        assert absolute_url("/a/") == "https://portal.example.org/a/"
        with read_once():  # a block inside shares the reading
            assert absolute_url("/b/") == "https://portal.example.org/b/"
    settings.SITE_URL = "https://other.example.org"
    sync_default_site()
    # Outside the block, every call reads the site afresh.
    assert absolute_url("/a/") == "https://other.example.org/a/"


def test_sitemap_and_feeds_link_to_the_real_address(client, served_at_8101, home_page):
    news_index = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=news_index)
    library = ResourceIndexPageFactory(parent=home_page)
    ResourcePageFactory(parent=library)
    sitemap = ET.fromstring(client.get("/sitemap-en.xml").content)  # noqa: S314 (our own XML)
    locations = [
        loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert len(locations) >= 4
    assert all(loc.startswith(f"{ADDRESS}/") for loc in locations), locations
    for index in (news_index, library):
        feed = ET.fromstring(client.get(f"{index.url}feed/").content)  # noqa: S314
        hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
        assert len(hrefs) >= 2
        assert all(href.startswith(f"{ADDRESS}/") for href in hrefs), hrefs


def test_members_emails_link_to_the_real_address_in_the_alliances_name(
    served_at_8101, django_capture_on_commit_callbacks
):
    contact = MemberContactFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_contact(
            contact.organisation, email="new@example.org", invited_by=contact.user
        )
    [message] = mail.outbox
    found = links(message.body)
    assert found and all(link.startswith(f"{ADDRESS}/") for link in found), found
    html = soup(message.alternatives[0][0])
    assert "The secretariat of Global Alliance" in html.get_text()
    assert html.find("a", string=ADDRESS)["href"] == f"{ADDRESS}/"


def test_allauths_email_is_in_the_portals_words_with_the_real_address(
    client, served_at_8101, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "email": "ana@example.org",
                "password1": "a long pass phrase 2026",
                "password2": "a long pass phrase 2026",
            },
        )
    [message] = mail.outbox
    assert message.subject == "Confirm your e-mail address for Global Alliance"
    assert "Hello from" not in message.body and "testserver" not in message.body
    assert "on the portal of Global Alliance" in message.body
    found = links(message.body)
    assert found[0].startswith(f"{ADDRESS}/accounts/confirm-email/"), found
    html = soup(message.alternatives[0][0])
    assert html.find("a", string="Confirm my e-mail address")["href"] == found[0]
    # The link works.
    assert client.get(found[0].removeprefix(ADDRESS)).status_code == 200


def test_one_name_the_home_page_title_says_it_once(
    client, served_at_8101, home_page, django_capture_on_commit_callbacks
):
    assert alliance_name() == "Global Alliance"
    title = soup(client.get("/")).title.get_text()
    assert title == "Global Alliance"
    home_page.seo_title = "Welcome"
    with django_capture_on_commit_callbacks(execute=True):
        home_page.save_revision().publish()
    title = soup(client.get("/")).title.get_text()
    assert title == "Welcome · Global Alliance"


def test_without_a_site_the_address_is_site_url(settings, db):
    Site.objects.all().delete()
    settings.SITE_URL = "https://portal.example.org"
    assert absolute_url("/x/") == "https://portal.example.org/x/"
