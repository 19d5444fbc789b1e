import datetime

import pytest
from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase

from members.models import MemberOrganisation
from portal.models import HomePage
from resources.factories import ResourceIndexPageFactory, ResourcePageFactory, make_pdf_document
from resources.models import (
    MNRCapability,
    MNRPage,
    NewsIndexPage,
    NewsPage,
    ResourceIndexPage,
    ResourcePage,
)
from resources.services import PRIVATE_COLLECTION_NAME
from tests.html import soup
from tests.resources.test_workflow import resource_form

pytestmark = pytest.mark.django_db


class TestPageTypes(WagtailPageTestCase):
    def test_where_each_page_type_goes(self):
        self.assertCanCreateAt(HomePage, ResourceIndexPage)
        self.assertCanCreateAt(HomePage, MNRPage)
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertCanCreateAt(ResourceIndexPage, ResourcePage)
        self.assertCanCreateAt(NewsIndexPage, NewsPage)
        self.assertCanNotCreateAt(HomePage, ResourcePage)
        self.assertCanNotCreateAt(ResourcePage, ResourcePage)
        self.assertCanNotCreateAt(HomePage, NewsPage)


def test_editor_opens_the_resource_editor(client, library, editor):
    page = ResourcePageFactory(parent=library)
    # A translated capability is not a choice of its own: resources link to the default
    # locale's, shown in the reader's language.
    MNRCapability.objects.get(number=1).copy_for_translation(
        Locale.objects.get(language_code="fr")
    ).save()
    client.force_login(editor)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = soup(response)
    for name in ("summary", "resource_type", "access", "publication_date", "languages"):
        assert html.find(attrs={"name": name}) is not None, name
    assert html.find(attrs={"name": "translation_of"}) is None
    assert len(html.find_all("input", attrs={"name": "capabilities"})) == 21


def test_saving_a_members_only_draft_moves_its_documents_at_once(client, library, editor):
    document = make_pdf_document("Draft annex", ["Annex"])
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/resources/resourcepage/{library.pk}/",
        resource_form(
            access="members",
            **{
                "documents-TOTAL_FORMS": "1",
                "documents-0-id": "",
                "documents-0-ORDER": "1",
                "documents-0-DELETE": "",
                "documents-0-document": str(document.pk),
                "documents-0-description": "The annex",
            },
        ),
    )
    assert response.status_code == 302
    page = ResourcePage.objects.get(slug="guide-to-child-helplines")
    assert not page.live
    document.refresh_from_db()
    assert document.collection.name == PRIVATE_COLLECTION_NAME
    response = client.get(document.url)
    assert response.status_code == 200  # editors may read what they upload
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.logout()
    response = client.get(document.url)
    assert response.status_code == 302


def test_publisher_is_a_member_or_free_text_not_both(client, library, editor):
    member = MemberOrganisation.objects.create(
        name="Helpline Network", slug="helpline-network", kind="organisation", country="NL",
        joined_on=datetime.date(2024, 1, 1),
    )  # fmt: skip
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/resources/resourcepage/{library.pk}/",
        resource_form(publisher=str(member.pk), publisher_name="Someone else"),
    )
    assert response.status_code == 200
    assert not ResourcePage.objects.filter(slug="guide-to-child-helplines").exists()
    assert "not both" in response.content.decode()
    response = client.post(
        f"/admin/pages/add/resources/resourcepage/{library.pk}/",
        resource_form(publisher=str(member.pk), publisher_name=""),
    )
    assert response.status_code == 302
    assert ResourcePage.objects.get(slug="guide-to-child-helplines").publisher == member


def test_language_versions_are_the_pages_translations(rf, library, user):
    from resources.page_context import resource_page_context
    from tests.resources.conftest import translate

    original = ResourcePageFactory(parent=library, title="Guide", slug="guide", languages=["en"])
    french = translate(original, "fr", title="Guide (FR)")
    spanish = translate(original, "es", title="Guía")
    request = rf.get("/")
    request.user = user

    def versions(page):
        context = resource_page_context(page, request)
        return {version.title: version.language_code for version in context["language_versions"]}

    assert versions(original) == {"Guide (FR)": "fr", "Guía": "es"}
    assert versions(french) == {"Guide": "en", "Guía": "es"}
    assert versions(spanish) == {"Guide": "en", "Guide (FR)": "fr"}
    # The languages its documents exist in stay the page's own.
    assert [language.code for language in resource_page_context(french, request)["languages"]] == [
        "en"
    ]


def test_editors_maintain_the_framework_as_snippets(client, editor, member):
    capability = MNRCapability.objects.get(number=11)
    url = f"/admin/snippets/resources/mnrcapability/edit/{capability.pk}/"
    client.force_login(member)
    assert client.get(url).status_code == 403  # members have no admin, and are told so
    client.force_login(editor)
    assert client.get("/admin/snippets/resources/mnrcapability/").status_code == 200
    response = client.post(
        url,
        {
            "domain": str(capability.domain_id),
            "number": "11",
            "name": "Child helpline",
            "description": "A free, confidential helpline for every child.",
        },
    )
    assert response.status_code == 302
    capability.refresh_from_db()
    assert capability.description == "A free, confidential helpline for every child."


def test_a_library_index_gets_the_moderation_workflow_when_created(home_page):
    index = ResourceIndexPageFactory(parent=home_page)
    assert index.get_workflow().name == "Secretariat moderation"


@pytest.mark.parametrize("model", ["mnrdomain", "mnrcapability", "language"])
def test_editors_list_the_library_snippets(client, editor, model):
    client.force_login(editor)
    assert client.get(f"/admin/snippets/resources/{model}/").status_code == 200
    assert client.get(f"/admin/snippets/resources/{model}/add/").status_code == 200
