import pytest
from django.core.management import call_command
from wagtail.models import Site

from portal.models import NavigationSettings
from resources.models import (
    MNRCapability,
    NewsPage,
    ResourceDocument,
    ResourcePage,
)
from resources.services import PRIVATE_COLLECTION_NAME
from tests.html import soup
from tests.resources.conftest import result_titles

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_realistic_library_and_is_idempotent(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = (ResourcePage.objects.count(), ResourceDocument.objects.count())
    call_command("seed_demo")
    assert (ResourcePage.objects.count(), ResourceDocument.objects.count()) == first
    settings.DEBUG = False

    resources = ResourcePage.objects.live()
    assert resources.count() >= 30
    assert set(resources.values_list("resource_type", flat=True)) == set(ResourcePage.Type.values)
    served = set(resources.values_list("capabilities__number", flat=True))
    assert served >= set(MNRCapability.objects.values_list("number", flat=True))
    assert len(set(resources.values_list("languages__code", flat=True))) >= 5
    members_only = resources.filter(access="members")
    assert 3 <= members_only.count() < resources.count()
    for page in members_only:
        (attachment,) = page.documents.all()
        assert attachment.document.collection.name == PRIVATE_COLLECTION_NAME
        with attachment.document.file.open("rb") as pdf:
            assert pdf.read(8) == b"%PDF-1.4"
    assert ResourcePage.objects.filter(translation_of__isnull=False).count() >= 2
    assert NewsPage.objects.live().count() >= 3

    nav = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    labels = {block.value.text(): block.value.href() for block in nav.main_navigation}
    assert labels["Resources"] == "/resources/"
    assert labels["MNR"] == "/mnr/"
    assert labels["News"] == "/news/"
    assert len(result_titles(client.get("/resources/"))) == 12
    assert len(soup(client.get("/mnr/")).select(".mnr-capability")) == 21
    assert client.get("/news/").status_code == 200
