"""/members/, /members/<slug>/ and the home page's member counts."""

import gc
import warnings

import pytest

from members.factories import MemberOrganisationFactory
from members.models import MemberOrganisation
from tests.html import soup

pytestmark = pytest.mark.django_db


def counts(page):
    return {
        li.find("a")["href"].split("=")[-1]: int(li.find("strong").get_text())
        for li in page.select(".members-counts li")
    }


@pytest.fixture
def alliance(db):
    MemberOrganisationFactory(name="Ghana", kind="country", country="GH")
    MemberOrganisationFactory(name="France", kind="country", country="FR")
    MemberOrganisationFactory(name="Northwind", kind="company", country="US")
    MemberOrganisationFactory(name="Safe Net", kind="organisation", country="KE")
    MemberOrganisationFactory(name="Suspended Org", status=MemberOrganisation.Status.SUSPENDED)
    MemberOrganisationFactory(name="Ended Org", status=MemberOrganisation.Status.ENDED)


def names(page):
    return [a.get_text() for a in page.select(".cards .card__link")]


def test_the_list_shows_active_members_with_counts_by_kind(client, site, alliance):
    page = soup(client.get("/members/"))
    assert page.find("h1").get_text() == "Members of the alliance"
    assert names(page) == ["France", "Ghana", "Northwind", "Safe Net"]
    assert counts(page) == {"country": 2, "company": 1, "organisation": 1}
    nouns = [li.get_text(" ", strip=True) for li in page.select(".members-counts li")]
    assert nouns == ["2 countries", "1 company", "1 organisation"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=country", ["France", "Ghana"]),
        ("?region=002", ["Ghana", "Safe Net"]),
        ("?kind=country&region=150", ["France"]),
        ("?kind=company&region=150", []),
        ("?kind=nonsense", ["France", "Ghana", "Northwind", "Safe Net"]),
    ],
)
def test_filters_by_kind_and_region(client, site, alliance, query, expected):
    page = soup(client.get(f"/members/{query}"))
    assert names(page) == expected
    if not expected:
        assert page.select_one("[role=status]").get_text() == "0 members found"


def test_pagination_keeps_the_filters(client, site):
    for i in range(30):
        MemberOrganisationFactory(name=f"Org {i:02}", kind="company")
    MemberOrganisationFactory(name="A country", kind="country", country="GH")
    page = soup(client.get("/members/?kind=company"))
    assert len(names(page)) == 24
    link = page.select_one(".members-pagination a[rel=next]")["href"]
    assert link == "?kind=company&page=2"
    page = soup(client.get(f"/members/{link}"))
    assert names(page) == [f"Org {i}" for i in range(24, 30)]


def test_a_member_page(client, site, alliance):
    member = MemberOrganisation.objects.get(name="Ghana")
    page = soup(client.get("/members/ghana/"))
    assert page.find("h1").get_text() == "Ghana"
    details = dict(
        zip(
            [dt.get_text() for dt in page.select(".members-answers dt")],
            [dd.get_text(strip=True) for dd in page.select(".members-answers dd")],
            strict=True,
        )
    )
    assert details["Region"] == "Africa"
    assert details["Member since"] == member.joined_on.strftime("%B %Y")
    assert client.get("/members/suspended-org/").status_code == 404
    assert client.get("/members/ended-org/").status_code == 404


@pytest.mark.parametrize("n", [2, 20])
def test_list_queries_do_not_grow_with_members(client, site, n, django_assert_max_num_queries):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    Image = get_image_model()
    for i in range(n):
        logo = Image.objects.create(title=f"Logo {i}", file=get_test_image_file())
        MemberOrganisationFactory(name=f"Member {i:02}", logo=logo)
    # Renditions are made once, on the first view. (Wagtail leaves a temporary file to the
    # garbage collector when it makes one: not ours to fix, and not an error.)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        client.get("/members/")
        gc.collect()
    with django_assert_max_num_queries(10):
        response = client.get("/members/")
    page = soup(response)
    assert len(names(page)) == n
    assert len(page.select(".members-card__logo")) == n


def test_the_home_page_shows_the_member_counts(client, site, alliance):
    page = soup(client.get("/"))
    section = page.find(id="home-members-title").parent
    assert [li.get_text(" ", strip=True) for li in section.select(".members-counts li")] == [
        "2 countries",
        "1 company",
        "1 organisation",
    ]
