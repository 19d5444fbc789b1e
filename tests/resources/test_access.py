"""No path shows members-only content to the public or to a signed-in non-member."""

import pytest
from wagtail.models import Collection

from portal.factories import paragraph
from resources.access import ANSWER_ATTRIBUTE, can_view_members_content
from resources.factories import ResourcePageFactory, make_pdf_document
from resources.models import ResourcePage
from resources.services import PRIVATE_COLLECTION_NAME, secure_resource_documents
from tests.html import soup
from tests.resources.conftest import atom_entries, result_titles

pytestmark = pytest.mark.django_db

SECRET = "Zanzibarquux"  # appears only in the members-only body, document and link


@pytest.fixture
def private_resource(library):
    document = make_pdf_document("Confidential annex", [f"{SECRET} annex"], private=True)
    page = ResourcePageFactory(
        parent=library,
        title="Restricted review",
        slug="restricted-review",
        summary="A public summary of the review.",
        body=[paragraph(f"<p>The {SECRET} findings.</p>")],
        access=ResourcePage.Access.MEMBERS,
        documents=[document],
    )
    page.links.create(url=f"https://example.org/{SECRET.lower()}", label=f"{SECRET} portal")
    page.save_revision().publish()
    return ResourcePage.objects.get(pk=page.pk), document


@pytest.fixture
def public_resource(library):
    document = make_pdf_document("Open annex", ["Open annex"])
    return ResourcePageFactory(
        parent=library,
        title="Open guide",
        slug="open-guide",
        summary="Open summary.",
        body=[paragraph("<p>Openbodyword text.</p>")],
        documents=[document],
    ), document


def status_of(client, url):
    """The status of a download. Reading a file response to its end closes it the way the test
    client expects (calling ``close()`` directly would close the test's database connection)."""
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def page_text(response):
    return soup(response).find("main").get_text(" ")


def test_members_only_page_shows_the_public_title_summary_and_how_to_get_access(
    client, private_resource
):
    response = client.get("/resources/restricted-review/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Restricted review" in text and "A public summary of the review." in text
    assert SECRET not in response.content.decode()
    notice = soup(response).select_one(".members-only-notice")
    hrefs = [a["href"] for a in notice.find_all("a")]
    assert hrefs == ["/accounts/login/?next=/resources/restricted-review/", "/join/"]
    assert soup(response).select_one(".badge--members").get_text() == "Members only"


def test_signed_in_non_member_sees_no_members_content(client, user, private_resource):
    client.force_login(user)
    response = client.get("/resources/restricted-review/")
    assert response.status_code == 200
    assert SECRET not in response.content.decode()
    notice = soup(response).select_one(".members-only-notice")
    assert [a["href"] for a in notice.find_all("a")] == ["/join/"]


@pytest.mark.parametrize("who", ["member", "editor", "reviewer"])
def test_members_and_secretariat_staff_read_the_whole_resource(
    client, private_resource, who, request
):
    _page, document = private_resource
    client.force_login(request.getfixturevalue(who))
    response = client.get("/resources/restricted-review/")
    html = soup(response)
    assert f"The {SECRET} findings." in html.select_one(".resource__body").get_text()
    assert html.find("a", href=document.url).get_text() == "Confidential annex"
    assert html.find("a", href=f"https://example.org/{SECRET.lower()}")
    assert html.select_one(".members-only-notice") is None


def test_access_rule(user, member, editor, reviewer, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not can_view_members_content(AnonymousUser())
    assert not can_view_members_content(user)
    assert can_view_members_content(member)
    assert can_view_members_content(editor)
    assert can_view_members_content(reviewer)
    member.is_active = False
    setattr(member, ANSWER_ATTRIBUTE, None)
    assert not can_view_members_content(member)
    admin = django_user_model.objects.create_superuser(email="root@example.org", password="x")
    assert can_view_members_content(admin)


def test_private_documents_are_served_only_to_members(
    client, user, member, editor, private_resource
):
    _page, document = private_resource
    assert document.collection.name == PRIVATE_COLLECTION_NAME
    assert document.url == f"/documents/{document.pk}/{document.filename}"

    response = client.get(document.url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(user)
    response = client.get(document.url)
    assert response.status_code == 302  # to sign in as someone else: never the file
    assert not getattr(response, "streaming", False)

    for reader in (member, editor):
        client.force_login(reader)
        response = client.get(document.url)
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF-1.4") and SECRET.encode() in body


def test_documents_are_never_served_from_a_media_address(client, private_resource):
    _page, document = private_resource
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_public_documents_are_served_to_everyone(client, public_resource):
    _page, document = public_resource
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_publishing_a_members_only_resource_moves_its_documents_to_the_private_collection(
    client, library, member
):
    public = make_pdf_document("Was public", ["Annex"])
    in_body = make_pdf_document("Body document", ["Body"])
    assert public.collection.name == "Root"
    page = ResourcePageFactory(
        parent=library,
        slug="moving",
        access=ResourcePage.Access.MEMBERS,
        documents=[public],
        body=[("document", {"document": in_body, "description": ""})],
        live=False,
    )
    assert status_of(client, public.url) == 200  # not published yet: nothing moved
    page.save_revision().publish()
    public.refresh_from_db()
    in_body.refresh_from_db()
    assert public.collection.name == PRIVATE_COLLECTION_NAME
    assert in_body.collection.name == PRIVATE_COLLECTION_NAME
    assert status_of(client, public.url) == 302
    client.force_login(member)
    assert status_of(client, public.url) == 200
    # A public resource's documents stay where they are.
    open_doc = make_pdf_document("Stays open", ["Open"])
    open_page = ResourcePageFactory(parent=library, slug="open", documents=[open_doc])
    assert secure_resource_documents(open_page) == 0
    open_doc.refresh_from_db()
    assert open_doc.collection.name == "Root"


def test_private_collection_is_restricted_to_members_and_staff():
    collection = Collection.objects.get(name=PRIVATE_COLLECTION_NAME)
    (restriction,) = collection.get_view_restrictions()
    assert restriction.restriction_type == "groups"
    assert set(restriction.groups.values_list("name", flat=True)) == {
        "Members",
        "Secretariat editors",
        "Secretariat moderators",
        "Membership reviewers",
    }


def test_library_search_matches_members_only_bodies_only_for_members(
    client, member, private_resource, public_resource, search_index
):
    search_index()
    response = client.get(f"/resources/?q={SECRET}")
    assert result_titles(response) == []
    # The library's keywords go through the site-wide search's rules: members-only text is
    # matched for readers of members-only content, as on /search/.
    client.force_login(member)
    assert result_titles(client.get(f"/resources/?q={SECRET}")) == ["Restricted review"]
    client.logout()
    assert result_titles(client.get("/resources/?q=Openbodyword")) == ["Open guide"]
    response = client.get("/resources/?q=restricted")
    assert result_titles(response) == ["Restricted review"]
    card = soup(response).select_one(".resource-card")
    assert "A public summary of the review." in card.get_text()
    assert SECRET not in response.content.decode()
    assert SECRET not in client.get("/resources/").content.decode()


def test_feed_carries_only_title_and_summary(client, private_resource):
    response = client.get("/resources/feed/")
    (entry,) = atom_entries(response)
    assert entry["title"] == "Restricted review"
    assert entry["summary"] == "A public summary of the review."
    assert "Members only" in entry["categories"]
    assert SECRET not in response.content.decode()


def test_sitemap_lists_the_address_but_never_the_body(client, private_resource):
    response = client.get("/sitemap-en.xml")
    assert response.status_code == 200
    content = b"".join(response) if response.streaming else response.content
    assert b"http://localhost/resources/restricted-review/" in content
    assert SECRET.encode() not in content
    assert b"public summary" not in content


def test_preview_needs_the_admin(client, user, member, editor, private_resource):
    page, _ = private_resource
    url = f"/admin/pages/{page.pk}/revisions/{page.latest_revision_id}/view/"
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for outsider in (user, member):  # members read the site, not the admin's previews
        client.force_login(outsider)
        response = client.get(url)
        assert response.status_code == 403  # told they have no access to the administration
        assert SECRET not in response.content.decode()
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert SECRET in response.content.decode()


def test_wagtails_own_login_form_is_not_reachable(client):
    response = client.get("/_util/login/?next=/documents/1/x.pdf")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/documents/1/x.pdf"


def test_no_json_api_exposes_what_only_members_read(client, private_resource):
    # Wagtail's own page API is not mounted; the portal's public API lists public resources only.
    for url in ("/api/v2/pages/", "/api/pages/"):
        assert client.get(url).status_code == 404
    response = client.get("/api/resources/?page_size=100")
    assert response.status_code == 200
    assert SECRET not in response.content.decode()


def test_unpublished_resources_are_not_served(client, library):
    ResourcePageFactory(parent=library, slug="draft", live=False)
    assert client.get("/resources/draft/").status_code == 404


def test_public_leaves_out_what_wagtail_public_leaves_out(home_page, library):
    """``services.public`` (one query) keeps exactly the pages Wagtail's ``public()`` keeps: not
    a restricted page, nor anything under one."""
    from wagtail.models import PageViewRestriction

    from resources.factories import ResourceIndexPageFactory
    from resources.services import public

    shown = ResourcePageFactory(parent=library, title="Shown")
    restricted = ResourcePageFactory(parent=library, title="Restricted")
    other_library = ResourceIndexPageFactory(parent=home_page, title="Other", slug="other")
    under = ResourcePageFactory(parent=other_library, title="Under a restricted library")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    PageViewRestriction.objects.create(
        page=other_library, restriction_type="password", password="x"
    )

    ours = set(public(ResourcePage.objects.all()))
    assert ours == set(ResourcePage.objects.public()) == {shown}
    assert under not in ours


def test_related_lists_leave_out_resources_under_a_view_restriction(client, editor, library):
    from wagtail.models import PageViewRestriction

    from resources.models import NewsIndexPage, NewsPage, NewsRelatedResource, RelatedResource

    shown = ResourcePageFactory(parent=library, title="Open toolkit", slug="open-toolkit")
    hidden = ResourcePageFactory(parent=library, title="Quarantined dossier", slug="dossier")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    page = ResourcePageFactory(parent=library, title="Host", slug="host")
    news_index = library.get_parent().add_child(instance=NewsIndexPage(title="News", slug="news"))
    news = news_index.add_child(
        instance=NewsPage(title="Item", slug="item", date="2026-01-01", summary="Item.")
    )
    for other in (shown, hidden):
        RelatedResource.objects.create(page=page, resource=other)
        NewsRelatedResource.objects.create(page=news, resource=other)

    for path in ("/resources/host/", "/news/item/"):
        html = client.get(path).content.decode()
        assert "Open toolkit" in html and "Quarantined dossier" not in html, path

    page = ResourcePage.objects.get(pk=page.pk)
    page.save_revision()
    client.force_login(editor)
    preview = client.get(f"/admin/pages/{page.pk}/revisions/{page.latest_revision_id}/view/")
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Open toolkit" in html and "Quarantined dossier" not in html
