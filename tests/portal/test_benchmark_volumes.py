"""The benchmark's membership volumes (tests/benchmarks/volumes.py) seed what the benchmarked
pages show, at a small size here, and a second run adds nothing."""

import pytest

from members.models import Application, ApplicationEvent, MemberContact, MemberOrganisation
from tests.benchmarks import volumes
from tests.benchmarks.run import PAGES
from tests.html import soup
from tests.pages import QUERY_BUDGET

pytestmark = pytest.mark.django_db


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
    lines = [p for p in PAGES if p.url.startswith(("/members/", "/dashboard/")) and p.member]
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
