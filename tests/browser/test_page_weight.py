"""Each page type's first view, at a phone's viewport, transfers under 200 KB: HTML, CSS, JS,
fonts and images, measured in Chromium from the responses (headers and encoded bodies)."""

import pytest

from tests.pages import HTML_PAGE_TYPES

from .checks import PHONE, check_status, page_for

BUDGET = 200 * 1024


def transferred(requests):
    """(total bytes, [(bytes, url)]) of the finished requests, as they crossed the network."""
    rows = []
    for request in requests:
        sizes = request.sizes()
        rows.append((sizes["responseHeadersSize"] + sizes["responseBodySize"], request.url))
    return sum(size for size, _ in rows), sorted(rows, reverse=True)


@pytest.mark.parametrize("page_type", HTML_PAGE_TYPES, ids=lambda p: p.id)
def test_first_view_on_a_phone_is_under_200_kb(
    chromium, checked_portal, shared_content, member_state, page_type
):
    with page_for(chromium, checked_portal, page_type, member_state, device=PHONE) as page:
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        check_status(page.goto(checked_portal(page_type.path(shared_content))), page_type)
        page.wait_for_load_state("networkidle")
        total, rows = transferred(finished)
        types = {request.resource_type for request in finished}
        # Nothing makes the phone scroll sideways (the page would be wider than the screen).
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        # ...and the page's heading keeps a margin from the screen's edges.
        heading = page.locator("main h1").first.bounding_box()

    assert "document" in types and "stylesheet" in types, types
    listing = "\n".join(f"  {size:>8} B  {url}" for size, url in rows)
    assert total < BUDGET, f"{page_type.id}: {total} B over {BUDGET} B\n{listing}"
    assert scroll_width <= PHONE["viewport"]["width"]
    assert heading["x"] >= 8, f"{page_type.id}: the heading touches the screen's edge"
