"""The secretariat's paths in Chromium (issue 12): an editor's news item reaches a moderator,
who approves it from a browser of their own; a member who opens /admin/ is told they have no
access instead of bouncing between /admin/ and the sign-in page."""

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from portal.factories import UserFactory
from portal.moderation import ensure_moderation_workflow
from portal.roles import MEMBERS, SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS
from resources.factories import NewsIndexPageFactory
from resources.models import NewsPage
from tests.mfa import STAFF_TOTP_SECRET

from .helpers import link_in, sign_in

EDITOR, MODERATOR, MEMBER = "editor@example.org", "moderator@example.org", "member@example.org"
PASSWORD = "correct horse battery staple"  # UserFactory's


def test_an_editors_news_item_is_approved_by_a_moderator(
    journey, live_portal, smtp, chromium, home_page
):
    page, portal = journey, live_portal
    ensure_moderation_workflow()  # the flush of a transactional test took it with the root
    news = NewsIndexPageFactory(parent=home_page, slug="news")
    news.save_revision().publish()
    UserFactory(
        email=EDITOR,
        groups=[Group.objects.get(name=SECRETARIAT_EDITORS)],
        totp_secret=STAFF_TOTP_SECRET,
    )
    UserFactory(
        email=MODERATOR,
        groups=[
            Group.objects.get(name=SECRETARIAT_EDITORS),
            Group.objects.get(name=SECRETARIAT_MODERATORS),
        ],
        totp_secret=STAFF_TOTP_SECRET,
    )

    # The editor writes a news item and submits it for moderation.
    sign_in(page, portal, email=EDITOR, password=PASSWORD, totp_secret=STAFF_TOTP_SECRET)
    page.goto(portal(f"/admin/pages/add/resources/newspage/{news.pk}/"))
    page.locator("#id_title").fill("Summit in Nairobi")
    page.locator("#id_summary").fill("The alliance meets in Nairobi in March.")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Secretariat moderation").click()
    expect(page.locator(".messages")).to_contain_text("submitted")

    # The moderator, in a browser of their own, is e-mailed a link to it ...
    moderator = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    moderator.set_default_timeout(15_000)
    try:
        mo = moderator.new_page()
        [notice] = smtp.wait_for(lambda m: MODERATOR in m["To"])
        assert "Summit in Nairobi" in notice["Subject"]
        sign_in(mo, portal, email=MODERATOR, password=PASSWORD, totp_secret=STAFF_TOTP_SECRET)

        # ... sees it waiting on their dashboard ...
        mo.goto(portal("/admin/"))
        expect(mo.locator("main")).to_contain_text("Awaiting your review")
        expect(mo.get_by_role("link", name="Summit in Nairobi").first).to_be_visible()

        # ... opens it from the e-mail, not locked, and approves it.
        item = NewsPage.objects.get(title="Summit in Nairobi")
        mo.goto(link_in(notice, portal.url, f"/admin/pages/{item.pk}/edit/"))
        expect(mo.locator("main")).not_to_contain_text("Only reviewers for this task")
        mo.get_by_role("button", name="More actions").click()
        mo.get_by_role("button", name="Approve and Publish", exact=True).click()
        expect(mo.locator(".messages")).to_contain_text("Summit in Nairobi")
        mo.close()
    finally:
        moderator.close()

    # Published: a visitor reads it.
    page.goto(portal("/news/"))
    expect(page.get_by_role("link", name="Summit in Nairobi")).to_be_visible()


def test_a_member_who_opens_the_admin_is_told_they_have_no_access(journey, live_portal):
    page, portal = journey, live_portal
    UserFactory(email=MEMBER, groups=[Group.objects.get(name=MEMBERS)])
    sign_in(page, portal, email=MEMBER, password=PASSWORD)
    response = page.goto(portal("/admin/"))
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You have no access to the administration"
    )
    page.get_by_role("link", name="Go to the home page").click()
    expect(page).to_have_url(portal("/"))
