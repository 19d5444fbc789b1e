"""Site-wide search as a visitor makes it: from the header's box, filtered by kind, to a
result."""

import pytest
from playwright.sync_api import expect

from search.indexing import rebuild_database

pytestmark = pytest.mark.browser


def test_a_visitor_searches_from_the_header_filters_by_kind_and_opens_a_result(
    journey, live_portal, content
):
    rebuild_database()  # what the worker indexes on commit, at once
    page, portal = journey, live_portal
    page.goto(portal("/"))
    header_box = page.locator("header").get_by_role("searchbox")
    header_box.fill("hotlines")
    header_box.press("Enter")
    expect(page).to_have_url(portal("/search/?q=hotlines"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    results = page.locator(".search-result")
    expect(results.first).to_be_visible()
    # Stemming: "hotlines" finds the guides titled "Hotline guide".
    expect(page.locator(".search-result__title").first).to_contain_text("otline")

    page.get_by_role("checkbox", name="Resource").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(portal("/search/?q=hotlines&kind=resource"))
    for badge in page.locator(".search-result__kind .badge").all():
        expect(badge).to_have_text("Resource")
    expect(page.locator(".search-result__snippet mark").first).to_be_visible()

    first = page.locator(".search-result__title a").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
