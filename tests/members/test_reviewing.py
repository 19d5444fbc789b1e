"""What a reviewer sees while reviewing (issue 12): duplicates, the reviewer, the applicant, an
answer returning to the reviewer who asked, and the outbox's recipients."""

import pytest

from members import services
from members.factories import ApplicationFactory, MemberOrganisationFactory
from members.models import Application
from portal import mail as outbox
from portal.factories import UserFactory
from portal.models import OutgoingEmail
from tests.html import soup
from tests.mfa import STAFF_TOTP_SECRET

pytestmark = pytest.mark.django_db
S = Application.Status
BASE = "/admin/members_applications/"


@pytest.fixture
def admin_client(client, reviewer, site):
    client.force_login(reviewer)
    return client


def test_an_approved_application_does_not_list_its_own_member_as_a_duplicate(
    admin_client, reviewer, statement
):
    app = ApplicationFactory(
        name="Safe Kids Online", website="https://safekids.example.org", status=S.UNDER_REVIEW
    )
    twin = MemberOrganisationFactory(name="Safe Kids Online!", website="https://example.com")
    services.approve_application(app, actor=reviewer)
    assert app.member is not None
    duplicates = services.find_possible_duplicates(app)
    assert duplicates["members"] == [twin]  # a real duplicate stays listed
    page = soup(admin_client.get(f"{BASE}inspect/{app.pk}/"))
    listed = page.find(id="duplicates-title").find_next("ul").select("a")
    assert [a["href"] for a in listed] == [f"/admin/members_organisations/inspect/{twin.pk}/"]


def test_the_reviewer_who_starts_a_review_is_shown_as_its_reviewer(
    admin_client, reviewer, statement
):
    app = ApplicationFactory(status=S.SUBMITTED)
    page = soup(admin_client.get(f"{BASE}inspect/{app.pk}/"))
    assert page.select_one("#review-reviewer").get_text() == "nobody yet"
    admin_client.post(f"{BASE}{app.pk}/act/start_review/", {"start_review-message": ""})
    app.refresh_from_db()
    assert app.status == S.UNDER_REVIEW and app.reviewer == reviewer
    services.approve_application(app, actor=reviewer)
    page = soup(admin_client.get(f"{BASE}inspect/{app.pk}/"))
    assert page.select_one("#review-reviewer").get_text() == reviewer.email


def test_an_assigned_reviewer_stays_when_another_reviewer_acts(reviewer, statement):
    other = UserFactory(email="other-reviewer@example.org", groups=list(reviewer.groups.all()))
    app = ApplicationFactory(status=S.SUBMITTED)
    services.assign_reviewer(app, actor=reviewer, reviewer=other)
    services.start_review(app, actor=reviewer)
    assert app.reviewer == other


@pytest.mark.parametrize(
    ("first_name", "expected"),
    [("", "applicant@example.org"), ("Ann", "Ann Applicant (applicant@example.org)")],
)
def test_the_applicants_address_is_shown_once(
    admin_client, applicant, statement, first_name, expected
):
    applicant.first_name, applicant.last_name = first_name, "Applicant" if first_name else ""
    applicant.save()
    app = ApplicationFactory(applicant=applicant, status=S.SUBMITTED)
    page = soup(admin_client.get(f"{BASE}inspect/{app.pk}/"))
    assert page.select_one("#review-applicant").get_text() == expected


def test_an_answer_returns_the_application_to_the_reviewer_who_asked(
    reviewer, statement, django_capture_on_commit_callbacks
):
    UserFactory(email="second-reviewer@example.org", groups=list(reviewer.groups.all()))
    app = ApplicationFactory(status=S.SUBMITTED)
    services.request_information(app, actor=reviewer, message="Which countries?")
    assert app.reviewer == reviewer
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_information_request(app, actor=app.applicant, message="Kenya.")
    assert (app.status, app.reviewer) == (S.UNDER_REVIEW, reviewer)
    # The reviewer continues the review where it was: approving needs no new start.
    services.approve_application(app, actor=reviewer)
    assert app.status == S.APPROVED
    notes = OutgoingEmail.objects.filter(category="members.application_submitted_reviewers")
    answer_note = notes.filter(idempotency_key__contains=":submitted-reviewers:").order_by("-pk")
    assert [e.to for e in answer_note[:1]] == [[reviewer.email]]


def test_an_answer_without_a_reviewer_goes_to_the_one_who_asked(reviewer, statement):
    app = ApplicationFactory(status=S.SUBMITTED)
    services.request_information(app, actor=reviewer, message="Which countries?")
    app.reviewer = None
    app.save(update_fields=["reviewer"])
    services.answer_information_request(app, actor=app.applicant, message="Kenya.")
    assert (app.status, app.reviewer) == (S.UNDER_REVIEW, reviewer)


def test_the_outbox_shows_recipients_as_addresses_not_a_python_list(
    client, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = outbox.queue_email(
            to="someone@example.org",
            subject="Your application was received",
            body_text="We will review it.",
            category="members.application_submitted",
        )
    client.force_login(
        UserFactory(email="root@example.org", is_superuser=True, totp_secret=STAFF_TOTP_SECRET)
    )
    for url in ("/admin/outgoing_email/", f"/admin/outgoing_email/inspect/{email.pk}/"):
        text = soup(client.get(url)).get_text(" ")
        assert "someone@example.org" in text, url
        assert "['someone@example.org']" not in text, url
