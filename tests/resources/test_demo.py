import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from portal.models import NavigationSettings
from resources.models import (
    MNRCapability,
    MNRCapabilityPage,
    MNRDomain,
    MNRDomainPage,
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

    def rows():
        return (
            Page.objects.count(),
            ResourceDocument.objects.count(),
            MNRDomain.objects.count(),
            MNRCapability.objects.count(),
        )

    first = rows()
    call_command("seed_demo")
    assert rows() == first
    call_command("seed_demo", "--refresh")
    assert rows() == first
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
    for language in ("fr", "es", "ar"):
        translated = resources.filter(locale__language_code=language)
        assert translated.count() >= 1, language
        for page in translated:  # a translation of an English resource
            assert page.get_translations().filter(locale__language_code="en").exists()
        assert NewsPage.objects.live().filter(locale__language_code=language).exists()
        assert MNRDomain.objects.filter(locale__language_code=language).count() == 6
        capabilities = MNRCapability.objects.filter(locale__language_code=language)
        assert capabilities.count() == 21
        assert all(c.domain.locale.language_code == language for c in capabilities)
        english = MNRCapability.objects.get(number=11, locale__language_code="en")
        assert capabilities.get(number=11).translation_key == english.translation_key
        assert capabilities.get(number=11).name != english.name
        # The framework's pages in the language, each naming its snippet's translation.
        pages = MNRCapabilityPage.objects.live().filter(locale__language_code=language)
        assert sorted(page.capability.number for page in pages) == list(range(1, 22))
        assert all(page.capability.locale.language_code == language for page in pages)
        assert MNRDomainPage.objects.live().filter(locale__language_code=language).count() == 6
        helpline = pages.get(capability__number=11)
        assert helpline.url == f"/{language}/mnr/victim/child-helpline/"
        html = soup(client.get(helpline.url))
        assert capabilities.get(number=11).name in html.find("h1").get_text()
        framework = soup(client.get(f"/{language}/mnr/"))
        assert framework.find("a", href=helpline.url)
    assert NewsPage.objects.live().count() >= 3

    nav = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    labels = {block.value.text(): block.value.href() for block in nav.main_navigation}
    assert labels["Resources"] == "/resources/"
    assert labels["MNR"] == "/mnr/"
    assert labels["News"] == "/news/"
    assert len(result_titles(client.get("/resources/"))) == 12
    assert len(soup(client.get("/mnr/")).select(".mnr-capability")) == 21
    assert client.get("/news/").status_code == 200
