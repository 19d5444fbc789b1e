"""E-mails of the workflow and of the periodic tasks: each one exactly once, whatever reruns."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from members import services, tasks
from members.factories import ApplicationFactory, MemberContactFactory, MemberOrganisationFactory
from members.models import Application, MemberOrganisation, add_years
from members.services import applications
from portal.models import OutgoingEmail
from portal.tasks import send_email

pytestmark = pytest.mark.django_db(transaction=True)
S = Application.Status


def _deliver_all_twice():
    """Deliver every stored message, then try again (a retried or duplicated task)."""
    for pk in OutgoingEmail.objects.values_list("pk", flat=True):
        send_email.apply(args=[pk])
        send_email.apply(args=[pk])


def _categories():
    return sorted(OutgoingEmail.objects.values_list("category", flat=True))


def test_submission_mails_the_applicant_and_every_reviewer_once(reviewer, statement):
    app = ApplicationFactory()
    mail.outbox.clear()
    event = services.submit_application(app, actor=app.applicant)
    # A rerun of the notification (a retried task, a double click) changes nothing.
    services.notify_application_event(event)
    services.notify_application_event(event)
    _deliver_all_twice()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([app.applicant.email, reviewer.email])
    to_applicant = next(m for m in mail.outbox if m.to == [app.applicant.email])
    assert to_applicant.subject.startswith("We received your application")
    assert f"/dashboard/applications/{app.pk}/" in to_applicant.body
    html = to_applicant.alternatives[0][0]
    assert f"/dashboard/applications/{app.pk}/" in html
    to_reviewer = next(m for m in mail.outbox if m.to == [reviewer.email])
    assert f"/admin/members_applications/inspect/{app.pk}/" in to_reviewer.body
    assert all(e.status == OutgoingEmail.Status.SENT for e in OutgoingEmail.objects.all())


@pytest.mark.parametrize(
    ("start", "call", "category", "text"),
    [
        (S.SUBMITTED, "request_information", "members.information_requested", "Which laws?"),
        (S.UNDER_REVIEW, "approve_application", "members.approved", "Welcome to the alliance"),
        (S.UNDER_REVIEW, "decline_application", "members.declined", "Out of scope."),
    ],
)
def test_each_decision_mails_once(start, call, category, text, reviewer, statement):
    app = ApplicationFactory(status=start)
    message = text if call != "approve_application" else ""
    event = getattr(services, call)(app, actor=reviewer, message=message)
    services.notify_application_event(event)
    _deliver_all_twice()
    assert _categories() == [category]
    [sent] = mail.outbox
    assert sent.to == [app.applicant.email]
    assert text in sent.body


def test_withdrawal_mails_the_applicant_and_the_reviewer(reviewer, statement):
    app = ApplicationFactory(status=S.UNDER_REVIEW, reviewer=reviewer)
    services.withdraw_application(app, actor=app.applicant, message="We merged.")
    _deliver_all_twice()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([app.applicant.email, reviewer.email])
    assert all("We merged." in m.body for m in mail.outbox)


def test_discarding_a_draft_sends_nothing(statement):
    app = ApplicationFactory()
    services.withdraw_application(app, actor=app.applicant)
    assert app.status == S.WITHDRAWN
    assert not OutgoingEmail.objects.exists()


def test_a_rolled_back_transition_sends_nothing(reviewer, statement, monkeypatch):
    app = ApplicationFactory(status=S.UNDER_REVIEW)
    monkeypatch.setattr(applications, "_create_member", lambda *a: (_ for _ in ()).throw(OSError()))
    with pytest.raises(OSError):
        services.approve_application(app, actor=reviewer)
    assert not OutgoingEmail.objects.exists()
    assert not mail.outbox


def test_reviewer_reminder_is_daily_and_once_per_day(reviewer, statement, settings):
    settings.MEMBERS_REVIEW_REMINDER_DAYS = 10
    old = timezone.now() - timedelta(days=11)
    waiting = ApplicationFactory(status=S.SUBMITTED, status_changed_at=old, name="Old one")
    ApplicationFactory(status=S.SUBMITTED, name="Fresh one")
    ApplicationFactory(status=S.INFORMATION_REQUESTED, status_changed_at=old, name="Not ours")
    for _ in range(3):
        tasks.remind_reviewers_of_waiting_applications.apply()
    _deliver_all_twice()
    [sent] = mail.outbox
    assert sent.to == [reviewer.email]
    assert str(waiting) in sent.body
    assert "Fresh one" not in sent.body and "Not ours" not in sent.body
    # Another day, another reminder.
    services.remind_reviewers(today=timezone.localdate() + timedelta(days=1))
    assert OutgoingEmail.objects.filter(category="members.reviewers_reminder").count() == 2


def test_applicant_reminder_once_per_information_request(reviewer, statement, settings):
    settings.MEMBERS_INFORMATION_REMINDER_DAYS = 7
    app = ApplicationFactory(status=S.SUBMITTED)
    services.request_information(app, actor=reviewer, message="Send the statutes.")
    Application.objects.filter(pk=app.pk).update(
        status_changed_at=timezone.now() - timedelta(days=8)
    )
    for _ in range(3):
        tasks.remind_applicants_of_information_requests.apply()
    reminders = OutgoingEmail.objects.filter(category="members.information_reminder")
    assert [r.to for r in reminders] == [[app.applicant.email]]
    assert "Send the statutes." in reminders[0].body_text


def test_commitment_renewal_reminds_before_and_flags_the_lapse_once(reviewer, statement):
    today = timezone.localdate()
    member = MemberOrganisationFactory(commitment_endorsed_on=add_years(today, -1) + timedelta(10))
    contact = MemberContactFactory(organisation=member)
    MemberOrganisationFactory(commitment_endorsed_on=today - timedelta(days=100))  # not yet

    for _ in range(2):
        tasks.check_commitment_renewals.apply()
    reminders = OutgoingEmail.objects.filter(category="members.renewal_reminder")
    assert [r.to for r in reminders] == [[contact.user.email]]

    after_due = today + timedelta(days=11)
    for _ in range(2):
        result = services.check_commitment_renewals(today=after_due)
    member.refresh_from_db()
    assert member.commitment_lapsed_on == member.commitment_due_on
    assert result == {"reminded": 0, "lapsed": 0}  # the second run finds nothing new
    flags = OutgoingEmail.objects.filter(category="members.renewal_lapsed")
    assert [f.to for f in flags] == [[reviewer.email]]

    # Renewing clears the flag and starts a new year.
    services.renew_commitment(member, actor=contact.user)
    member.refresh_from_db()
    assert member.commitment_lapsed_on is None and member.commitment_endorsed_on == today
    assert member.commitment == statement


def test_ended_members_get_no_renewal_reminder(reviewer, statement):
    today = timezone.localdate()
    member = MemberOrganisationFactory(
        commitment_endorsed_on=add_years(today, -1) + timedelta(5),
        status=MemberOrganisation.Status.ENDED,
    )
    MemberContactFactory(organisation=member)
    services.check_commitment_renewals()
    assert not OutgoingEmail.objects.exists()
