import importlib

import pytest
from django.apps import apps

from resources.factories import ResourcePageFactory
from resources.models import MNRCapability, MNRDomain, ResourcePage
from tests.resources.conftest import soup

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
    client, mnr_page, library, count, django_assert_max_num_queries
):
    for i in range(count):
        ResourcePageFactory(parent=library, capabilities=[1 + i % 21, 1 + (i + 5) % 21])
    client.get("/mnr/")
    with django_assert_max_num_queries(12):
        response = client.get("/mnr/")
    links = soup(response).select(".mnr-capability__resources a")
    assert len(links) == 2 * count
    assert ResourcePage.objects.count() == count
