import datetime

import pytest

from resources.factories import NewsPageFactory, ResourcePageFactory
from resources.models import NewsRelatedResource
from tests.html import soup
from tests.resources.conftest import atom_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(news_index, library):
    guide = ResourcePageFactory(parent=library, title="Helpline guide", slug="helpline-guide")
    summit = NewsPageFactory(
        parent=news_index, title="Summit announced", slug="summit",
        date=datetime.date(2026, 3, 1), summary="The next summit is in Geneva.",
    )  # fmt: skip
    summit.tags.add("summit", "events")
    summit.save()
    NewsRelatedResource.objects.create(page=summit, resource=guide)
    older = NewsPageFactory(
        parent=news_index, title="New members", slug="new-members",
        date=datetime.date(2025, 12, 1), summary="Five members joined.",
    )  # fmt: skip
    older.tags.add("members")
    older.save()
    NewsPageFactory(parent=news_index, title="Unpublished", slug="draft", live=False)
    return summit, older


def test_news_index_lists_published_news_newest_first_and_filters_by_tag(client, news):
    response = client.get("/news/")
    assert response.status_code == 200
    html = soup(response)
    assert [h.get_text(strip=True) for h in html.select(".news-item h2")] == [
        "Summit announced",
        "New members",
    ]
    response = client.get("/news/?tag=members")
    assert [h.get_text(strip=True) for h in soup(response).select(".news-item h2")] == [
        "New members"
    ]


def test_news_page_shows_date_tags_and_related_resources(client, news):
    response = client.get("/news/summit/")
    html = soup(response)
    assert html.find("h1").get_text() == "Summit announced"
    assert html.find("time")["datetime"] == "2026-03-01"
    assert sorted(a.get_text() for a in html.select("a.badge")) == ["events", "summit"]
    related = html.find("section", attrs={"aria-labelledby": "related-title"})
    assert related.find("a")["href"] == "/resources/helpline-guide/"


def test_news_feed(client, news):
    response = client.get("/news/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = atom_entries(response)
    assert [e["title"] for e in entries] == ["Summit announced", "New members"]
    assert entries[0]["summary"] == "The next summit is in Geneva."
    assert entries[0]["link"] == "http://localhost/news/summit/"


@pytest.mark.parametrize("count", [2, 20])
def test_news_index_queries_are_fixed(
    client, news_index, count, django_assert_max_num_queries, fragments_not_kept
):
    for i in range(count):
        NewsPageFactory(parent=news_index).tags.add(f"tag-{i}")
    client.get("/news/")
    # One of them finds the index's translations, whose news are listed too.
    with django_assert_max_num_queries(12):
        response = client.get("/news/")
    assert len(soup(response).select(".news-item")) == min(count, 10)


def test_home_page_shows_the_latest_news_and_resources(client, site, news, library):
    ResourcePageFactory(parent=library, title="Closed study", access="members")
    response = client.get("/")
    html = soup(response)
    news_panel = html.find("section", attrs={"aria-labelledby": "home-news-title"})
    assert [a.get_text() for a in news_panel.select(".card a")] == [
        "Summit announced",
        "New members",
    ]
    assert news_panel.find("a", href="/news/").get_text() == "All news"
    resources = html.find("section", attrs={"aria-labelledby": "home-resources-title"})
    titles = [a.get_text() for a in resources.select(".card a")]
    assert titles == ["Closed study", "Helpline guide"]
    assert resources.select_one(".badge--warning").get_text() == "Members only"


@pytest.mark.parametrize("count", [2, 20])
def test_home_panels_queries_are_fixed(
    client, site, news_index, library, count, django_assert_max_num_queries
):
    for _ in range(count):
        NewsPageFactory(parent=news_index)
        ResourcePageFactory(parent=library)
    client.get("/")
    with django_assert_max_num_queries(14):
        response = client.get("/")
    assert len(soup(response).select("section .card")) == min(count, 3) + min(count, 4)


def test_the_home_panels_are_one_fragment_for_every_reader_until_the_content_changes(
    client, site, news, library, member, django_capture_on_commit_callbacks
):
    """The panels (member counts, next event, latest news and resources) show public content
    only, from models that move the content version: a member is served the fragment a visitor's
    render kept, reading none of the panels' tables, and a new publication shows at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def panels(response):
        return [
            section.get_text(" ", strip=True) for section in soup(response).select("main section")
        ]

    ResourcePageFactory(parent=library, title="Closed study", access="members")
    first = panels(client.get("/"))
    client.force_login(member)
    with CaptureQueriesContext(connection) as again:
        second = panels(client.get("/"))
    assert second == first
    read = " ".join(query["sql"] for query in again.captured_queries)
    assert "resources_newspage" not in read and "resources_resourcepage" not in read

    with django_capture_on_commit_callbacks(execute=True):
        NewsPageFactory(parent=news_index_of(news), title="Fresh news", date=datetime.date.today())
    news_panel = soup(client.get("/")).find("section", attrs={"aria-labelledby": "home-news-title"})
    assert news_panel.select(".card a")[0].get_text() == "Fresh news"


def news_index_of(news):
    return news[0].get_parent()
