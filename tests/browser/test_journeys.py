"""Journeys through the portal as people make them, in Chromium, on the real processes.

DESIGN.md's journeys are added here by the issue that builds each part (apply to join, review
and approve, members-only library, summit registration by keyboard, /report/, newsletter). The
first journeys are the ones every other starts with: creating an account and signing in, by
mouse and by keyboard alone.
"""

from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from portal.models import OutgoingEmail
from tests.pages import MEMBER_EMAIL, MEMBER_PASSWORD

from .helpers import focused, link_in, signed_in_header, tab_to

PASSWORD = "a long and private passphrase"


def test_sign_up_verify_by_email_and_sign_in(journey, live_portal, smtp):
    page, portal = journey, live_portal
    page.goto(portal("/"))
    page.get_by_role("link", name="Create an account").click()
    expect(page).to_have_url(portal("/accounts/signup/"))

    page.get_by_label("Email", exact=True).fill("ana@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(portal("/accounts/confirm-email/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # Unverified, the account cannot sign in yet.
    assert not EmailAddress.objects.get(email="ana@example.org").verified

    # The portal queued the message and the worker delivered it over SMTP.
    [message] = smtp.wait_for(lambda m: m["To"] == "ana@example.org")
    assert OutgoingEmail.objects.get(to=["ana@example.org"]).status == OutgoingEmail.Status.SENT
    page.goto(link_in(message, portal.url, "/accounts/confirm-email/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your e-mail address")
    page.locator("main").get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(portal("/accounts/login/"))
    assert EmailAddress.objects.get(email="ana@example.org").verified

    page.get_by_label("Email", exact=True).fill("ana@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(portal("/"))
    expect(signed_in_header(page)).to_be_visible()
    account = page.get_by_role("navigation", name="Your account")
    expect(account.get_by_role("link", name="Account")).to_be_visible()
    expect(account.get_by_role("link", name="Sign in")).to_have_count(0)


def test_sign_in_with_the_keyboard_alone(journey, live_portal, content):
    """Keyboard only, with the focus visible at every step. (The issue asks for event
    registration by keyboard; events do not exist yet, so this journey signs in, and the events
    issue adds its registration journey with the same helpers.)"""
    page, portal = journey, live_portal
    page.goto(portal("/"))

    skip = tab_to(page, lambda f: f["text"] == "Skip to main content")
    assert skip["tag"] == "a"
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Sign in")
    page.keyboard.press("Enter")
    expect(page).to_have_url(portal("/accounts/login/"))

    tab_to(page, lambda f: f["name"] == "login")
    page.keyboard.type(MEMBER_EMAIL)
    tab_to(page, lambda f: f["name"] == "password")
    page.keyboard.type(MEMBER_PASSWORD)
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Sign in")
    page.keyboard.press("Enter")

    expect(page).to_have_url(portal("/"))
    expect(signed_in_header(page)).to_be_visible()
    # The sign-out button is reachable and visibly focused too.
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Sign out")
    assert focused(page)["text"] == "Sign out"
