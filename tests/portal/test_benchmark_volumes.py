"""The benchmark's volumes (tests/benchmarks/volumes.py) seed what the benchmarked pages show, at
a small size here, and a second run adds nothing; pages added in bulk (tests/benchmarks/bulk.py)
make a valid page tree that routes and is searchable."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from members.models import Application, ApplicationEvent, MemberContact, MemberOrganisation
from portal.models import StandardPage
from resources.factories import ResourcePageFactory
from resources.models import NewsPage, ResourceIndexPage, ResourcePage
from tests.benchmarks import volumes
from tests.html import soup
from tests.pages import PAGE_TYPES, QUERY_BUDGET, build_content

pytestmark = pytest.mark.django_db


def seed_pages(site):
    return [
        volumes.standard_pages(site, count=12),
        volumes.resources(site),
        volumes.news_pages(site, count=9),
    ]


def test_page_volumes_make_a_valid_tree_that_routes_and_is_searchable(client, site, home_page):
    build_content(home_page)  # the about page, the library with 15 resources, the news index
    content = volumes.SiteContent(home=home_page, resources=40)
    library = ResourceIndexPage.objects.get()
    before = set(ResourcePage.objects.values_list("pk", flat=True))

    assert seed_pages(content) == [12, 40, 9]
    assert seed_pages(content) == [12, 40, 9]  # idempotent

    assert Page.find_problems() == ([], [], [], [], [])
    out = io.StringIO()
    call_command("fixtree", "--noinput", stdout=out)
    assert out.getvalue().count("No problems found.") == 2, out.getvalue()  # pages, collections

    seeded = ResourcePage.objects.exclude(pk__in=before).order_by("path")
    assert seeded.count() == 25
    assert all(page.get_parent().pk == library.pk for page in seeded)
    assert all(page.capabilities.exists() and page.languages.exists() for page in seeded)
    last = seeded.last()
    assert last.url == f"{library.url}{last.slug}/"
    commitments = StandardPage.objects.child_of(home_page.get_children().get(slug="about"))
    assert commitments.count() == 12
    assert NewsPage.objects.count() == 9

    news = NewsPage.objects.order_by("path").last()
    for url in (last.url, news.url, commitments.order_by("path").last().url):
        response = client.get(url)
        assert response.status_code == 200, url
    assert soup(client.get(last.url)).find("h1").get_text(strip=True) == last.title

    helpline = {page.pk for page in seeded if "Helpline" in page.title}
    assert helpline
    found = {page.pk for page in ResourcePage.objects.live().search("helpline")}
    assert helpline <= found

    # Wagtail adds the next page after the bulk-added ones, and the tree stays valid.
    added = ResourcePageFactory(parent=library, title="Added by an editor")
    assert added.path > last.path
    assert Page.find_problems() == ([], [], [], [], [])


def seed_small(site):
    return [
        volumes.member_organisations(site, count=12),
        volumes.member_accounts(site, count=6),
        volumes.member_contacts(site),
        volumes.applications(site, count=42),
    ]


def test_membership_volumes_seed_once_and_serve_the_benchmarked_pages(
    client, site, home_page, django_assert_max_num_queries
):
    content = volumes.SiteContent(home=home_page)
    assert seed_small(content) == [12, 6, 6, 42]
    assert seed_small(content) == [12, 6, 6, 42]  # idempotent

    assert set(Application.objects.values_list("status", flat=True)) == set(Application.Status)
    assert set(Application.objects.values_list("kind", flat=True)) == set(Application.Kind)
    assert ApplicationEvent.objects.count() == Application.objects.exclude(status="draft").count()
    member = MemberOrganisation.objects.get(slug=content.urls["member"])
    bench = MemberContact.objects.get(user__email=volumes.BENCH_MEMBER_EMAIL)
    assert (bench.organisation, bench.role) == (member, MemberContact.Role.PRIMARY)

    # Every membership line of the benchmark answers for its account, within the query budget.
    login = {"login": volumes.BENCH_MEMBER_EMAIL, "password": volumes.BENCH_MEMBER_PASSWORD}
    assert client.post("/accounts/login/", login).status_code == 302
    lines = [
        p
        for p in PAGE_TYPES
        if p.benchmarked and p.signed_in and p.url.startswith(("/members/", "/dashboard/"))
    ]
    assert {p.name for p in lines} >= {"member list", "member page", "dashboard"}
    for page in lines:
        url = page.url.format(**content.urls)
        client.get(url)
        with django_assert_max_num_queries(QUERY_BUDGET):
            response = client.get(url)
        assert response.status_code == 200, url
    dashboard = soup(client.get("/dashboard/"))
    assert len(dashboard.select("tbody tr")) == 7  # 42 applications from 6 accounts
    assert member.name in dashboard.find(id="organisations-title").find_parent("section").text
