"""The access-control leaks found in issue 10, each proved closed."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.documents import get_document_model
from wagtail.models import Collection, PageViewRestriction

from members.factories import ApplicationFactory
from members.models import Application
from portal.factories import StandardPageFactory
from portal.roles import MEMBERS, SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS, ensure_roles
from resources.factories import NewsIndexPageFactory, NewsPageFactory, make_pdf_document
from resources.services import PRIVATE_COLLECTION_NAME, private_collection
from tests.html import soup
from tests.resources.conftest import atom_entries
from tests.security.accounts import sign_in, used_mfa

pytestmark = pytest.mark.django_db

RESTRICTED_TITLE = "Confidential summit debrief"


def restrict_to_members(page):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=MEMBERS)])
    return restriction


def download_status(client, url):
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def news_titles(response):
    html = soup(response)
    return {a.get_text(strip=True) for a in html.select("main a")}


@pytest.fixture
def news(home_page):
    index = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=index, title="Open announcement", summary="Open news.")
    secret = NewsPageFactory(
        parent=index, title=RESTRICTED_TITLE, summary="Members-only summary of the debrief."
    )
    restrict_to_members(secret)
    return index


def test_staff_sign_in_completes_the_second_factor(client, staff_editor):
    sign_in(client, staff_editor)
    assert used_mfa(client, staff_editor)
    assert client.get("/admin/").status_code == 200


# --- News restricted to the Members group ------------------------------------------------------


def test_restricted_news_is_not_listed_to_visitors_or_non_members(client, news, user):
    for who in (None, user):
        if who is not None:
            client.force_login(who)
        response = client.get("/news/")
        assert response.status_code == 200
        titles = news_titles(response)
        assert "Open announcement" in titles
        assert RESTRICTED_TITLE not in titles
        assert b"Members-only summary" not in response.content


def test_members_find_restricted_news_in_the_listing(client, news, member_contact):
    client.force_login(member_contact)
    assert RESTRICTED_TITLE in news_titles(client.get("/news/"))


def test_site_search_never_shows_restricted_news_to_visitors_or_non_members(
    client, news, user, member_contact
):
    from search.indexing import rebuild_database

    rebuild_database()  # what the tasks on commit index
    for who in (None, user):
        if who is not None:
            client.force_login(who)
        for url in ("/search/?q=debrief", "/search/?q=", "/search/suggest/?q=Confid"):
            response = client.get(url)
            assert RESTRICTED_TITLE.encode() not in response.content, (who, url)
            assert b"Members-only summary" not in response.content
        # Not even as a count: the kind facet counts only the open announcement.
        page = soup(client.get("/search/?q="))
        assert page.select_one("label[for=f-kind-news] .facet__count").get_text() == "(1)"
    client.force_login(member_contact)
    assert RESTRICTED_TITLE.encode() in client.get("/search/?q=debrief").content


def test_the_news_listings_fragment_is_shared_only_by_readers_refused_the_same_news(
    news, user, member_contact
):
    """The listing is kept as a fragment per set of restrictions the reader does not pass: a
    member's copy (restricted news included) never reaches a visitor or a non-member, whoever
    renders first, and each reader after the first is served a kept copy."""
    from django.test import Client

    def titles(who):
        client = Client()
        if who is not None:
            client.force_login(who)
        return news_titles(client.get("/news/"))

    for _round in range(2):
        assert RESTRICTED_TITLE in titles(member_contact)
        assert RESTRICTED_TITLE not in titles(None)
        assert RESTRICTED_TITLE not in titles(user)


def test_the_news_feed_never_carries_restricted_news(client, news, member_contact):
    for who in (None, member_contact):
        if who is not None:
            client.force_login(who)
        titles = [entry["title"] for entry in atom_entries(client.get("/news/feed/"))]
        assert titles == ["Open announcement"]


def test_the_cached_news_listing_leaves_restricted_news_out(client, news, settings):
    settings.PAGE_CACHE_ENABLED = True
    first = client.get("/news/")
    second = client.get("/news/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert RESTRICTED_TITLE not in news_titles(second)
    assert RESTRICTED_TITLE not in news_titles(client.get("/"))  # home page's latest news


# --- Documents of pages under a view restriction -----------------------------------------------


def document_block(document):
    return ("document", {"document": document, "description": ""})


def test_documents_of_a_page_restricted_later_are_not_downloadable_by_visitors(
    client, home_page, member_contact
):
    document = make_pdf_document("Board minutes")
    page = StandardPageFactory(parent=home_page, slug="board", body=[document_block(document)])
    page.save_revision().publish()
    assert download_status(client, document.url).status_code == 200

    restrict_to_members(page)

    document.refresh_from_db()
    assert document.collection.name == PRIVATE_COLLECTION_NAME
    response = download_status(client, document.url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(member_contact)
    assert download_status(client, document.url).status_code == 200


def test_documents_published_on_a_restricted_page_become_members_only(client, home_page):
    page = StandardPageFactory(parent=home_page, slug="board")
    restrict_to_members(page)
    document = make_pdf_document("Budget annex")
    page.body = [document_block(document)]
    page.save_revision().publish()

    document.refresh_from_db()
    assert document.collection == private_collection()
    assert download_status(client, document.url).status_code == 302


def test_members_only_documents_are_served_private_and_not_stored(client, member_contact):
    private = make_pdf_document("Benchmarks", private=True)
    public = make_pdf_document("Leaflet")
    client.force_login(member_contact)
    response = download_status(client, private.url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    response = download_status(client, public.url)
    assert response.status_code == 200
    assert "private" not in response.get("Cache-Control", "")


# --- Editors, collections and site settings ----------------------------------------------------


def edit_collection(client, document, collection):
    return client.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": document.title, "collection": collection.pk, "tags": ""},
    )


def test_an_editor_cannot_make_a_members_only_document_public(client, site, staff_editor):
    document = make_pdf_document("Benchmarks", private=True)
    root = Collection.get_first_root_node()
    sign_in(client, staff_editor)
    response = edit_collection(client, document, root)
    assert response.status_code == 200  # the form again, with its error
    errors = soup(response).select(".error-message")
    assert any("Only a moderator" in e.get_text() for e in errors)
    document.refresh_from_db()
    assert document.collection.name == PRIVATE_COLLECTION_NAME


def test_an_editor_cannot_make_one_public_with_the_bulk_action(client, site, staff_editor):
    document = make_pdf_document("Benchmarks", private=True)
    root = Collection.get_first_root_node()
    sign_in(client, staff_editor)
    response = client.post(
        f"/admin/bulk/wagtaildocs/document/add_to_collection/?id={document.pk}",
        {"collection": root.pk},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.collection.name == PRIVATE_COLLECTION_NAME


def test_a_moderator_may_make_a_members_only_document_public(client, site, staff_moderator):
    document = make_pdf_document("Benchmarks", private=True)
    root = Collection.get_first_root_node()
    sign_in(client, staff_moderator)
    response = edit_collection(client, document, root)
    assert response.status_code == 302
    assert get_document_model().objects.get(pk=document.pk).collection == root


def test_an_editor_still_files_public_documents_and_may_make_them_members_only(
    client, site, staff_editor
):
    document = make_pdf_document("Leaflet")
    sign_in(client, staff_editor)
    assert edit_collection(client, document, private_collection()).status_code == 302
    document.refresh_from_db()
    assert document.collection.name == PRIVATE_COLLECTION_NAME


def test_site_settings_are_changed_by_moderators_not_editors(
    client, site, staff_editor, staff_moderator
):
    url = f"/admin/settings/portal/alliancesettings/{site.pk}/"
    sign_in(client, staff_editor)
    assert client.get(url).status_code in (302, 403)
    client.logout()
    sign_in(client, staff_moderator)
    assert client.get(url).status_code == 200


def test_ensure_roles_takes_the_settings_permission_from_editors_of_an_older_install(db):
    editors = Group.objects.get(name=SECRETARIAT_EDITORS)
    granted = Permission.objects.filter(
        content_type__app_label="portal", codename="change_alliancesettings"
    )
    editors.permissions.add(*granted)
    ensure_roles()
    assert not editors.permissions.filter(codename="change_alliancesettings").exists()
    moderators = Group.objects.get(name=SECRETARIAT_MODERATORS)
    assert moderators.permissions.filter(codename="change_alliancesettings").exists()


# --- Reviewers ---------------------------------------------------------------------------------


def test_reviewers_cannot_download_the_letter_of_a_draft(client, site, staff_reviewer):
    draft = ApplicationFactory(country=True)
    submitted = ApplicationFactory(country=True, status=Application.Status.SUBMITTED)
    sign_in(client, staff_reviewer)
    assert (
        download_status(client, f"/admin/members_applications/{draft.pk}/letter/").status_code
        == 404
    )
    response = download_status(client, f"/admin/members_applications/{submitted.pk}/letter/")
    assert response.status_code == 200


def test_reviewers_do_not_see_draft_titles_in_the_page_chooser(
    client, home_page, staff_reviewer, staff_editor
):
    StandardPageFactory(parent=home_page, title="Unannounced partnership", live=False)
    sign_in(client, staff_reviewer)
    for url in ("/admin/choose-page/", f"/admin/choose-page/{home_page.pk}/",
                "/admin/choose-page/search/?q=Unannounced"):  # fmt: skip
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Unannounced partnership" not in response.content
    client.logout()
    sign_in(client, staff_editor)
    response = client.get(f"/admin/choose-page/{home_page.pk}/")
    assert b"Unannounced partnership" in response.content


# --- The directory and the public API (issue 14) ----------------------------------------------


@pytest.fixture
def french_resource(home_page):
    from resources.factories import ResourceIndexPageFactory, ResourcePageFactory

    library = ResourceIndexPageFactory(parent=home_page)
    return ResourcePageFactory(parent=library, title="Guide for French hotlines", countries=["FR"])


def test_a_resource_restricted_later_leaves_the_cached_api_and_country_page(
    client, french_resource, page_cache_on, django_capture_on_commit_callbacks
):
    urls = ["/api/resources/?country=FR", "/directory/fr/"]
    for url in urls:
        assert "Guide for French hotlines" in client.get(url).content.decode()
        assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        restrict_to_members(french_resource)
    for url in urls:
        assert "Guide for French hotlines" not in client.get(url).content.decode(), url


def test_a_resource_made_members_only_leaves_the_api(
    client, french_resource, member, django_capture_on_commit_callbacks
):
    from resources.models import ResourcePage

    french_resource.access = ResourcePage.Access.MEMBERS
    with django_capture_on_commit_callbacks(execute=True):
        french_resource.save_revision().publish()
    client.force_login(member)  # a member's request gets the same public data
    assert "Guide for French hotlines" not in client.get("/api/resources/").content.decode()


def test_a_pending_suggestion_leaks_nowhere(client, site, page_cache_on):
    from directory.factories import EntrySuggestionFactory

    EntrySuggestionFactory(country="FR", name="Unchecked hotline")
    for url in ["/directory/fr/", "/report/?country=FR", "/api/directory/entries/?country=FR",
                "/api/directory/countries/FR/", "/directory/"]:  # fmt: skip
        assert "Unchecked hotline" not in client.get(url).content.decode(), url


# --- MNR self-assessments (issue 18) -----------------------------------------------------------


def test_an_unpublished_assessment_reaches_no_other_member_visitor_or_cached_page(
    client, home_page, member_contact, settings, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from members import services
    from members.factories import MemberContactFactory, MemberOrganisationFactory, build_assessment
    from portal.pdf import simple_pdf
    from resources.factories import MNRPageFactory, build_capability_pages
    from resources.models import MNRCapability

    settings.PAGE_CACHE_ENABLED = True
    pages = build_capability_pages(MNRPageFactory(parent=home_page))
    owner = MemberOrganisationFactory(name="Utopia", kind="country", country="UY")
    owner_contact = MemberContactFactory(organisation=owner).user
    other = MemberOrganisationFactory(name="Elsewhere", kind="country", country="PE")
    MemberContactFactory(organisation=other, user=member_contact)
    with django_capture_on_commit_callbacks(execute=True):
        assessment = build_assessment(
            owner,
            2025,
            dict.fromkeys(range(1, 22), 4),
            contactable=True,
            evidence="Utopia {number}",
        )
        document = services.add_document(
            services.start_assessment(owner, actor=owner_contact, year=2026),
            MNRCapability.objects.get(number=1).pk,
            SimpleUploadedFile("e.pdf", simple_pdf("Evidence", ["x"])),
            actor=owner_contact,
        )
    draft = document.answer.assessment

    # Another member's contact: nothing, not even that it exists.
    client.force_login(member_contact)
    for url in (
        f"/dashboard/assessments/{assessment.pk}/",
        f"/dashboard/assessments/{assessment.pk}/report/",
        f"/dashboard/assessments/{assessment.pk}/history/",
        f"/dashboard/assessments/{draft.pk}/documents/{document.pk}/",
    ):
        assert download_status(client, url).status_code == 404, url
    assert b"Utopia" not in client.get("/dashboard/assessments/").content
    client.logout()

    # A visitor: not on the member page, not on the (cached) capability page.
    for url in (f"/members/{owner.slug}/", pages[1].url, pages[1].url):
        body = client.get(url).content
        assert b"Utopia 1" not in body and b"self-assessment 2025" not in body
    assert client.get(pages[1].url)["X-Page-Cache"] == "hit"
    assert b"Utopia" not in client.get(pages[1].url).content
    # The secretariat's figure: one unpublished contributor counts in none.
    row = services.aggregate(year=2025)["rows"][0]
    assert row["counts"] is None
