"""What a newcomer met in the browser (issue 12): the way to /join/ through sign-up and e-mail
verification, and the portal on a phone (390 by 844): a compact header whose menu opens without
JavaScript, the library's results before its filters, the dashboard's table reflowed. The
phone views of the home page, the library and the join form are saved as screenshots."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from members.factories import ApplicationFactory, CommitmentStatementFactory
from portal.roles import MEMBERS
from tests.pages import MEMBER_EMAIL, MEMBER_PASSWORD

from .checks import PHONE
from .conftest import ARTIFACTS, save_screenshot
from .helpers import link_in, signed_in_header

PASSWORD = "a long and private passphrase"
QUARTER_OF_THE_SCREEN = PHONE["viewport"]["height"] / 4


@pytest.fixture
def phone(chromium, request):
    """A phone-sized tab with JavaScript off: everything here must work without it. Its last
    page is saved as a screenshot."""
    context = chromium.new_context(locale="en", java_script_enabled=False, **PHONE)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    save_screenshot(tab, request.node.name)
    context.close()


def box(locator):
    return locator.bounding_box()


def save_phone_view(page, name):
    """The first screen a phone shows (390 by 844), as test-artifacts/screenshots/<name>.png."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


def sign_in_on_a_phone(page, portal):
    """The sign-in form, then the account links behind the header's menu."""
    page.goto(portal("/accounts/login/"))
    page.get_by_label("Email", exact=True).fill(MEMBER_EMAIL)
    page.get_by_label("Password", exact=True).fill(MEMBER_PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(portal("/"))
    expect(signed_in_header(page)).to_be_hidden()
    page.get_by_role("banner").get_by_text("Menu", exact=True).click()
    expect(signed_in_header(page)).to_be_visible()


# --- Joining ---------------------------------------------------------------------------------


def test_join_keeps_its_destination_through_sign_up_and_verification(journey, live_portal, smtp):
    page, portal = journey, live_portal
    CommitmentStatementFactory()
    page.goto(portal("/"))
    page.get_by_role("banner").get_by_role("link", name="Join the alliance").click()
    expect(page).to_have_url(portal("/join/"))
    expect(page.get_by_role("heading", name="An account comes first")).to_be_visible()

    page.get_by_role("link", name="Create an account to apply").click()
    expect(page).to_have_url(portal("/accounts/signup/?next=%2Fjoin%2F"))
    expect(page.get_by_role("note")).to_contain_text("You are applying to join the alliance")
    page.get_by_label("Email", exact=True).fill("newcomer@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(portal("/accounts/confirm-email/"))

    [message] = smtp.wait_for(lambda m: m["To"] == "newcomer@example.org")
    page.goto(link_in(message, portal.url, "/accounts/confirm-email/"))
    page.locator("main").get_by_role("button", name="Confirm").click()
    # Confirmed: on to sign in, still on the way to /join/, and told so.
    expect(page).to_have_url(portal("/accounts/login/?next=%2Fjoin%2F"))
    expect(page.get_by_role("note")).to_contain_text("An account comes first")

    page.get_by_label("Email", exact=True).fill("newcomer@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(portal("/join/"))
    expect(signed_in_header(page)).to_be_visible()
    expect(page.get_by_role("heading", name="Start a new application")).to_be_visible()


# --- Phones ----------------------------------------------------------------------------------


def test_the_phone_header_is_compact_and_its_menu_opens_without_javascript(
    phone, live_portal, content
):
    page, portal = phone, live_portal
    page.goto(portal("/"))
    header = page.get_by_role("banner")
    assert box(header)["height"] < QUARTER_OF_THE_SCREEN, box(header)
    join = header.get_by_role("link", name="Join the alliance")
    expect(join).to_be_visible()
    assert box(join)["y"] + box(join)["height"] <= QUARTER_OF_THE_SCREEN

    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link", name="About the alliance")).to_be_hidden()
    expect(page.get_by_role("link", name="Sign in")).to_be_hidden()
    header.get_by_text("Menu", exact=True).click()
    expect(main_nav.get_by_role("link", name="About the alliance")).to_be_visible()
    sign_in_link = page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Sign in"
    )
    expect(sign_in_link).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
    sign_in_link.click()
    expect(page).to_have_url(portal("/accounts/login/"))

    # The home page's own call to action is on the first screen too.
    page.goto(portal("/"))
    hero_join = page.locator(".hero").get_by_role("link", name="Join the alliance")
    expect(hero_join).to_be_visible()
    assert box(hero_join)["y"] + box(hero_join)["height"] <= PHONE["viewport"]["height"]
    save_phone_view(page, "phone-home")


def test_the_desktop_header_shows_its_menu_without_a_button(page, live_portal, content):
    page.goto(live_portal("/"))
    header = page.get_by_role("banner")
    expect(header.get_by_text("Menu", exact=True)).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link")).to_be_visible()
    expect(header.get_by_role("link", name="Sign in")).to_be_visible()
    expect(header.get_by_role("link", name="Join the alliance")).to_be_visible()
    # The header's search box (issue 16) takes one line beside the menu: still under 130 px.
    assert box(header)["height"] < 130


def test_the_library_on_a_phone_shows_results_first_and_filters_behind_a_control(
    phone, live_portal, content
):
    page, portal = phone, live_portal
    page.goto(portal(content["library"]))
    results = page.locator(".resource-list > li")
    first = results.first
    expect(first).to_be_visible()
    assert box(first)["y"] < PHONE["viewport"]["height"], box(first)
    checkboxes = page.locator(".library__filters input[type=checkbox]")
    expect(checkboxes.first).to_be_hidden()
    save_phone_view(page, "phone-library")

    page.get_by_text("Filters", exact=True).click()
    guide = page.locator(".library__filters input[name=type][value=guide]")
    expect(guide).to_be_visible()
    guide.check()
    kenya = page.locator(".library__filters input[name=country][value=KE]")
    kenya.check()
    page.get_by_role("button", name="Apply filters").click()

    chips = page.locator(".active-filters__list a")
    expect(chips).to_have_count(2)
    expect(page.locator(".library__filter-toggle")).to_contain_text("2 applied")
    # Results still come before the (again collapsed) filters.
    expect(page.locator(".library__filters input[type=checkbox]").first).to_be_hidden()
    chip = chips.filter(has_text="Kenya")
    assert box(chip)["y"] < PHONE["viewport"]["height"]
    chip.click()
    expect(chips).to_have_count(1)
    assert "country=KE" not in page.url and "type=guide" in page.url


def test_the_dashboard_reflows_on_a_phone(phone, live_portal, content):
    from django.contrib.auth import get_user_model

    page, portal = phone, live_portal
    member = get_user_model().objects.get(email=MEMBER_EMAIL)
    member.groups.remove(Group.objects.get(name=MEMBERS))
    ApplicationFactory(
        applicant=member, name="An organisation with a rather long name to wrap", description=""
    )
    sign_in_on_a_phone(page, portal)
    page.goto(portal("/dashboard/"))
    row = page.locator("tr", has_text="rather long name")
    cont = row.get_by_role("link", name="Continue")
    expect(cont).to_be_visible()
    assert box(cont)["x"] + box(cont)["width"] <= PHONE["viewport"]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
    cont.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About you")


def test_the_join_form_on_a_phone(phone, live_portal, content):
    """The organisation's first step without JavaScript: countries chosen by region."""
    page, portal = phone, live_portal
    CommitmentStatementFactory()
    sign_in_on_a_phone(page, portal)
    page.goto(portal("/join/"))
    page.get_by_label("Organisation", exact=True).check()
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    save_phone_view(page, "phone-join-form")
    kenya = page.get_by_label("Kenya", exact=True)
    expect(kenya).to_be_hidden()
    page.get_by_text("Africa", exact=True).click()
    kenya.check()
    page.get_by_text("Europe", exact=True).click()
    page.get_by_label("France", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    # Other answers are missing: the chosen countries stay, counted by region.
    expect(page.get_by_text("Africa (1 chosen)")).to_be_visible()
    expect(page.get_by_label("Kenya", exact=True)).to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]


def test_the_countries_filter_finds_a_country_with_javascript(chromium, live_portal, content):
    context = chromium.new_context(locale="en", **PHONE)
    try:
        page = context.new_page()
        CommitmentStatementFactory()
        sign_in_on_a_phone(page, live_portal)
        page.goto(live_portal("/join/"))
        page.get_by_label("Organisation", exact=True).check()
        page.get_by_role("button", name="Start").click()
        page.get_by_label("Find a country").fill("tanz")
        tanzania = page.get_by_label("Tanzania", exact=False)
        expect(tanzania).to_be_visible()
        expect(page.get_by_label("Kenya", exact=True)).to_be_hidden()
        tanzania.check()
        page.get_by_label("Find a country").fill("")
        expect(page.get_by_label("Kenya", exact=True)).to_be_hidden()  # its region closes again
    finally:
        context.close()
