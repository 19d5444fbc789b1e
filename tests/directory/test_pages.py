"""/directory/ and the country pages: every ISO country, what each has, regional entries, the
query count flat as entries grow."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_countries import countries

from directory import services as directory_services
from directory import views
from directory.factories import DirectoryEntryFactory
from directory.models import Category
from members.factories import MemberOrganisationFactory
from members.models import MemberOrganisation
from portal import content_version
from resources.factories import ResourceIndexPageFactory, ResourcePageFactory
from resources.models import ResourcePage

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def texts(page, selector):
    return [node.get_text(" ", strip=True) for node in page.select(selector)]


@pytest.fixture
def everything(site, home_page):
    """France with an entry of several categories, a member, and library resources (one public,
    one members-only)."""
    DirectoryEntryFactory(country="FR", name="Point de Contact")
    DirectoryEntryFactory(country="FR", name="119 Allô Enfance en Danger", helpline=True)
    DirectoryEntryFactory(
        country="FR", name="OFMIN", category=Category.LAW_ENFORCEMENT, is_demo=True
    )
    DirectoryEntryFactory(country="FR", name="Code pénal", category=Category.LEGISLATION)
    MemberOrganisationFactory(
        name="France (demo)", kind=MemberOrganisation.Kind.COUNTRY, country="FR",
        joined_on="2021-03-04",
    )  # fmt: skip
    library = ResourceIndexPageFactory(parent=home_page)
    ResourcePageFactory(parent=library, title="French guide", countries=["FR"])
    ResourcePageFactory(
        parent=library, title="Secret French report", countries=["FR"],
        access=ResourcePage.Access.MEMBERS,
    )  # fmt: skip


def test_a_country_with_everything(client, everything):
    page = soup(client.get("/directory/fr/"))
    assert page.h1.get_text(strip=True) == "France"
    headings = texts(page, "#entries-title ~ h3")
    assert headings[:4] == [
        "Reporting hotline",
        "Child helpline",
        "Specialised law-enforcement unit",
        "Legislation",
    ]
    entries = texts(page, ".directory-entry h4")
    assert "Point de Contact" in entries
    assert any("OFMIN" in e and "Demo entry" in e for e in entries)
    membership = page.find(id="membership-title").parent
    assert "since March 4, 2021" in membership.get_text(" ", strip=True)
    assert membership.find("a")["href"] == "/members/" + MemberOrganisation.objects.get().slug + "/"
    capabilities = texts(page, ".directory-capabilities li")
    evidenced = [c for c in capabilities if c.startswith("Evidenced")]
    assert [c.split()[2].rstrip(":") for c in evidenced] == ["3", "4", "11", "12"]
    resources = texts(page, "#resources-title ~ ul a")
    assert resources == ["French guide"]  # members-only never on this public, cached page


def test_a_country_with_nothing(client, site):
    DirectoryEntryFactory(country="FR")
    page = soup(client.get("/directory/tv/"))
    assert page.h1.get_text(strip=True) == "Tuvalu"
    assert "no entry for Tuvalu yet" in page.find(id="entries-title").parent.get_text()
    assert all(c.startswith("Nothing yet") for c in texts(page, ".directory-capabilities li"))
    assert "not a member" in page.find(id="membership-title").parent.get_text()
    assert page.find("a", href="/directory/tv/suggest/")


def test_a_regional_entry_shows_on_its_countries_pages_only(client, site):
    DirectoryEntryFactory(regional=True, region="155", name="Western European portal")
    assert (
        "Western European portal"
        in texts(soup(client.get("/directory/be/")), ".directory-entry h4")[0]
    )
    assert "Serves: Western Europe" in soup(client.get("/directory/be/")).get_text()
    assert not soup(client.get("/directory/pl/")).select(".directory-entry")
    assert "Western European portal" not in client.get("/directory/ke/").content.decode()


def test_every_iso_country_has_a_page(client, site):
    for code, _name in countries:
        response = client.get(f"/directory/{code.lower()}/")
        assert response.status_code == 200, code


def test_unknown_codes_are_not_found_and_capitals_redirect(client, site):
    assert client.get("/directory/zz/").status_code == 404
    assert client.get("/directory/france/").status_code == 404
    response = client.get("/directory/FR/")
    assert response.status_code == 301 and response["Location"] == "/directory/fr/"


def test_the_directory_lists_every_country_with_what_it_has(client, everything):
    DirectoryEntryFactory(country="KE", helpline=True)
    page = soup(client.get("/directory/"))
    rows = page.select(".directory-table tbody tr")
    assert len(rows) == len(countries)
    france = next(r for r in rows if r.th.get_text(strip=True) == "France")
    assert [td.get_text(strip=True) for td in france.find_all("td")] == [
        "Yes",
        "Yes",
        "4",
        "Member",
    ]
    kenya = next(r for r in rows if r.th.get_text(strip=True) == "Kenya")
    assert [td.get_text(strip=True) for td in kenya.find_all("td")][:2] == ["Not yet", "Yes"]
    svg = page.select_one(".directory-map svg")
    assert svg["role"] == "img" and svg.title and svg.desc
    assert len(svg.select("rect")) == len(countries) - 1  # Antarctica is in no region


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("region=150", "France", "Kenya"),
        ("region=014", "Kenya", "France"),
        ("category=child_helpline", "Kenya", "Tuvalu"),
        ("membership=member", "France", "Kenya"),
        ("membership=not_member", "Kenya", "France"),
    ],
)
def test_filters(client, everything, query, expected, absent):
    DirectoryEntryFactory(country="KE", helpline=True)
    names = texts(soup(client.get(f"/directory/?{query}")), ".directory-table tbody th")
    assert expected in names and absent not in names


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/directory/",
        "/directory/fr/",
        "/directory/fr/?category=research",
        "/report/?country=FR",
        "/api/directory/countries/",
        "/api/directory/entries/?country=FR",
    ],
)
def test_query_count_is_flat_as_entries_grow(client, site, url):
    DirectoryEntryFactory(country="FR")
    DirectoryEntryFactory(country="FR", helpline=True)
    DirectoryEntryFactory(country="FR", name="French research", category=Category.RESEARCH)
    count_queries(client, url)  # the process's own caches (Wagtail's site root paths)
    # Each count is of a render with every cache under the content version empty (the
    # country page's fragment, the site's settings and navigation): the version moved.
    content_version.move()
    few = count_queries(client, url)
    for index in range(60):
        code = list(countries)[index % 100].code
        DirectoryEntryFactory(country=code, name=f"Entry {index}")
        DirectoryEntryFactory(
            country="FR", name=f"French entry {index}", category=Category.RESEARCH
        )
    DirectoryEntryFactory(regional=True, region="150")
    content_version.move()
    assert count_queries(client, url) == few
    assert few <= 16


@pytest.mark.parametrize(
    ("url", "names"),
    [("/directory/fr/", ".directory-entry h4"), ("/report/?country=FR", "h3")],
)
def test_a_country_is_read_from_its_fragment_until_the_content_changes(
    client, site, django_capture_on_commit_callbacks, url, names
):
    """Below its heading, a country page (and /report/ for a country) is one fragment kept
    under the content version: a second visitor's render reads none of it from the database,
    and a new entry shows at once (its save moves the version)."""
    DirectoryEntryFactory(country="FR", name="Point de Contact")
    first = client.get(url)
    with CaptureQueriesContext(connection) as rendered_again:
        second = client.get(url)
    assert second.content == first.content
    assert not [q for q in rendered_again.captured_queries if "directory_" in q["sql"]]

    with django_capture_on_commit_callbacks(execute=True):
        DirectoryEntryFactory(country="FR", name="Net Ecoute")
    assert {"Point de Contact", "Net Ecoute"} <= set(texts(soup(client.get(url)), names))


@pytest.mark.parametrize(
    ("publication", "submitted", "shown"),
    [
        ("levels", True, True),
        ("evidence", True, True),
        ("private", True, False),
        ("levels", False, False),
    ],
)
def test_a_country_page_shows_the_members_self_assessment_only_where_published(
    client, everything, publication, submitted, shown
):
    from members.factories import build_assessment

    france = MemberOrganisation.objects.get(country="FR")
    build_assessment(
        france, 2026, {12: 4, 11: 3}, submitted=submitted, publication=publication,
        evidence="Ministry circular 2026-14",
    )  # fmt: skip

    page = BeautifulSoup(client.get("/directory/fr/").content, "html.parser")

    summary = page.find(id="assessment-summary")
    assert (summary is not None) is shown
    if shown:
        text = summary.find_parent("section").get_text(" ", strip=True)
        assert "12. CSEA hotline" in text
        assert ("Ministry circular 2026-14" in text) is (publication == "evidence")
    else:
        assert "Ministry circular" not in page.get_text()


def test_a_country_page_shows_the_first_entries_of_each_category_and_links_to_all(client, site):
    """A country with many entries of one kind: its page shows the first few (by scope, then
    name), a link to the category's own list says how many there are, and that list is
    paginated, in the same order, with every entry once."""
    per_category = directory_services.ENTRIES_PER_CATEGORY
    total = per_category + views.CATEGORY_PAGE_SIZE + 3
    for number in range(total):
        DirectoryEntryFactory(
            country="FR", name=f"Research {number:03}", category=Category.RESEARCH
        )
    DirectoryEntryFactory(country="FR", name="Point de Contact")

    page = soup(client.get("/directory/fr/"))
    shown = texts(page, "#category-research + ul .directory-entry h4")
    assert shown == [f"Research {number:03}" for number in range(per_category)]
    assert texts(page, "#category-reporting_hotline + ul .directory-entry h4") == [
        "Point de Contact"
    ]
    more = page.select(".directory-more a")
    assert len(more) == 1
    assert more[0]["href"] == "?category=research"
    assert f"All {total} entries" in more[0].get_text()

    listed = []
    first = soup(client.get("/directory/fr/?category=research"))
    assert f"{total} entries serve France" in first.get_text()
    listed += texts(first, ".directory-entry h4")
    second = soup(client.get("/directory/fr/?category=research&page=2"))
    listed += texts(second, ".directory-entry h4")
    assert listed == [f"Research {number:03}" for number in range(total)]
    assert "Point de Contact" not in second.get_text()


def test_a_country_category_list_refuses_unknown_categories_and_pages(client, site):
    DirectoryEntryFactory(country="FR", name="Point de Contact")
    assert client.get("/directory/fr/?category=nonsense").status_code == 404
    response = client.get("/directory/fr/?category=reporting_hotline&page=99")
    assert response.status_code == 302
    assert response["Location"] == "/directory/fr/?category=reporting_hotline"
    page = soup(client.get("/directory/fr/?category=child_helpline"))
    assert "no entry of this kind" in page.get_text()
