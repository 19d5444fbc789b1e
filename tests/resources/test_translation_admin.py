"""Editors translate the library in the admin with wagtail-localize: a resource and an MNR
capability, the translation's editor, its PO file, and what is out of date after the source
changes."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from resources.factories import ResourcePageFactory
from resources.models import MNRCapability, ResourcePage
from tests.resources.conftest import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def french():
    return Locale.objects.get(language_code="fr")


def test_an_editor_translates_a_resource(client, library, editor, french):
    resource = ResourcePageFactory(parent=library, title="Hotline guide", capabilities=[12])
    translate(library, "fr", title="Bibliothèque")
    client.force_login(editor)
    url = f"/admin/localize/submit/page/{resource.pk}/"
    assert client.get(url).status_code == 200

    response = client.post(url, {"locales": [french.pk]})

    assert response.status_code == 302
    translation = resource.get_translation(french)
    assert translation.get_parent().locale == french
    # Synchronised: the same capabilities (the default locale's rows, shown in French).
    assert [c.number for c in translation.specific.capabilities.all()] == [12]
    # wagtail-localize's editor, and the PO file a translator fills.
    assert client.get(f"/admin/pages/{translation.pk}/edit/").status_code == 200
    record = Translation.objects.get(source__object_id=resource.translation_key)
    download = client.get(f"/admin/localize/translate/{record.pk}/pofile/download/")
    assert download.status_code == 200
    assert b'msgid "Hotline guide"' in download.content


def test_an_editor_translates_a_capability(client, editor, french):
    capability = MNRCapability.objects.get(number=11, locale=Locale.get_default())
    client.force_login(editor)
    url = f"/admin/localize/submit/snippet/resources/mnrcapability/{capability.pk}/"
    assert client.get(url).status_code == 200

    response = client.post(url, {"locales": [french.pk], "include_subtree": ""})

    assert response.status_code == 302
    translated = MNRCapability.objects.get(number=11, locale=french)
    assert translated.translation_key == capability.translation_key
    # Its domain is translated with it (a foreign key to a translatable snippet).
    assert translated.domain.locale == french
    edit = f"/admin/snippets/resources/mnrcapability/edit/{translated.pk}/"
    assert client.get(edit).status_code == 200


def test_a_changed_source_is_synced_to_its_translations(client, library, moderator, french):
    resource = ResourcePageFactory(parent=library, title="Hotline guide")
    translate(library, "fr", title="Bibliothèque")
    client.force_login(moderator)
    client.post(f"/admin/localize/submit/page/{resource.pk}/", {"locales": [french.pk]})
    source = TranslationSource.objects.get(object_id=resource.translation_key)
    resource.summary = "A new summary."
    resource.save_revision().publish()
    # "Sync translated pages": the source's new strings reach the translation.
    url = f"/admin/localize/update/{source.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 302
    source.refresh_from_db()
    assert "A new summary." in {segment.string.data for segment in source.stringsegment_set.all()}
    assert ResourcePage.objects.filter(translation_key=resource.translation_key).count() == 2


def test_the_translations_report_lists_translations_newest_first(client, library, editor, french):
    """wagtail-localize's report, at its own address, is portal's ordered subclass: it pages
    through translations without Django's unordered-pagination warning (an error here)."""
    from django.urls import resolve, reverse

    from portal.wagtail_hooks import TranslationsReportView

    older = ResourcePageFactory(parent=library, title="Older guide")
    newer = ResourcePageFactory(parent=library, title="Newer guide")
    translate(library, "fr", title="Bibliothèque")
    client.force_login(editor)
    for resource in (older, newer):
        client.post(f"/admin/localize/submit/page/{resource.pk}/", {"locales": [french.pk]})
    for name in ("translations_report", "translations_report_results"):
        url = reverse(f"wagtail_localize:{name}")
        assert resolve(url).func.view_class is TranslationsReportView

    response = client.get(reverse("wagtail_localize:translations_report"))

    assert response.status_code == 200
    titles = [t.source.object_repr for t in response.context["object_list"]]
    assert titles.index("Newer guide") < titles.index("Older guide")


def test_an_editor_translates_a_domain_and_a_capability_page(client, mnr_page, editor, french):
    """A page per domain and capability names its snippet by a foreign key: its translation
    names the snippet's translation (a one-to-one key made wagtail-localize's copy fail), and
    /fr/mnr/ links to it once published, to the English pages where there is none."""
    from resources.factories import build_capability_pages
    from resources.models import MNRCapabilityPage, MNRDomainPage
    from tests.html import soup

    pages = build_capability_pages(mnr_page, content=True)
    translate(mnr_page, "fr", title="Réponse nationale modèle")
    capability = pages[11].capability
    client.force_login(editor)
    client.post(
        f"/admin/localize/submit/snippet/resources/mnrcapability/{capability.pk}/",
        {"locales": [french.pk], "include_subtree": ""},
    )
    for page in (pages[11].get_parent(), pages[11]):
        response = client.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [french.pk]})
        assert response.status_code == 302

    domain_page = MNRDomainPage.objects.get(locale=french)
    page = MNRCapabilityPage.objects.get(locale=french)
    assert page.capability == capability.get_translation(french)
    assert domain_page.domain == capability.domain.get_translation(french)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    for translation in (domain_page, page):
        translation.save_revision().publish()

    client.logout()
    response = client.get(page.url)
    assert page.url == "/fr/mnr/victim/child-helpline/" and response.status_code == 200
    assert soup(response).find("html")["lang"] == "fr"
    links = {a["href"] for a in soup(client.get("/fr/mnr/")).select("a[href*='/mnr/']")}
    assert page.url in links and pages[12].url in links  # 12 has no French page
    assert "/fr/mnr/victim/" in links


def test_a_capability_has_one_page_in_a_language(mnr_page, french):
    """Two pages for one capability in one language are refused; its translation's is not."""
    from django.core.exceptions import ValidationError

    from resources.factories import build_capability_pages
    from resources.models import MNRCapabilityPage

    pages = build_capability_pages(mnr_page)
    second = MNRCapabilityPage(
        title="Leadership again",
        slug="again",
        capability=pages[1].capability,
        definition="<p>x</p>",
    )
    with pytest.raises(ValidationError) as refused:
        pages[1].get_parent().add_child(instance=second)  # Wagtail cleans a page it saves
    assert refused.value.message_dict["capability"] == [
        "This capability has a page in this language already."
    ]
