"""The newsletters in the admin: composing, preview as the e-mail, a test to oneself, approval
by a moderator, progress, each person's deliveries and the suppressions."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from newsletters import services
from newsletters.factories import (
    DeliveryFactory,
    NewsletterIssueFactory,
    SubscriberFactory,
    SuppressionFactory,
)
from newsletters.models import NewsletterIssue

pytestmark = pytest.mark.django_db
ISSUES = "/admin/snippets/newsletters/newsletterissue/"


@pytest.fixture(autouse=True)
def _send_on_commit(run_on_commit_at_once):
    pass


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_an_editor_composes_an_issue(client, site, editor, topics):
    client.force_login(editor)
    data = nested_form_data(
        {
            "title": "November news",
            "slug": "november-news",
            "language": "en",
            "intro": "Hello",
            "body": streamfield([("text", rich_text("<p>The summit is in March.</p>"))]),
            "audience": "topics",
            "member_kind": "",
            "region": "",
            "public": "on",
            "send_at": "",
        }
    )
    data["topics"] = [topics[0].pk]

    response = client.post(f"{ISSUES}add/", data)

    assert response.status_code == 302, soup(response).select(".error-message")
    issue = NewsletterIssue.objects.get(slug="november-news")
    assert issue.status == NewsletterIssue.Status.DRAFT
    assert list(issue.topics.all()) == [topics[0]]


def test_the_preview_is_the_email(client, site, editor, topics):
    issue = NewsletterIssueFactory(topics=topics[:1], title="Preview me")
    client.force_login(editor)

    response = client.get(f"/admin/newsletters/issue/{issue.pk}/email/")

    page = soup(response)
    assert page.title.get_text() == "Preview me"
    assert page.find("style") is None and "font-family" in page.body["style"]


def test_an_editor_sends_a_test_to_themselves(client, site, editor, topics):
    SubscriberFactory(email="reader@example.org", topics=topics[:1])
    issue = NewsletterIssueFactory(topics=topics[:1], title="Test me")
    client.force_login(editor)

    response = client.post(f"/admin/newsletters/issue/{issue.pk}/test/")

    assert response.status_code == 302
    [message] = mail.outbox
    assert (message.to, message.subject) == ([editor.email], "[TEST] Test me")
    assert not issue.deliveries.exists()  # a test is not a send


def test_an_editor_cannot_approve_and_sees_no_send_button(client, site, editor, topics):
    issue = NewsletterIssueFactory(topics=topics[:1])
    client.force_login(editor)

    inspect = soup(client.get(f"{ISSUES}inspect/{issue.pk}/"))
    response = client.post(f"/admin/newsletters/issue/{issue.pk}/approve/")

    assert not inspect.find("button", string="Approve and send")
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's refusal
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.DRAFT


def test_a_moderator_approves_and_the_progress_shows(client, site, moderator, topics):
    for n in range(3):
        SubscriberFactory(email=f"r{n}@example.org", topics=topics[:1])
    issue = NewsletterIssueFactory(topics=topics[:1])
    client.force_login(moderator)
    inspect = soup(client.get(f"{ISSUES}inspect/{issue.pk}/"))
    assert inspect.find("button", string="Approve and send")

    response = client.post(f"/admin/newsletters/issue/{issue.pk}/approve/")

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    assert len(mail.outbox) == 3
    progress = soup(client.get(f"{ISSUES}inspect/{issue.pk}/"))
    counts = progress.find("dl")
    values = {dt.get_text(): dt.find_next("dd").get_text() for dt in counts.find_all("dt")}
    assert values["Recipients"] == "3"
    assert values["Sent"] == "3"
    assert values["Failed"] == "0"


def test_a_persons_page_shows_what_they_were_sent(client, site, moderator, topics):
    subscriber = SubscriberFactory(email="reader@example.org", topics=topics[:1])
    DeliveryFactory(
        issue=NewsletterIssueFactory(title="Spring issue"), email=subscriber.email, status="sent"
    )
    client.force_login(moderator)

    page = soup(client.get(f"/admin/newsletters_subscribers/inspect/{subscriber.pk}/"))

    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in page.select("tbody tr")]
    assert rows[0][:2] == ["Spring issue", "Sent"]


def test_the_suppressions_list_shows_the_reasons(client, site, moderator):
    SuppressionFactory(email="gone@example.org", reason="bounce")
    SuppressionFactory(email="angry@example.org", reason="complaint")
    client.force_login(moderator)

    page = soup(client.get("/admin/newsletters_suppressions/"))

    text = page.select_one("table.listing").get_text()
    assert "Hard bounce" in text and "Complaint" in text


def test_pause_resume_and_cancel_are_offered_by_state(client, site, moderator, topics):
    issue = NewsletterIssueFactory(topics=topics[:1], status="sending")
    client.force_login(moderator)

    buttons = [
        b.get_text() for b in soup(client.get(f"{ISSUES}inspect/{issue.pk}/")).find_all("button")
    ]

    assert "Pause sending" in buttons and "Cancel" in buttons and "Approve and send" not in buttons
    services.pause(issue)
    buttons = [
        b.get_text() for b in soup(client.get(f"{ISSUES}inspect/{issue.pk}/")).find_all("button")
    ]
    assert "Resume sending" in buttons


def test_an_issue_nobody_would_receive_is_not_approved_and_the_moderator_is_told_why(
    client, site, moderator, topics
):
    issue = NewsletterIssueFactory(topics=[])  # no topic chosen: no subscriber of it
    client.force_login(moderator)

    response = client.post(f"/admin/newsletters/issue/{issue.pk}/approve/", follow=True)

    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.DRAFT  # not "sent" to no one, not archived
    shown = [li.get_text(" ", strip=True) for li in soup(response).select(".messages li")]
    assert any(text.startswith("Nobody would receive this issue") for text in shown), shown
