"""A resource's and a news item's queries do not grow with what they list, and what they list
is read right: from the database when served, from the draft in a preview."""

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from members.factories import MemberOrganisationFactory
from portal import content_version
from portal.regions import REGION_NAMES
from resources.factories import (
    NewsPageFactory,
    ResourcePageFactory,
    make_pdf_document,
)
from resources.models import (
    NewsRelatedResource,
    RelatedResource,
    ResourceCountry,
    ResourceLink,
    ResourcePage,
)
from tests.html import soup
from tests.resources.conftest import translate

pytestmark = pytest.mark.django_db

LANGUAGES = ["ar", "zh", "en", "fr", "ru", "es", "pt"]
# The language versions of a resource: its translations, one per other content language.
TRANSLATED_INTO = ["fr", "es", "ar"]
COUNTRIES = ["FR", "KE", "UG", "BR", "PH", "GH"]


def count_queries(client, url):
    """The queries of a second view, and the page. The first view fills what processes keep
    (content types); the content version then moves, as a publication does, so that the second
    computes what the content cache keeps (the page's lists among it) instead of reading it."""
    client.get(url)
    content_version.move()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len([q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]), response


def cover_image():
    """An image with the rendition the resource page shows made already (Wagtail leaves a
    temporary file open when it makes one, which the tests' warning filters make an error)."""
    image = wagtail_factories.ImageFactory()
    image.renditions.create(
        filter_spec="width-800", file=image.file.name, width=image.width, height=image.height
    )
    return image


def resource_with(library, n, access=ResourcePage.Access.PUBLIC):
    """A resource with ``n`` of everything it lists (regions: at most the five there are),
    a member publisher and a cover image."""
    slug = f"with-{n}-{access}"
    page = ResourcePageFactory(
        parent=library,
        title=f"Resource with {n}",
        slug=slug,
        access=access,
        publisher=MemberOrganisationFactory(name=f"Publisher {n}"),
        publisher_name="",
        cover_image=cover_image(),
        capabilities=list(range(1, n + 1)),
        languages=LANGUAGES[:n],
        countries=COUNTRIES[:n],
        regions=list(REGION_NAMES)[:n],
        documents=[
            make_pdf_document(f"{slug} document {i}", private=access == "members") for i in range(n)
        ],
    )
    for i in range(n):
        ResourceLink.objects.create(page=page, url=f"https://example.org/{i}", label=f"Link {i}")
        related = ResourcePageFactory(parent=library, title=f"{slug} related {i}")
        RelatedResource.objects.create(page=page, resource=related, sort_order=i)
    for i, language in enumerate(TRANSLATED_INTO[:n]):
        locale = Locale.objects.get(language_code=language)
        parent = library.get_translation_or_none(locale) or translate(library, language)
        ResourcePageFactory(
            parent=parent,
            title=f"{slug} version {i}",
            locale=locale,
            translation_key=page.translation_key,
            languages=[language],
        )
    return page


@pytest.mark.parametrize("access", ["public", "members"])
def test_resource_page_queries_do_not_grow_with_its_lists(client, library, member, access):
    bare = ResourcePageFactory(parent=library, slug="bare", access=access, publisher_name="")
    one = resource_with(library, 1, access)
    six = resource_with(library, 6, access)
    for reader in (None, member):
        if reader is not None:
            client.force_login(reader)
        none, _ = count_queries(client, bare.url)
        few, _ = count_queries(client, one.url)
        many, response = count_queries(client, six.url)
        assert none == few == many, reader
        html = soup(response)
        assert len(html.select("#versions-title + ul li")) == len(TRANSLATED_INTO)
        assert len(html.select("#related-title + ul li")) == 6
        assert len(html.select(".resource-meta .inline-list li")) == 6
        documents = html.select(".block-document")
        links = html.select("#links-title + ul li")
        if reader is None and access == "members":
            assert documents == [] and links == []
        else:
            assert len(documents) == 6 and len(links) == 6


def test_resource_page_shows_everything_it_lists(client, library, member):
    page = resource_with(library, 2)
    html = soup(client.get(page.url))
    meta = {
        div.find("dt").get_text(): div.find("dd").get_text(" ", strip=True)
        for div in html.select(".resource-meta > div")
    }
    assert meta["Publisher"] == "Publisher 2"
    assert meta["Languages"] == "Arabic (العربية), Chinese (中文)"
    assert meta["Countries"] == "France, Kenya"
    assert meta["Regions"] == "Africa, Americas"
    assert meta["MNR capabilities"].startswith("1. ") and "2. " in meta["MNR capabilities"]
    assert html.select_one("img.resource__cover")["src"] == page.cover_image.file.url
    versions = html.select("#versions-title + ul a")
    assert [(a.get_text(), a["hreflang"]) for a in versions] == [
        ("with-2-public version 0", "fr"),
        ("with-2-public version 1", "es"),
    ]
    assert "(Spanish)" in versions[1].parent.get_text()
    document = page.documents.first().document
    link = html.find("a", href=document.url)
    assert link.get_text() == document.title
    assert "PDF" in link.parent.get_text()
    assert [a["href"] for a in html.select("#links-title + ul a")] == [
        "https://example.org/0",
        "https://example.org/1",
    ]
    assert html.find("a", string="Library")["href"] == library.url


def test_preview_shows_the_drafts_lists(client, library, editor):
    page = ResourcePageFactory(parent=library, slug="drafted", countries=["FR"])
    page.countries = [ResourceCountry(country="GH")]
    page.links = [ResourceLink(url="https://example.org/draft", label="Draft link")]
    revision = page.save_revision()
    live = soup(client.get("/resources/drafted/"))
    assert live.find("dt", string="Countries").find_next("dd").get_text() == "France"
    assert live.find("a", href="https://example.org/draft") is None
    client.force_login(editor)
    preview = soup(client.get(f"/admin/pages/{page.pk}/revisions/{revision.pk}/view/"))
    assert preview.find("dt", string="Countries").find_next("dd").get_text() == "Ghana"
    assert preview.find("a", href="https://example.org/draft").get_text() == "Draft link"


def test_news_page_queries_do_not_grow_with_tags_and_related_resources(
    client, news_index, library, member
):
    pages = {}
    for n in (1, 6):
        news = NewsPageFactory(parent=news_index, slug=f"with-{n}")
        news.tags.add(*[f"tag {n}-{i}" for i in range(n)])
        news.save()
        for i in range(n):
            resource = ResourcePageFactory(parent=library, title=f"News {n} resource {i}")
            NewsRelatedResource.objects.create(page=news, resource=resource, sort_order=i)
        pages[n] = news
    for reader in (None, member):
        if reader is not None:
            client.force_login(reader)
        few, _ = count_queries(client, pages[1].url)
        many, response = count_queries(client, pages[6].url)
        assert many == few
        html = soup(response)
        assert sorted(a.get_text() for a in html.select("a.badge")) == [
            f"tag 6-{i}" for i in range(6)
        ]
        assert [a.get_text() for a in html.select("#related-title + ul a")] == [
            f"News 6 resource {i}" for i in range(6)
        ]


def test_a_resources_lists_are_kept_per_reach_and_follow_a_published_change(
    client, library, member, django_capture_on_commit_callbacks
):
    """What a resource lists is kept under the content version for readers of the whole page
    and for readers of its summary apart: a member's copy (documents, links) never reaches a
    visitor, a second render reads none of the lists' tables, and a document renamed shows at
    once."""
    from django.test import Client

    page = resource_with(library, 2, access=ResourcePage.Access.MEMBERS)
    client.force_login(member)
    titles = [a.get_text() for a in soup(client.get(page.url)).select(".block-document a")]
    assert len(titles) == 2
    with CaptureQueriesContext(connection) as again:
        client.get(page.url)
    read = " ".join(query["sql"] for query in again.captured_queries)
    for table in ("resources_resourcedocument", "resources_resourcelink", "resources_language"):
        assert table not in read

    visitor = soup(Client().get(page.url))
    assert visitor.select(".block-document") == [] and visitor.select("#links-title") == []

    document = page.documents.first().document
    with django_capture_on_commit_callbacks(execute=True):
        document.title = "Renamed guidance"
        document.save()
    shown = [a.get_text() for a in soup(client.get(page.url)).select(".block-document a")]
    assert "Renamed guidance" in shown


def test_a_news_items_lists_are_kept_until_a_published_change(
    client, news_index, library, member, django_capture_on_commit_callbacks
):
    news = NewsPageFactory(parent=news_index, slug="kept")
    news.tags.add("summit")
    news.save()
    client.force_login(member)
    assert [a.get_text() for a in soup(client.get(news.url)).select("a.badge")] == ["summit"]
    with CaptureQueriesContext(connection) as again:
        client.get(news.url)
    read = " ".join(query["sql"] for query in again.captured_queries)
    assert "taggit_tag" not in read and "resources_newsrelatedresource" not in read

    with django_capture_on_commit_callbacks(execute=True):
        news.tags.add("hotlines")
        news.save_revision().publish()
    badges = soup(client.get(news.url)).select("a.badge")
    assert sorted(a.get_text() for a in badges) == ["hotlines", "summit"]
    assert badges[0]["href"].startswith(f"{news_index.url}?tag=")
