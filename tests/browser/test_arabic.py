"""The portal in Arabic, right to left, in Chromium (issue 13): the home page, the library, the
join form and a resource at phone and desktop sizes (saved as test-artifacts/screenshots/ar-*.png),
axe on every page type under /ar/, and a newcomer's journey: from the English home page to
Arabic, sign-up, e-mail verification and an application, with the e-mails in Arabic and the
reviewer working in English."""

import json
import re
from email.header import decode_header, make_header

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation
from playwright.sync_api import expect

from members.factories import CommitmentStatementFactory
from portal.factories import UserFactory
from portal.roles import MEMBERSHIP_REVIEWERS
from tests.mfa import STAFF_TOTP_SECRET
from tests.pages import HTML_PAGE_TYPES

from .checks import DESKTOP, PHONE, check_status, page_for
from .conftest import ARTIFACTS
from .helpers import link_in, message_text, sign_in
from .test_accessibility import BLOCKING, describe
from .test_journeys import apply_as_a_country

PASSWORD = "a long and private passphrase"
NEWCOMER = "wafa@example.org"
REVIEWER = "reviewer@example.org"

# The pages whose Arabic views are saved, and whether a member's view is the one to see (the join
# form is for a signed-in person).
SCREENSHOTS = {
    "home": ("/", False),
    "library": ("{library}", False),
    "join": ("/join/", True),
    "resource": ("{resource}", False),
}
DEVICES = {"phone": PHONE, "desktop": DESKTOP}


def subject(message):
    return str(make_header(decode_header(message["Subject"])))


def in_arabic(text):
    return re.search("[\u0600-\u06ff]", text) is not None


def arabic(text):
    """``text`` as the Arabic interface shows it."""
    with translation.override("ar"):
        return translation.gettext(text)


@pytest.fixture(scope="module")
def axe():
    return Axe()


def horizontal_overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", SCREENSHOTS)
def test_arabic_pages_read_right_to_left_and_fit_the_screen(
    chromium, checked_portal, shared_content, member_state, name, device
):
    url, signed_in = SCREENSHOTS[name]
    state = member_state if signed_in else None
    context = chromium.new_context(storage_state=state, locale="ar", **DEVICES[device])
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        response = page.goto(checked_portal("/ar" + url.format(**shared_content)))
        assert response.status == 200
        html = page.locator("html")
        expect(html).to_have_attribute("lang", "ar")
        expect(html).to_have_attribute("dir", "rtl")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        # The brand starts the header on the right, as Arabic reads.
        brand = page.locator(".brand").bounding_box()
        viewport = DEVICES[device]["viewport"]
        assert brand["x"] + brand["width"] > viewport["width"] * 0.6, brand
        assert horizontal_overflow(page) <= 0
        folder = ARTIFACTS / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"ar-{name}-{device}.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("page_type", HTML_PAGE_TYPES, ids=lambda p: p.id)
def test_arabic_page_type_has_no_serious_accessibility_violation(
    chromium, checked_portal, shared_content, member_state, page_type, axe
):
    with page_for(chromium, checked_portal, page_type, member_state) as page:
        path = page_type.path(shared_content)
        if not path.startswith("/ar/"):  # the Arabic entries of PAGE_TYPES carry their prefix
            path = "/ar" + path
        response = page.goto(checked_portal(path))
        check_status(response, page_type)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        results = axe.run(page)

    folder = ARTIFACTS / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9]+", "-", page_type.id).strip("-").lower()
    (folder / f"ar-{name}.json").write_text(json.dumps(results.response, indent=1))
    assert results.response["passes"], "axe did not run its rules"
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"{page_type.id} in Arabic:\n" + "\n".join(map(describe, blocking))


def test_english_chosen_in_the_switcher_is_kept(chromium, checked_portal):
    """A browser preferring Arabic is sent to /ar/ once; choosing English there keeps English,
    also for an address typed later."""
    context = chromium.new_context(locale="ar", **DESKTOP)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        page.goto(checked_portal("/"))
        expect(page).to_have_url(checked_portal("/ar/"))
        page.get_by_role("navigation", name=arabic("Language")).get_by_role(
            "link", name="English"
        ).click()
        expect(page).to_have_url(checked_portal("/"))
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.goto(checked_portal("/join/"))
        expect(page).to_have_url(checked_portal("/join/"))
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
    finally:
        context.close()


def test_a_newcomer_switches_to_arabic_signs_up_and_applies(
    journey, live_portal, smtp, chromium, tmp_path
):
    page, portal = journey, live_portal
    CommitmentStatementFactory()
    UserFactory(
        email=REVIEWER,
        groups=[Group.objects.get(name=MEMBERSHIP_REVIEWERS)],
        totp_secret=STAFF_TOTP_SECRET,
    )

    # From the English home page to Arabic, through the header's switcher.
    page.goto(portal("/"))
    page.get_by_role("navigation", name="Language").get_by_role("link", name="العربيّة").click()
    expect(page).to_have_url(portal("/ar/"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    page.get_by_role("banner").get_by_role("link", name=arabic("Join the alliance")).click()
    expect(page).to_have_url(portal("/ar/join/"))
    page.get_by_role("link", name=arabic("Create an account to apply")).click()
    expect(page).to_have_url(portal("/ar/accounts/signup/?next=%2Far%2Fjoin%2F"))
    page.locator("input[name=email]").fill(NEWCOMER)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name=arabic("Create account")).click()
    expect(page).to_have_url(portal("/ar/accounts/confirm-email/"))
    assert get_user_model().objects.get(email=NEWCOMER).language == "ar"

    # The confirmation, in Arabic, leads back to Arabic pages and on to /ar/join/.
    [message] = smtp.wait_for(lambda m: m["To"] == NEWCOMER)
    assert in_arabic(subject(message)) and in_arabic(message_text(message))
    page.goto(link_in(message, portal.url, "/ar/accounts/confirm-email/"))
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    page.locator("main").get_by_role("button", name=arabic("Confirm")).click()
    expect(page).to_have_url(portal("/ar/accounts/login/?next=%2Far%2Fjoin%2F"))
    page.locator("input[name=login]").fill(NEWCOMER)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main").get_by_role("button", name=arabic("Sign in")).click()
    expect(page).to_have_url(portal("/ar/join/"))
    expect(page.get_by_role("heading", name=arabic("Start a new application"))).to_be_visible()

    apply_as_a_country(page, portal, tmp_path, join="/ar/join/", text=arabic)
    expect(page.locator(".messages")).to_contain_text(
        arabic("Your application is submitted. We sent you a confirmation by e-mail.")
    )
    [received] = smtp.wait_for(lambda m: m["To"] == NEWCOMER and subject(m) != subject(message))
    assert in_arabic(subject(received)) and arabic("Ghana") in subject(received)
    assert in_arabic(message_text(received))

    # The reviewer, working in English, sees the application in the admin.
    reviewer = chromium.new_context(locale="en", **DESKTOP)
    reviewer.set_default_timeout(15_000)
    try:
        admin = reviewer.new_page()
        sign_in(admin, portal, email=REVIEWER, totp_secret=STAFF_TOTP_SECRET)
        [told] = smtp.wait_for(lambda m: m["To"] == REVIEWER)
        assert not in_arabic(subject(told)) and "Ghana" in subject(told), subject(told)
        admin.goto(portal("/admin/"))
        expect(admin.locator("html")).to_have_attribute("lang", "en")
        admin.get_by_role("button", name="Membership").click()
        admin.get_by_role("link", name="Applications").click()
        admin.get_by_role("link", name="Ghana", exact=True).first.click()
        expect(admin.locator("#review-status")).to_have_text("Submitted")
        expect(admin.locator("main")).to_contain_text("Ministry of Communications")
    finally:
        reviewer.close()
