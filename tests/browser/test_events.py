"""Summit registration in Chromium: a visitor signs up on the way, registers, receives the
confirmation with a calendar file, cancels, and the person waiting is promoted; and the same
registration with the keyboard alone, the focus visible at every step."""

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from events import services
from events.factories import EventIndexPageFactory, EventPageFactory, RegistrationQuestionFactory
from events.models import Registration
from portal.factories import UserFactory
from tests.pages import MEMBER_EMAIL, MEMBER_PASSWORD

from .helpers import focused, link_in, signed_in_header, tab_to

PASSWORD = "a long and private passphrase"


@pytest.fixture
def summit(live_portal, home_page):
    index = EventIndexPageFactory(parent=home_page)
    event = EventPageFactory(
        parent=index,
        title="Global Summit",
        slug="global-summit",
        capacity=1,
        time_zone="Asia/Dubai",
        online_link="https://meet.example.org/summit-room",
    )
    RegistrationQuestionFactory(page=event, label="Your role", required=True)
    return event


def calendar_in(message):
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    return Calendar.from_ical(part.get_payload(decode=True))


def test_sign_up_register_receive_calendar_cancel_and_promote(journey, live_portal, smtp, summit):
    page, portal = journey, live_portal
    page.goto(portal(summit.url))
    page.get_by_role("link", name="Register", exact=True).click()
    page.get_by_role("link", name="Create an account to register").click()
    page.get_by_label("Email", exact=True).fill("ana@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    [message] = smtp.wait_for(lambda m: m["To"] == "ana@example.org")
    page.goto(link_in(message, portal.url, "/accounts/confirm-email/"))
    page.locator("main").get_by_role("button", name="Confirm").click()
    page.get_by_label("Email", exact=True).fill("ana@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    # Back at the form the visitor was going to.
    expect(page).to_have_url(portal(summit.url + "register/"))

    page.get_by_label("Name").fill("Ana Pereira")
    page.get_by_role("button", name="Register").click()
    # A required answer missing: said, and what was typed is kept.
    expect(page.get_by_label("Name")).to_have_value("Ana Pereira")
    page.get_by_label("Your role").fill("Hotline analyst")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()
    expect(page.locator("#registration-status")).to_have_text("Confirmed")

    [confirmation] = smtp.wait_for(
        lambda m: m["To"] == "ana@example.org" and "confirmed" in m["Subject"]
    )
    [vevent] = calendar_in(confirmation).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Global Summit"
    assert vevent["DTSTART"].params["TZID"] == "Asia/Dubai"
    assert vevent.decoded("DTSTART") == summit.starts_at

    # Someone else registers: the event is full, they wait.
    waiting = UserFactory(email="wait@example.org")
    assert services.register(summit, waiting, name="Wen", consent=True).status == "waitlisted"

    page.get_by_role("button", name="Cancel registration").click()
    expect(page.locator("#registration-status")).to_have_text("Cancelled")
    assert Registration.objects.get(user=waiting).status == "confirmed"
    [promoted] = smtp.wait_for(lambda m: m["To"] == "wait@example.org" and "free" in m["Subject"])
    assert calendar_in(promoted)["METHOD"] == "REQUEST"
    [cancelled] = smtp.wait_for(
        lambda m: m["To"] == "ana@example.org" and "cancelled" in m["Subject"]
    )
    assert calendar_in(cancelled)["METHOD"] == "CANCEL"


def test_register_with_the_keyboard_alone(journey, live_portal, content):
    page, portal = journey, live_portal
    event_url = content["event_open"]  # with a required question
    page.goto(portal("/accounts/login/"))
    tab_to(page, lambda f: f["name"] == "login")
    page.keyboard.type(MEMBER_EMAIL)
    tab_to(page, lambda f: f["name"] == "password")
    page.keyboard.type(MEMBER_PASSWORD)
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Sign in")
    page.keyboard.press("Enter")
    expect(signed_in_header(page)).to_be_visible()

    page.goto(portal(event_url))
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Register", max_presses=60)
    page.keyboard.press("Enter")
    expect(page).to_have_url(portal(event_url + "register/"))
    tab_to(page, lambda f: f["name"] == "name")
    page.keyboard.press("Control+A")
    page.keyboard.type("Mia Member")
    tab_to(page, lambda f: f["name"].startswith("question_"))
    page.keyboard.type("Prosecutor")
    tab_to(page, lambda f: f["name"] == "consent")
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Register")
    page.keyboard.press("Enter")
    expect(page.locator("#registration-status")).to_have_text("Confirmed")
    assert focused(page) is None or focused(page)["visible"]


def test_the_secretariat_approves_a_registration_from_the_filtered_list(
    journey, live_portal, smtp, home_page
):
    from django.contrib.auth.models import Group

    from portal.roles import SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS
    from tests.mfa import STAFF_TOTP_SECRET

    from .helpers import sign_in

    page, portal = journey, live_portal
    index = EventIndexPageFactory(parent=home_page)
    roundtable = EventPageFactory(
        parent=index, title="Ministers' Roundtable", mode="approval", capacity=10
    )
    workshop = EventPageFactory(parent=index, title="Hotline Workshop", mode="approval")
    for event, email, name in (
        (roundtable, "ana@example.org", "Ana Pereira"),
        (roundtable, "ben@example.org", "Ben Okafor"),
        (workshop, "cleo@example.org", "Cleo Martin"),
    ):
        services.register(event, UserFactory(email=email), name=name, consent=True)
    UserFactory(
        email="moderator@example.org",
        groups=[
            Group.objects.get(name=SECRETARIAT_EDITORS),
            Group.objects.get(name=SECRETARIAT_MODERATORS),
        ],
        totp_secret=STAFF_TOTP_SECRET,
    )
    sign_in(
        page,
        portal,
        email="moderator@example.org",
        password="correct horse battery staple",
        totp_secret=STAFF_TOTP_SECRET,
    )

    page.goto(portal("/admin/events_registrations/"))
    page.get_by_role("button", name="Show filters").click()
    page.get_by_role("button", name="Event", exact=True).click()
    page.get_by_label("Event", exact=True).select_option(label="Ministers' Roundtable")
    listing = page.locator("table.listing")
    expect(listing.get_by_role("link", name="Cleo Martin", exact=True)).to_have_count(0)
    expect(listing.get_by_role("link", name="Ben Okafor", exact=True)).to_be_visible()

    row = listing.locator("tr", has=page.get_by_role("link", name="Ana Pereira", exact=True))
    expect(row.locator("[data-decision]")).to_have_count(2)  # approve, decline
    row.get_by_role("link", name="Approve: Ana Pereira").click()
    expect(page.locator('[data-status="current"]')).to_have_text("Pending approval")
    expect(page.locator('[data-status="result"]')).to_have_text("Confirmed")
    page.get_by_label("Message to the person (optional)").fill("Welcome to the roundtable.")
    page.locator("main").get_by_role("button", name="Approve").click()

    expect(page.locator(".messages")).to_contain_text("Ana Pereira is now “Confirmed”.")
    assert f"event={roundtable.pk}" in page.url
    expect(listing.get_by_role("link", name="Cleo Martin", exact=True)).to_have_count(0)
    expect(
        listing.locator("tr", has=page.get_by_role("link", name="Ana Pereira", exact=True)).locator(
            "[data-decision]"
        )
    ).to_have_count(1)  # decline only, now
    assert Registration.objects.get(email="ana@example.org").status == "confirmed"
    [confirmation] = smtp.wait_for(
        lambda m: m["To"] == "ana@example.org" and "confirmed" in m["Subject"]
    )
    assert "Welcome to the roundtable." in str(confirmation)
