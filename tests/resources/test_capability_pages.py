"""A page per MNR domain and capability under /mnr/ (issue 18): seeded text with its source, the
library's resources for the capability through the library's own listing, the sections other
apps add (members that can help; the directory's entries by country), /mnr/ linking them."""

import pytest
from wagtail.test.utils import WagtailPageTestCase

from resources import mnr_content, mnr_sections
from resources.factories import ResourcePageFactory, build_capability_pages
from resources.models import MNRCapabilityPage, MNRDomainPage, MNRPage, ResourcePage
from tests.html import soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(mnr_page):
    return build_capability_pages(mnr_page, content=True)


class TestCapabilityPageTypes(WagtailPageTestCase):
    def test_where_the_pages_go(self):
        self.assertCanCreateAt(MNRPage, MNRDomainPage)
        self.assertCanCreateAt(MNRDomainPage, MNRCapabilityPage)
        self.assertCanNotCreateAt(MNRPage, MNRCapabilityPage)
        self.assertCanNotCreateAt(MNRCapabilityPage, MNRCapabilityPage)


def test_every_capability_has_a_seeded_page_at_domain_and_capability(pages):
    assert len(pages) == 21 and len(mnr_content.CAPABILITIES) == 21
    assert pages[1].url == "/mnr/policy-and-governance/leadership/"
    assert pages[11].url == "/mnr/victim/child-helpline/"
    for number, page in pages.items():
        assert page.live and page.capability.number == number
        assert page.definition and page.why_it_matters and page.good_practice
        assert page.further_guidance and "Model National Response" in page.source
    assert build_capability_pages(pages[1].get_parent().get_parent()) == pages  # kept, not doubled


def test_a_capability_page_shows_its_text_source_and_the_librarys_resources(client, pages, library):
    for i in range(12):
        ResourcePageFactory(parent=library, title=f"Helpline guide {i:02}", capabilities=[11])
    members_only = ResourcePageFactory(
        parent=library, title="Members' helpline data", capabilities=[11], access="members"
    )
    ResourcePageFactory(parent=library, title="About hotlines", capabilities=[12])
    html = soup(client.get(pages[11].url))
    assert html.find("h1").get_text(strip=True) == "Capability 11: Child helpline"
    for heading in ("Definition", "Why it matters", "Good practice", "Further guidance"):
        assert html.find("h2", string=heading)
    assert "WePROTECT Global Alliance" in html.select_one(".mnr-source").get_text()

    section = html.find(id="capability-resources").find_parent("section")
    titles = [a.get_text(strip=True) for a in section.select(".mnr-capability__resources a")]
    assert len(titles) == 10 and "About hotlines" not in titles
    assert members_only.title in titles  # listed like the library lists it, marked
    link = section.select_one("a.button")
    assert link["href"] == f"{library.url}?capability=11"
    assert "All 13 resources" in link.get_text()
    # The link leads to the library's own listing of exactly those.
    listing = soup(client.get(link["href"]))
    assert "13" in listing.get_text()
    assert ResourcePage.objects.filter(capabilities__number=11).count() == 13


def test_mnr_overview_and_domain_pages_link_the_capability_pages(client, pages):
    overview = soup(client.get("/mnr/"))
    assert overview.find(id="capability-7-title").find("a")["href"] == pages[7].url
    assert overview.find(id="domain-2-title").find("a")["href"] == "/mnr/criminal-justice/"
    domain = soup(client.get("/mnr/criminal-justice/"))
    assert [a["href"] for a in domain.select(".mnr-capability-list a")] == [
        pages[n].url for n in (4, 5, 6, 7)
    ]
    page = soup(client.get(pages[7].url))
    assert page.select_one("a[rel=prev]")["href"] == pages[6].url
    assert page.select_one("a[rel=next]")["href"] == pages[8].url


def test_a_capability_page_lists_the_countries_whose_directory_entries_evidence_it(client, pages):
    from directory.factories import DirectoryEntryFactory

    assert {"directory", "members"} <= set(mnr_sections.registered())
    DirectoryEntryFactory(country="KE", name="Kenya hotline", report_url="https://ke.example.org/r")
    DirectoryEntryFactory(country="FR", name="Point de Contact")
    DirectoryEntryFactory(country="FR", name="Pharos")
    DirectoryEntryFactory(country="BR", name="Allô 119 Brasil", helpline=True)
    DirectoryEntryFactory(regional=True, name="European network")  # no one country

    hotline = soup(client.get(pages[12].url)).find(id="capability-directory").find_parent("section")
    listed = [li.get_text(" ", strip=True) for li in hotline.select(".mnr-directory > li")]
    assert listed == ["France (2)", "Kenya"]  # Brazil has a helpline only; Europe no country
    link = hotline.find("a", string="France")["href"]
    assert link == "/directory/fr/?category=reporting_hotline"
    assert "in 2 countries and territories:" in hotline.get_text()
    # The link leads to exactly those entries.
    names = {h.get_text(strip=True) for h in soup(client.get(link)).select(".directory-entry h4")}
    assert {"Point de Contact", "Pharos"} <= names and "Allô 119 Brasil" not in names
    helpline = (
        soup(client.get(pages[11].url)).find(id="capability-directory").find_parent("section")
    )
    assert [a.get_text() for a in helpline.select(".mnr-directory a")] == ["Brazil"]
    # A capability no directory category evidences has no directory section.
    assert soup(client.get(pages[5].url)).find(id="capability-directory") is None


@pytest.mark.parametrize("count", [2, 20])
def test_a_capability_page_reads_a_fixed_number_of_queries(
    client, pages, library, count, django_assert_max_num_queries, fragments_not_kept
):
    for _i in range(count):
        ResourcePageFactory(parent=library, capabilities=[3])
    client.get(pages[3].url)
    # Routing is 8 of them (the site, the home page, /mnr/ and its specific row, the capability
    # page in one query: MNRPage.route; the aliases and view restrictions up the tree); the
    # content 6, and the directory's section 1 (directory.capability_section).
    with django_assert_max_num_queries(15):
        response = client.get(pages[3].url)
    assert len(soup(response).select(".mnr-capability__resources a")) == min(count, 10)


def test_a_capability_pages_sections_are_read_from_a_fragment_until_the_content_changes(
    client, pages, django_capture_on_commit_callbacks
):
    """What the page shows from elsewhere (its resources, the sections other apps add) is
    public and moves the content version: kept as one fragment under it, a second render reads
    none of it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from directory.factories import DirectoryEntryFactory

    DirectoryEntryFactory(country="KE", name="Kenya hotline")
    first = client.get(pages[12].url)
    with CaptureQueriesContext(connection) as again:
        second = client.get(pages[12].url)
    assert second.content == first.content
    read = " ".join(q["sql"] for q in again.captured_queries)
    assert "directory_" not in read and "resources_resourcepage" not in read

    with django_capture_on_commit_callbacks(execute=True):
        DirectoryEntryFactory(country="BR", name="Brazil hotline")
    section = soup(client.get(pages[12].url)).find(id="capability-directory").find_parent("section")
    assert {"Kenya", "Brazil"} <= {a.get_text() for a in section.find_all("a")}


def test_capability_addresses_answer_as_wagtails_routing_would(client, pages, member):
    """``MNRPage.route`` finds ``<domain>/<capability>/`` in one query: a draft, a moved slug,
    a view restriction and an address under a capability page answer as Wagtail's own routing
    answers them."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from portal.roles import MEMBERS

    helpline = pages[11]
    assert client.get("/mnr/victim/child-helpline/").status_code == 200
    assert client.get("/mnr/victim/no-such-capability/").status_code == 404
    assert client.get("/mnr/no-such-domain/child-helpline/").status_code == 404
    assert client.get("/mnr/victim/child-helpline/more/").status_code == 404
    # Another domain's slug with this capability's: not found.
    assert client.get("/mnr/societal/child-helpline/").status_code == 404
    # The domain renamed: the capability follows it, the old address leads nowhere.
    domain = helpline.get_parent().specific
    domain.slug = "victims"
    domain.save_revision().publish()
    assert client.get("/mnr/victims/child-helpline/").status_code == 200
    assert client.get("/mnr/victim/child-helpline/").status_code == 404
    # A draft answers 404.
    helpline.refresh_from_db()
    helpline.unpublish()
    assert client.get("/mnr/victims/child-helpline/").status_code == 404
    helpline.save_revision().publish()
    # Members only: a visitor is sent to sign in; a member reads it.
    restriction = PageViewRestriction.objects.create(
        page=helpline, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=MEMBERS))
    response = client.get("/mnr/victims/child-helpline/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(member)
    assert client.get("/mnr/victims/child-helpline/").status_code == 200


def test_the_capabilitys_description_leads_the_page_unless_the_definition_says_just_that(
    client, pages
):
    """A translation whose longer text is not written yet defines the capability by its
    description: the page then says it once, not as the lead and again as the definition."""
    from wagtail.rich_text import RichText

    helpline = pages[11]
    description = helpline.capability.description
    assert soup(client.get(helpline.url)).select_one(".page-header .lead").get_text() == description
    helpline.definition = RichText(f"<p>{description}</p>").source
    helpline.save_revision().publish()
    html = soup(client.get(helpline.url))
    assert html.select_one(".page-header .lead") is None
    definition = html.find(id="definition").find_parent("section")
    assert description in definition.get_text()
