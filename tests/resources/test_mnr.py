import datetime
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resources.factories import ResourcePageFactory
from resources.models import MNRCapability, MNRDomain, ResourcePage
from tests.html import soup

pytestmark = pytest.mark.django_db
seed_migration = importlib.import_module("resources.migrations.0002_seed_mnr_framework")


def test_the_framework_is_seeded_with_its_6_domains_and_21_capabilities():
    assert list(MNRDomain.objects.values_list("number", "name")) == [
        (1, "Policy and governance"),
        (2, "Criminal justice"),
        (3, "Victim"),
        (4, "Societal"),
        (5, "Industry"),
        (6, "Media and communications"),
    ]
    by_domain = {
        domain.number: [c.number for c in domain.capabilities.all()]
        for domain in MNRDomain.objects.prefetch_related("capabilities")
    }
    assert by_domain == {
        1: [1, 2, 3],
        2: [4, 5, 6, 7],
        3: [8, 9, 10, 11],
        4: [12, 13, 14, 15],
        5: [16, 17, 18, 19],
        6: [20, 21],
    }
    assert MNRCapability.objects.get(number=7).name == "Access to image databases"
    assert MNRCapability.objects.get(number=21).name == "Universal terminology"
    assert all(c.description for c in MNRCapability.objects.all())


def test_the_seed_migration_is_reversible():
    seed_migration.unseed(apps, None)
    assert not MNRCapability.objects.exists() and not MNRDomain.objects.exists()
    seed_migration.seed(apps, None)
    seed_migration.seed(apps, None)  # and safe to run again
    assert MNRDomain.objects.count() == 6 and MNRCapability.objects.count() == 21


def test_mnr_page_presents_each_domain_and_capability_with_its_resources(client, mnr_page, library):
    ResourcePageFactory(parent=library, title="Hotline guide", capabilities=[12])
    ResourcePageFactory(
        parent=library, title="Closed study", capabilities=[12, 3], access="members"
    )
    ResourcePageFactory(parent=library, title="Draft", capabilities=[12], live=False)
    response = client.get("/mnr/")
    assert response.status_code == 200
    html = soup(response)
    domains = html.select("section.mnr-domain")
    assert [d.find("h2").get_text(strip=True) for d in domains][:2] == [
        "Domain 1: Policy and governance",
        "Domain 2: Criminal justice",
    ]
    assert len(domains) == 6
    capabilities = html.select(".mnr-capability")
    assert len(capabilities) == 21
    hotline = html.find(id="capability-12")
    assert hotline.find("h3").get_text(strip=True) == "12. CSEA hotline"
    assert "reports child sexual abuse material online" in hotline.find("p").get_text()
    listed = [a.get_text() for a in hotline.select(".mnr-capability__resources a")]
    assert sorted(listed) == ["Closed study", "Hotline guide"]
    assert hotline.find("a", href="/resources/?capability=12")
    assert html.find(id="capability-3").select_one(".badge").get_text() == "Members only"
    assert html.find(id="capability-1").select_one(".mnr-capability__resources") is None


@pytest.mark.parametrize("count", [2, 20])
def test_mnr_page_queries_are_fixed(
    client, mnr_page, library, count, django_assert_max_num_queries, fragments_not_kept
):
    for i in range(count):
        ResourcePageFactory(parent=library, capabilities=[1 + i % 21, 1 + (i + 5) % 21])
    client.get("/mnr/")
    with django_assert_max_num_queries(12):
        response = client.get("/mnr/")
    links = soup(response).select(".mnr-capability__resources a")
    assert len(links) == 2 * count
    assert ResourcePage.objects.count() == count


def capability_block(response, number):
    return soup(response).find(id=f"capability-{number}")


def test_mnr_page_lists_the_newest_resources_of_each_capability_and_links_to_all(
    client, mnr_page, library
):
    from wagtail.models import PageViewRestriction

    from resources.models.pages import MNR_RESOURCES_PER_CAPABILITY as N

    day = datetime.date(2024, 1, 1)
    for i in range(N + 2):  # "Old 0" is the oldest
        ResourcePageFactory(
            parent=library,
            title=f"Old {i}",
            capabilities=[12],
            publication_date=day + datetime.timedelta(days=i),
            access="members" if i == N + 1 else "public",
        )
    # The same date as the newest: the one created later comes first.
    ResourcePageFactory(
        parent=library, title="Same day", capabilities=[12],
        publication_date=day + datetime.timedelta(days=N + 1),
    )  # fmt: skip
    newest = day + datetime.timedelta(days=100)
    ResourcePageFactory(
        parent=library, title="Draft", capabilities=[12], publication_date=newest, live=False
    )
    restricted = ResourcePageFactory(
        parent=library, title="Restricted", capabilities=[12], publication_date=newest
    )
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    ResourcePageFactory(parent=library, title="Alone", capabilities=[3])

    response = client.get("/mnr/")
    block = capability_block(response, 12)
    items = block.select(".mnr-capability__resources li")
    newest_first = ["Same day", *[f"Old {i}" for i in range(N + 1, -1, -1)]]
    assert [li.a.get_text() for li in items] == newest_first[:N]
    assert items[1].select_one(".badge--members").get_text() == "Members only"
    assert items[0].select_one(".badge") is None
    all_link = block.select_one(".mnr-capability__all a")
    assert all_link["href"] == "/resources/?capability=12"
    assert all_link.get_text() == f"All {N + 3} resources for this capability"
    assert all_link["aria-describedby"] == block.find("h3")["id"]
    # The library, filtered by the capability, holds the same resources.
    listing = soup(client.get(all_link["href"])).find(id="results-title").get_text()
    assert listing == f"{N + 3} resources"

    alone = capability_block(response, 3)
    assert [a.get_text() for a in alone.select(".mnr-capability__resources a")] == ["Alone"]
    assert alone.select_one(".mnr-capability__all a").get_text() == (
        "The 1 resource for this capability"
    )
    assert "Draft" not in response.content.decode()
    assert "Restricted" not in response.content.decode()


def test_mnr_page_queries_do_not_grow_with_the_resources_of_a_capability(
    client, mnr_page, library, member, django_capture_on_commit_callbacks, fragments_not_kept
):
    def count():
        client.get("/mnr/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/mnr/")
        sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
        return len(sql), capability_block(response, 12)

    def add(n):
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(n):
                ResourcePageFactory(parent=library, capabilities=[12])

    add(3)
    few, block = count()
    assert len(block.select(".mnr-capability__resources li")) == 3
    add(27)
    many, block = count()
    assert len(block.select(".mnr-capability__resources li")) == 5
    assert block.select_one(".mnr-capability__all a").get_text().startswith("All 30 ")
    assert many == few
    client.force_login(member)
    assert count()[0] == few + 2  # the session and the user


def test_the_framework_is_one_fragment_for_every_reader_until_the_content_changes(
    client, mnr_page, library, member, django_capture_on_commit_callbacks
):
    """What /mnr/ lists is the same for every reader (members-only resources are listed, marked,
    for everyone): a member is served the fragment a visitor's render kept, reading neither the
    capabilities nor the resources; a new resource shows at once."""
    ResourcePageFactory(parent=library, title="First guide", capabilities=[12])
    first = capability_block(client.get("/mnr/"), 12)
    client.force_login(member)
    with CaptureQueriesContext(connection) as again:
        second = capability_block(client.get("/mnr/"), 12)
    assert str(second) == str(first)
    read = " ".join(query["sql"] for query in again.captured_queries)
    assert "resources_mnrcapability" not in read and "resources_resourcepage" not in read

    with django_capture_on_commit_callbacks(execute=True):
        ResourcePageFactory(parent=library, title="Second guide", capabilities=[12])
    titles = [a.get_text() for a in capability_block(client.get("/mnr/"), 12).select("li a")]
    assert titles == ["Second guide", "First guide"]
