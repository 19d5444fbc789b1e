"""The newsletter in the browser (issue 17): subscribe, confirm from the e-mail, change topics,
and unsubscribe in one click."""

from playwright.sync_api import expect

from newsletters.factories import default_topics
from newsletters.models import Subscriber

from .helpers import link_in


def test_subscribe_confirm_change_topics_and_unsubscribe_in_one_click(journey, live_portal, smtp):
    page, portal = journey, live_portal
    default_topics()

    page.goto(portal("/newsletter/"))
    page.get_by_label("Your e-mail address").fill("reader@example.org")
    page.get_by_label("Alliance news").check()
    page.get_by_label("Events").check()
    page.get_by_role("button", name="Subscribe").click()
    expect(page).to_have_url(portal("/newsletter/thanks/"))
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()

    [message] = smtp.wait_for(lambda m: m["To"] == "reader@example.org")
    page.goto(link_in(message, portal.url, "/newsletter/confirm/"))
    page.locator("main").get_by_role("button", name="Confirm my subscription").click()
    expect(page.get_by_role("heading", name="Your subscription is confirmed")).to_be_visible()
    assert Subscriber.objects.get(email="reader@example.org").status == "confirmed"

    page.get_by_role("link", name="Change your preferences").click()
    expect(page.get_by_role("heading", name="Newsletter preferences")).to_be_visible()
    page.get_by_label("Events").uncheck()
    page.get_by_label("New resources").check()
    page.locator("main").get_by_role("button", name="Save my preferences").click()
    expect(page.get_by_text("Your preferences are saved.")).to_be_visible()
    subscriber = Subscriber.objects.get(email="reader@example.org")
    assert sorted(t.slug for t in subscriber.topics.all()) == ["alliance-news", "new-resources"]

    page.locator("main").get_by_role("button", name="Unsubscribe in one click").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"
