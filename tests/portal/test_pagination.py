"""Long listings link a window of pages, not every page."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from tests.html import soup


def render(number, count=5000, per_page=12, query="type=guide"):
    page_obj = Paginator(range(count), per_page).get_page(number)
    request = RequestFactory().get(f"/resources/?{query}&page={number}")
    with translation.override("en"):  # whatever language an earlier test left active
        html = render_to_string("includes/pagination.html", {"page_obj": page_obj}, request=request)
    return soup(html)


def test_a_long_listing_links_the_ends_and_the_pages_around_the_current_one():
    nav = render(200)  # 5,000 results: 417 pages

    links = {a.get_text(): a["href"] for a in nav.select("a")}
    assert list(links) == ["Previous", "1", "198", "199", "201", "202", "417", "Next"]
    assert links["417"] == "?type=guide&page=417"  # the filters are kept
    assert nav.select_one('[aria-current="page"]').get_text() == "200"
    assert len(nav.select('[aria-hidden="true"]')) == 2  # an ellipsis on each side, unread


def test_a_short_listing_links_every_page_and_one_page_links_none():
    nav = render(1, count=40)

    assert [a.get_text() for a in nav.select("a")] == ["2", "3", "4", "Next"]
    assert not nav.select('[aria-hidden="true"]')
    assert render(1, count=12).select("nav") == []
