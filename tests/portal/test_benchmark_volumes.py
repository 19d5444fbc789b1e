"""The benchmark's volumes (tests/benchmarks/volumes.py) seed what the benchmarked pages show, at
a small size here, and a second run adds nothing; pages added in bulk (tests/benchmarks/bulk.py)
make a valid page tree that routes and is searchable; the benchmark's verdicts
(tests/benchmarks/run.py) follow issue 11's budgets on the medians of the rounds."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from members.models import Application, ApplicationEvent, MemberContact, MemberOrganisation
from portal.models import StandardPage
from resources.factories import ResourcePageFactory
from resources.models import NewsPage, ResourceIndexPage, ResourcePage
from tests.benchmarks import run, volumes
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
        volumes.mnr_self_assessments(site, count=10),
    ]


def test_membership_volumes_seed_once_and_serve_the_benchmarked_pages(
    client, site, home_page, django_assert_max_num_queries
):
    content = volumes.SiteContent(home=home_page)
    assert seed_small(content) == [12, 6, 6, 42, 10]
    assert seed_small(content) == [12, 6, 6, 42, 10]  # idempotent

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


def figures(rps, p50_ms, p99_ms):
    return {"requests": 1000, "rps": rps, "p50_ms": p50_ms, "p99_ms": p99_ms}


def round_of(page_rps, bare_rps=1000.0, page_p50=2.0, bare_p50=1.0):
    return {"bare": figures(bare_rps, bare_p50, 4.0), "page": figures(page_rps, page_p50, 8.0)}


def row(page, connections=1, queries=5, uncached=False, **measured):
    measured_row = run.Measured(page, uncached=uncached)
    return run.row_of(measured_row, {"connections": connections, **measured}, queries)


def test_a_round_slowed_by_the_machine_does_not_flip_a_verdict():
    # Five rounds: in one, the machine slowed the page down (or sped the bare view up).
    rounds = [round_of(600), round_of(620), round_of(150), round_of(610), round_of(590)]
    measured = run.summary(rounds)
    assert measured["rps_ratio"] == pytest.approx(0.6)
    home = next(p for p in PAGE_TYPES if p.id == "home (visitor)")

    volume = {"resources": 5000, "rows": [row(home, **measured)]}
    assert run.evaluate([volume]) == []
    assert volume["rows"][0]["budget"] == "met"


def test_the_budgets_of_issue_11():
    page = {p.id: p for p in PAGE_TYPES}
    ratios = {"rps_ratio": 0.6, "p99_ratio": 2.0, "p50_ratio": 20.0, "p50_ms": 20.0, "rps": 1}

    def volume(resources, **changed):
        rows = []
        for page_id in ("home (visitor)", "home (member)", "library, keywords (member)"):
            figures = {**ratios, **changed.get(page_id, {})}
            queries = figures.pop("queries", 5)
            rows.append(row(page[page_id], queries=queries, **figures))
        return {"resources": resources, "rows": rows}

    at_5000 = volume(5000, **{"home (visitor)": {"rps_ratio": 0.49}})
    at_50000 = volume(
        50000,
        **{
            "home (member)": {"p50_ratio": 26.0, "queries": run.QUERY_BUDGET + 1},
            "library, keywords (member)": {"p50_ratio": 60.0, "p50_ms": 60.0},
        },
    )
    missed = run.evaluate([at_5000, at_50000])

    assert {(resources, r["id"]) for resources, r in missed} == {
        (5000, "home (visitor)"),  # under half the bare view's requests per second
        (50000, "home (member)"),  # over the query budget, and not flat
    }
    flat = {r["id"]: r for r in at_50000["flat"]}
    assert flat["home (member)"]["budget"].startswith("MISSED: p50 ≤ 1.25")
    assert "no more queries" in flat["home (member)"]["budget"]
    # Keyword search may grow with content; its own budgets in ms hold at each volume: 50 ms at
    # 5,000 resources, 80 ms at 50,000 (issue 16).
    assert flat["library, keywords (member)"]["budget"] == "grows with content (keyword search)"
    assert at_5000["rows"][2]["budget"] == "met"
    assert at_50000["rows"][2]["budget"] == "met"  # 60 ms
    slower = volume(50000, **{"library, keywords (member)": {"p50_ms": 81.0}})
    run.evaluate([at_5000, slower])
    assert slower["rows"][2]["budget"] == "MISSED: p50 < 80 ms"


def test_site_wide_search_has_a_median_and_a_p99_budget_at_50000_documents():
    search = next(p for p in PAGE_TYPES if p.id == "search with facets (visitor)")
    fast = {"rps_ratio": 0.01, "p99_ratio": 40.0, "p50_ratio": 60.0, "rps": 1}

    def verdict(resources, p50_ms, p99_ms):
        volume = {
            "resources": resources,
            "rows": [row(search, p50_ms=p50_ms, p99_ms=p99_ms, **fast)],
        }
        run.evaluate([volume])
        return volume["rows"][0]["budget"]

    assert verdict(50000, 49.0, 149.0) == "met"
    assert verdict(50000, 51.0, 149.0) == "MISSED: p50 < 50 ms"
    assert verdict(50000, 49.0, 151.0) == "MISSED: p99 < 150 ms"
    # Both volumes index over 50,000 documents (the directory's 50,000 entries at each).
    assert verdict(5000, 51.0, 149.0) == "MISSED: p50 < 50 ms"


def test_a_cached_page_with_a_budget_in_ms_is_also_measured_past_the_page_cache():
    # Issue 14: a country page's 20 ms are the view's, uncached; the cached copy has the page
    # cache's budget. The uncached row carries the messages cookie the page cache steps aside for.
    country = next(p for p in PAGE_TYPES if p.id == "directory country (visitor)")
    home = next(p for p in PAGE_TYPES if p.id == "home (visitor)")
    assert [(r.id, r.cached, r.max_p50_ms) for r in run.measured_rows([home, country])] == [
        ("home (visitor)", True, ()),
        ("directory country (visitor)", True, ()),
        ("directory country (visitor, uncached)", False, ((5000, 20), (50000, 20))),
    ]
    cached, uncached = list(run.measured_rows([country]))
    assert cached.cookie("sessionid=x") is None
    assert uncached.cookie("sessionid=x") == run.UNCACHED_COOKIE

    fast_cached = {"rps_ratio": 0.6, "p99_ratio": 2.0, "p50_ratio": 1.5, "p50_ms": 0.7, "rps": 1}
    slow_render = {"rps_ratio": 0.01, "p99_ratio": 40.0, "p50_ratio": 60.0, "p50_ms": 25.0}
    volume = {
        "resources": 5000,
        "rows": [row(country, **fast_cached), row(country, uncached=True, rps=1, **slow_render)],
    }
    missed = run.evaluate([volume])
    assert [r["id"] for _, r in missed] == ["directory country (visitor, uncached)"]
    assert volume["rows"][0]["budget"] == "met"
    assert volume["rows"][1]["budget"] == "MISSED: p50 < 20 ms"
