"""The directory in Chromium: a visitor on a phone finds a country's hotline through /report/ in
two steps without JavaScript, and /report/ for a country stays under 30 KB (axe and the 200 KB
budget run on every directory page type in test_accessibility.py and test_page_weight.py)."""

import pytest
from playwright.sync_api import expect

from directory.factories import DirectoryEntryFactory

from .checks import PHONE
from .test_page_weight import transferred

REPORT_BUDGET = 30 * 1024


@pytest.fixture
def france(live_portal):
    DirectoryEntryFactory(
        country="FR",
        name="PHAROS",
        report_url="https://www.internet-signalement.gouv.fr/",
        website="https://www.internet-signalement.gouv.fr/",
    )
    DirectoryEntryFactory(country="FR", name="Allô 119", helpline=True, phone="119")
    return live_portal


@pytest.fixture
def phone_without_script(chromium):
    context = chromium.new_context(locale="en", java_script_enabled=False, **PHONE)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_a_visitor_on_a_phone_finds_the_hotline_in_two_steps_without_javascript(
    phone_without_script, france
):
    page, portal = phone_without_script, france
    scripts = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    # Step 1: /report/, choose the country.
    page.goto(portal("/report/"))
    page.get_by_label("Your country").select_option("FR")
    # Step 2: send the plain form; the hotline comes first.
    page.get_by_role("button", name="Show where to report").click()
    expect(page).to_have_url(portal("/report/?country=FR"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Where to report in France")
    report = page.get_by_role("link", name="Report online")
    expect(report).to_be_visible()
    expect(report).to_have_attribute("href", "https://www.internet-signalement.gouv.fr/")
    assert report.bounding_box()["y"] < page.locator("#helpline-title").bounding_box()["y"]
    expect(page.get_by_role("link", name="119")).to_be_visible()
    assert scripts == []


def test_report_for_a_country_is_under_30_kb_first_view(chromium, france):
    context = chromium.new_context(locale="en", **PHONE)
    try:
        page = context.new_page()
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        assert page.goto(france("/report/?country=FR")).status == 200
        page.wait_for_load_state("networkidle")
        total, rows = transferred(finished)
        types = {request.resource_type for request in finished}
    finally:
        context.close()
    listing = "\n".join(f"  {size:>8} B  {url}" for size, url in rows)
    assert types <= {"document", "stylesheet"}, types
    assert total < REPORT_BUDGET, f"/report/?country=FR: {total} B\n{listing}"
