"""Membership's part of privacy: the export, account deletion (applications kept anonymised),
retention of closed applications and expired invitations, and the audit log of membership
decisions (Reports → Site history)."""

import io
import json
import os
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from members import services, tasks
from members.factories import (
    ApplicationContactFactory,
    ApplicationFactory,
    MemberContactFactory,
    MemberOrganisationFactory,
)
from members.models import (
    Application,
    ApplicationContact,
    ContactInvitation,
    MemberContact,
    MemberOrganisation,
)
from portal.factories import UserFactory
from portal.mail import queue_email
from portal.models import OutgoingEmail
from portal.privacy.services import AccountDeletionBlocked, delete_account, export_data
from tests.html import soup
from tests.mfa import STAFF_TOTP_SECRET

pytestmark = pytest.mark.django_db
S = Application.Status
EMAIL, ALT = "zebulon.quill@example.org", "zq.alt@example.net"


@pytest.fixture
def person(db):
    user = UserFactory(email=EMAIL, first_name="Zebulon", last_name="Quillfeather")
    EmailAddress.objects.create(user=user, email=ALT, verified=True, primary=False)
    return user


def rows_mentioning(trace):
    """Every row of every table, as ``dumpdata`` writes it, that mentions ``trace``."""
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    rows = json.loads(out.getvalue())
    return [row for row in rows if trace.casefold() in json.dumps(row).casefold()]


@pytest.fixture
def history(person, reviewer, statement):
    """A person with something of everything membership keeps."""
    approved_member = MemberOrganisationFactory(name="Kept Member")
    MemberContactFactory(organisation=approved_member, role=MemberContact.Role.PRIMARY)
    MemberContactFactory(organisation=approved_member, user=person, job_title="Adviser")
    approved = ApplicationFactory(
        applicant=person, name="Kept Member", status=S.APPROVED, member=approved_member
    )
    declined = ApplicationFactory(applicant=person, name="Declined Org", status=S.DECLINED)
    ApplicationContactFactory(application=declined, name="Zebulon Q.", email=ALT.upper())
    open_app = ApplicationFactory(applicant=person, name="Open Org", status=S.SUBMITTED)
    services.assign_reviewer(open_app, actor=reviewer, reviewer=reviewer)
    services.request_information(open_app, actor=reviewer, message="Send your statutes.")
    services.answer_information_request(
        open_app, actor=person, message=f"Attached; write to {EMAIL} if anything is missing."
    )
    draft = ApplicationFactory(applicant=person, country=True, status=S.DRAFT)
    someone_else = ApplicationFactory(name="Other Org", status=S.SUBMITTED, contact_email=EMAIL)
    other_member = MemberOrganisationFactory(name="Inviting Member")
    ContactInvitation.objects.create(organisation=other_member, email=EMAIL)
    Authenticator.objects.create(
        user=person, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    queue_email(to=EMAIL, subject="Hello Zebulon", body_text=f"Dear {EMAIL}")
    queue_email(to="someone@example.org", subject="Unrelated", body_text="Hello")
    log(instance=person, action="wagtail.edit", user=reviewer)  # the Users admin, say
    return {
        "approved": approved,
        "declined": declined,
        "open": open_app,
        "draft": draft,
        "someone_else": someone_else,
        "member": approved_member,
    }


def test_export_holds_every_section_and_no_secret(history, person):
    data = export_data(person)
    sections = data["sections"]
    assert list(sections)[:3] == ["account", "email_addresses", "second_factors"]
    assert sections["account"]["email"] == EMAIL
    assert {a["email"] for a in sections["email_addresses"]} == {EMAIL, ALT}
    assert [sorted(f) for f in sections["second_factors"]] == [
        ["created_at", "last_used_at", "type"]
    ]
    assert sections["second_factors"][0]["type"] == "totp"
    names = {a["name"] for a in sections["applications"]}
    assert names == {"Kept Member", "Declined Org", "Open Org", "Ministry of Communications"}
    country = next(a for a in sections["applications"] if a["kind"] == "country")
    assert country["endorsement_letter"] == {"file_name": "letter.pdf"}
    answered = next(a for a in sections["applications"] if a["name"] == "Open Org")
    assert [h["action"] for h in answered["history"]] == ["request_information", "answer"]
    assert answered["history"][1]["by_you"] is True
    assert sections["memberships"] == [
        {
            "organisation": "Kept Member",
            "slug": "kept-member",
            "kind": "organisation",
            "membership_status": "active",
            "role": "contact",
            "job_title": "Adviser",
            "since": sections["memberships"][0]["since"],
        }
    ]
    assert [i["organisation"] for i in sections["invitations"]] == ["Inviting Member"]
    text = repr(data)
    assert "JBSWY3DPEHPK3PXP" not in text
    assert person.password not in text


def test_deleting_an_account_keeps_applications_anonymised_and_the_address_nowhere(
    history, person, reviewer, django_capture_on_commit_callbacks
):
    letter = history["draft"].endorsement_letter.path
    assert os.path.exists(letter)
    assert rows_mentioning(EMAIL)

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(person)

    assert not get_user_model().objects.filter(pk=person.pk).exists()
    assert not os.path.exists(letter)
    assert not Application.objects.filter(pk=history["draft"].pk).exists()
    kept = Application.objects.filter(
        pk__in=[history[k].pk for k in ("approved", "declined", "open")]
    )
    assert {a.status for a in kept} == {S.APPROVED, S.DECLINED, S.WITHDRAWN}
    assert all(a.applicant_id is None and a.contact_email == "" for a in kept)
    withdrawn = Application.objects.get(pk=history["open"].pk)
    assert [e.action for e in withdrawn.events.all()][-1] == "withdraw"
    assert "[removed]" in withdrawn.events.get(action="answer").message
    assert OutgoingEmail.objects.filter(category="members.withdrawn", to=[reviewer.email]).exists()
    assert OutgoingEmail.objects.filter(to=["someone@example.org"]).exists()
    assert ApplicationContact.objects.get(application=history["declined"]).email == ""
    assert Application.objects.get(pk=history["someone_else"].pk).contact_email == ""
    assert (
        not MemberContact.objects.filter(organisation=history["member"])
        .exclude(role=MemberContact.Role.PRIMARY)
        .exists()
    )
    assert not ContactInvitation.objects.exists()

    for trace in (ALT, "Quillfeather"):
        assert rows_mentioning(trace) == []
    # Intended: what the person wrote to the secretariat stays in the e-mail the reviewers were
    # sent, until the outbox's own retention clears sent bodies.
    assert [(r["model"], r["fields"]["to"]) for r in rows_mentioning(EMAIL)] == [
        ("portal.outgoingemail", [reviewer.email])
    ]


def test_a_primary_contact_of_an_active_member_is_told_to_hand_over_first(person):
    member = MemberOrganisationFactory(name="Held Member")
    MemberContactFactory(organisation=member, user=person, role=MemberContact.Role.PRIMARY)
    with pytest.raises(AccountDeletionBlocked) as raised:
        delete_account(person)
    assert "primary contact of Held Member" in raised.value.messages[0]
    assert get_user_model().objects.filter(pk=person.pk).exists()

    member.status = MemberOrganisation.Status.ENDED
    member.save()
    delete_account(person)
    assert not MemberContact.objects.filter(organisation=member).exists()


# --- Retention -----------------------------------------------------------------------------


def test_closed_applications_and_their_letters_go_after_the_retention_period(
    settings, django_capture_on_commit_callbacks
):
    settings.PRIVACY_CLOSED_APPLICATION_DAYS = 30
    old = timezone.now() - timedelta(days=31)
    declined = ApplicationFactory(country=True, status=S.DECLINED, status_changed_at=old)
    ApplicationContactFactory(application=declined)
    withdrawn = ApplicationFactory(status=S.WITHDRAWN, status_changed_at=old)
    recent = ApplicationFactory(status=S.DECLINED)
    approved = ApplicationFactory(status=S.APPROVED, status_changed_at=old)
    open_app = ApplicationFactory(status=S.SUBMITTED, status_changed_at=old)
    letter = declined.endorsement_letter.path

    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.purge_closed_applications.apply()

    assert result.get() == 2
    assert not Application.objects.filter(pk__in=[declined.pk, withdrawn.pk]).exists()
    assert set(Application.objects.values_list("pk", flat=True)) == {
        recent.pk,
        approved.pk,
        open_app.pk,
    }
    assert not ApplicationContact.objects.filter(application_id=declined.pk).exists()
    assert not os.path.exists(letter)


def test_expired_invitations_go_after_the_retention_period(settings):
    settings.MEMBERS_INVITATION_MAX_AGE_DAYS = 14
    settings.PRIVACY_EXPIRED_INVITATION_DAYS = 10
    member = MemberOrganisationFactory()
    old = timezone.now() - timedelta(days=25)
    expired = ContactInvitation.objects.create(organisation=member, email="a@example.org")
    accepted = ContactInvitation.objects.create(
        organisation=member, email="b@example.org", accepted_at=old
    )
    recent = ContactInvitation.objects.create(organisation=member, email="c@example.org")
    ContactInvitation.objects.filter(pk__in=[expired.pk, accepted.pk]).update(created_at=old)
    ContactInvitation.objects.filter(pk=recent.pk).update(
        created_at=timezone.now() - timedelta(days=23)
    )

    assert tasks.purge_expired_invitations.apply().result == 1
    assert set(ContactInvitation.objects.values_list("pk", flat=True)) == {accepted.pk, recent.pk}


# --- Audit log ------------------------------------------------------------------------------


def log_entries(member):
    entries = ModelLogEntry.objects.for_instance(member).order_by("pk")
    return [(e.action, e.message) for e in entries]


def test_membership_decisions_are_written_to_the_audit_log(reviewer):
    member = MemberOrganisationFactory(name="Logged Member")
    primary = MemberContactFactory(
        organisation=member, role=MemberContact.Role.PRIMARY, user__first_name="Ada",
        user__last_name="Primary",
    )  # fmt: skip
    colleague = UserFactory(first_name="Bo", last_name="Colleague")
    other = UserFactory(first_name="Cy", last_name="Other")

    services.add_contact(member, colleague, actor=primary.user)
    services.add_contact(member, other, actor=primary.user)
    services.hand_over_primary(
        member, actor=primary.user, contact=MemberContact.objects.get(user=colleague)
    )
    services.remove_contact(member, actor=colleague, contact=MemberContact.objects.get(user=other))
    services.suspend_membership(member, actor=reviewer)
    services.reinstate_membership(member, actor=reviewer)
    services.end_membership(member, actor=reviewer)

    assert log_entries(member) == [
        ("members.add_contact", "Bo Colleague became a contact (Contact)"),
        ("members.add_contact", "Cy Other became a contact (Contact)"),
        (
            "members.hand_over_primary",
            "Primary contact role handed over from Ada Primary to Bo Colleague",
        ),
        ("members.remove_contact", "Cy Other removed as a contact (Contact)"),
        ("members.suspend", "Membership suspended"),
        ("members.reinstate", "Membership reinstated"),
        ("members.end", "Membership ended"),
    ]
    entry = ModelLogEntry.objects.get(action="members.suspend")
    assert entry.user_id == reviewer.pk
    assert entry.data == {"from": "active", "to": "suspended", "contacts": 2}

    # A deleted person's name is nowhere in the log: the report says so instead.
    delete_account(other)
    assert ("members.remove_contact", "A deleted account removed as a contact (Contact)") in (
        log_entries(member)
    )


def test_site_history_lists_membership_decisions_for_a_superuser(client, site, reviewer):
    member = MemberOrganisationFactory(name="Reported Member")
    services.suspend_membership(member, actor=reviewer)
    admin = UserFactory(
        email="root@example.org", is_superuser=True, is_staff=True, totp_secret=STAFF_TOTP_SECRET
    )
    client.force_login(admin)

    page = soup(client.get("/admin/reports/site-history/results/"))
    rows = [" ".join(r.get_text(" ", strip=True).split()) for r in page.select("tbody tr")]
    assert any("Reported Member" in r and "Membership suspended" in r for r in rows), rows

    filtered = soup(client.get("/admin/reports/site-history/results/?action=members.suspend"))
    assert "Reported Member" in filtered.get_text()


def test_reviewers_see_an_anonymised_application_as_from_a_deleted_account(
    client, site, reviewer, person, statement
):
    app = ApplicationFactory(applicant=person, name="Declined Org", status=S.DECLINED)
    delete_account(person)
    client.force_login(reviewer)
    page = soup(client.get(f"/admin/members_applications/inspect/{app.pk}/"))
    assert page.select_one("#review-applicant-deleted") is not None
    assert "Declined Org" in page.get_text()
