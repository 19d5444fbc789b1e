"""The application workflow: every transition, valid and invalid, and what approval does."""

import itertools

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from members import services
from members.factories import (
    ApplicationContactFactory,
    ApplicationFactory,
    MemberContactFactory,
    MemberOrganisationFactory,
)
from members.models import (
    Application,
    ApplicationEvent,
    ContactInvitation,
    MemberContact,
    MemberOrganisation,
)
from members.services import applications
from portal.factories import UserFactory
from portal.models import OutgoingEmail
from portal.roles import MEMBERS

pytestmark = pytest.mark.django_db
S = Application.Status

VALID = {
    (S.DRAFT, S.SUBMITTED),
    (S.DRAFT, S.WITHDRAWN),
    (S.SUBMITTED, S.UNDER_REVIEW),
    (S.SUBMITTED, S.INFORMATION_REQUESTED),
    (S.SUBMITTED, S.DECLINED),
    (S.SUBMITTED, S.WITHDRAWN),
    (S.UNDER_REVIEW, S.INFORMATION_REQUESTED),
    (S.UNDER_REVIEW, S.APPROVED),
    (S.UNDER_REVIEW, S.DECLINED),
    (S.UNDER_REVIEW, S.WITHDRAWN),
    (S.INFORMATION_REQUESTED, S.UNDER_REVIEW),
    (S.INFORMATION_REQUESTED, S.DECLINED),
    (S.INFORMATION_REQUESTED, S.WITHDRAWN),
}
ALL_PAIRS = list(itertools.product(S.values, S.values))


def test_the_table_is_exactly_the_designed_workflow():
    assert set(services.TRANSITIONS) == VALID


def _actor_for(app, to_status, reviewer):
    _action, role = services.TRANSITIONS[(app.status, to_status)]
    return app.applicant if role == services.APPLICANT else reviewer


@pytest.mark.parametrize(("from_status", "to_status"), sorted(VALID))
def test_every_valid_transition_is_recorded(from_status, to_status, reviewer, statement):
    app = ApplicationFactory(status=from_status)
    actor = _actor_for(app, to_status, reviewer)
    event = services.transition(app, to_status, actor=actor, message="Because.")
    assert app.status == to_status
    assert Application.objects.get(pk=app.pk).status == to_status
    assert (event.from_status, event.to_status, event.actor) == (from_status, to_status, actor)
    assert event.message == "Because."
    assert event.action == services.TRANSITIONS[(from_status, to_status)][0]
    assert ApplicationEvent.objects.filter(application=app).count() == 1


@pytest.mark.parametrize(("from_status", "to_status"), [p for p in ALL_PAIRS if p not in VALID])
def test_every_invalid_transition_is_refused_and_changes_nothing(
    from_status, to_status, reviewer, statement
):
    app = ApplicationFactory(status=from_status)
    with pytest.raises(services.InvalidTransition) as info:
        services.transition(app, to_status, actor=reviewer, message="x")
    assert str(S(from_status).label) in str(info.value)
    assert str(S(to_status).label) in str(info.value)
    assert Application.objects.get(pk=app.pk).status == from_status
    assert not ApplicationEvent.objects.exists()
    assert not OutgoingEmail.objects.exists()


@pytest.mark.parametrize(("from_status", "to_status"), sorted(VALID))
def test_the_wrong_person_cannot_make_a_transition(from_status, to_status, reviewer, statement):
    app = ApplicationFactory(status=from_status)
    _action, role = services.TRANSITIONS[(from_status, to_status)]
    stranger = UserFactory(email="stranger@example.org")
    wrong = reviewer if role == services.APPLICANT else app.applicant
    for actor in (stranger, wrong):
        with pytest.raises(services.NotAllowed):
            services.transition(app, to_status, actor=actor, message="x")
    assert Application.objects.get(pk=app.pk).status == from_status


def test_messages_are_required_where_the_applicant_needs_them(reviewer, statement):
    app = ApplicationFactory(status=S.SUBMITTED)
    with pytest.raises(services.MembershipError, match="what information"):
        services.request_information(app, actor=reviewer, message="  ")
    with pytest.raises(services.MembershipError, match="reason"):
        services.decline_application(app, actor=reviewer, message="")
    assert app.events.count() == 0


def test_an_incomplete_application_cannot_be_submitted(statement):
    app = ApplicationFactory(description="", commitment=None, contact_phone="")
    with pytest.raises(services.IncompleteApplication) as info:
        services.submit_application(app, actor=app.applicant)
    assert "Describe the applicant." in info.value.errors
    assert "Endorse the statement of commitments." in info.value.errors
    assert "Give the primary contact's phone number." in info.value.errors
    assert Application.objects.get(pk=app.pk).status == S.DRAFT


def test_a_newer_statement_must_be_endorsed_again(statement):
    from members.factories import CommitmentStatementFactory

    app = ApplicationFactory(commitment=statement)
    newer = CommitmentStatementFactory(title="Statement of commitments, revised")
    assert newer.version == statement.version + 1
    with pytest.raises(services.IncompleteApplication, match="has changed"):
        services.submit_application(app, actor=app.applicant)
    services.endorse_commitment(app, newer)
    services.submit_application(app, actor=app.applicant)
    assert Application.objects.get(pk=app.pk).commitment == newer


def test_submission_sets_submitted_at_once(statement, reviewer):
    app = ApplicationFactory()
    services.submit_application(app, actor=app.applicant)
    first = app.submitted_at
    services.request_information(app, actor=reviewer, message="Which countries?")
    services.answer_information_request(app, actor=app.applicant, message="Kenya and Uganda.")
    assert app.status == S.UNDER_REVIEW and app.submitted_at == first
    actions = list(app.events.values_list("action", flat=True))
    assert actions == ["submit", "request_information", "answer"]


def test_a_country_that_is_a_member_cannot_apply_or_be_approved(reviewer, statement):
    app = ApplicationFactory(country=True, state="GH", status=S.UNDER_REVIEW)
    MemberOrganisationFactory(name="Ghana", kind="country", country="GH")
    with pytest.raises(services.MembershipError, match="Ghana is already a member"):
        services.approve_application(app, actor=reviewer)
    draft = ApplicationFactory(country=True, state="GH")
    with pytest.raises(services.IncompleteApplication, match="Ghana is already a member"):
        services.submit_application(draft, actor=draft.applicant)


def test_a_country_with_an_open_application_is_refused(statement):
    ApplicationFactory(country=True, state="SN", status=S.SUBMITTED)
    draft = ApplicationFactory(country=True, state="SN")
    with pytest.raises(services.IncompleteApplication, match="already being reviewed"):
        services.submit_application(draft, actor=draft.applicant)


def test_assigning_a_reviewer_is_recorded_but_hidden_from_the_applicant(reviewer, statement):
    app = ApplicationFactory(status=S.SUBMITTED)
    event = services.assign_reviewer(app, actor=reviewer, reviewer=reviewer)
    assert app.reviewer == reviewer
    assert event.from_status == event.to_status == S.SUBMITTED
    assert not event.visible_to_applicant
    with pytest.raises(services.MembershipError, match="not a membership reviewer"):
        services.assign_reviewer(app, actor=reviewer, reviewer=app.applicant)


def test_approval_creates_the_member_its_contacts_and_access_in_one_go(reviewer, statement):
    colleague = UserFactory(email="colleague@example.org")
    app = ApplicationFactory(
        status=S.UNDER_REVIEW,
        name="Safe Kids Online",
        website="https://safekids.example.org",
        headquarters="KE",
        contact_email="director@example.org",
    )
    ApplicationContactFactory(application=app, email="Colleague@example.org", name="Col")
    ApplicationContactFactory(application=app, email="newcomer@example.org", name="New")

    services.approve_application(app, actor=reviewer, message="Welcome!")

    member = app.member
    assert (member.name, member.kind, member.country.code, member.region) == (
        "Safe Kids Online",
        "organisation",
        "KE",
        "002",
    )
    assert member.website == "https://safekids.example.org"
    assert member.status == MemberOrganisation.Status.ACTIVE
    assert member.commitment == statement
    contacts = {c.user.email: c.role for c in member.contacts.select_related("user")}
    # The named primary contact has no account yet: invited as the primary contact, while the
    # applicant is a contact like the others.
    assert contacts == {app.applicant.email: "contact", colleague.email: "contact"}
    members_group = Group.objects.get(name=MEMBERS)
    assert set(members_group.user_set.all()) == {app.applicant, colleague}
    invited = dict(ContactInvitation.objects.values_list("email", "role"))
    assert invited == {"director@example.org": "primary", "newcomer@example.org": "contact"}
    welcome = OutgoingEmail.objects.filter(category="members.approved")
    assert sorted(e.to[0] for e in welcome) == sorted([app.applicant.email, colleague.email])
    assert "Welcome!" in welcome[0].body_text


def test_the_primary_contact_named_by_the_application_becomes_primary(reviewer, statement):
    """Not the applicant, unless the application names them: an account holder at once, someone
    without an account when they accept their invitation."""
    director = UserFactory(email="director@example.org")
    app = ApplicationFactory(status=S.UNDER_REVIEW, contact_email="Director@example.org")
    services.approve_application(app, actor=reviewer)
    roles = {c.user.email: c.role for c in app.member.contacts.select_related("user")}
    assert roles == {director.email: "primary", app.applicant.email: "contact"}

    later = ApplicationFactory(status=S.UNDER_REVIEW, contact_email="head@example.org")
    services.approve_application(later, actor=reviewer)
    member = later.member
    assert not member.contacts.filter(role=MemberContact.Role.PRIMARY).exists()
    invitation = ContactInvitation.objects.get(organisation=member, email="head@example.org")
    assert invitation.role == MemberContact.Role.PRIMARY
    head = UserFactory(email="head@example.org")
    contact = services.accept_invitation(invitation, head)
    assert contact.is_primary
    roles = {c.user.email: c.role for c in member.contacts.select_related("user")}
    assert roles == {head.email: "primary", later.applicant.email: "contact"}

    own = ApplicationFactory(status=S.UNDER_REVIEW)  # names the applicant (the factory's default)
    services.approve_application(own, actor=reviewer)
    assert own.member.contacts.get().user == own.applicant
    assert own.member.contacts.get().is_primary


def test_a_primary_invitation_accepted_after_a_hand_over_adds_a_contact(reviewer, statement):
    app = ApplicationFactory(status=S.UNDER_REVIEW, contact_email="head@example.org")
    services.approve_application(app, actor=reviewer)
    member = app.member
    MemberContact.objects.filter(organisation=member, user=app.applicant).update(
        role=MemberContact.Role.PRIMARY
    )
    invitation = ContactInvitation.objects.get(organisation=member)
    contact = services.accept_invitation(invitation, UserFactory(email="head@example.org"))
    assert contact.role == MemberContact.Role.CONTACT


def test_approval_rolls_back_entirely_when_it_fails(reviewer, statement, monkeypatch):
    app = ApplicationFactory(status=S.UNDER_REVIEW)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    # Approval looks ``add_contact`` up where it is defined: in the applications module.
    monkeypatch.setattr(applications, "add_contact", broken)
    with pytest.raises(RuntimeError):
        services.approve_application(app, actor=reviewer)
    assert Application.objects.get(pk=app.pk).status == S.UNDER_REVIEW
    assert not MemberOrganisation.objects.exists()
    assert not ApplicationEvent.objects.exists()
    assert not OutgoingEmail.objects.exists()


@pytest.mark.parametrize("action", ["suspend", "end"])
def test_suspending_or_ending_removes_member_access_at_once(action, reviewer):
    member = MemberOrganisationFactory()
    other = MemberOrganisationFactory()
    only_here = MemberContactFactory(organisation=member).user
    also_other = MemberContactFactory(organisation=member).user
    services.add_contact(member, only_here)
    services.add_contact(member, also_other)
    services.add_contact(other, also_other)
    group = Group.objects.get(name=MEMBERS)
    assert set(group.user_set.all()) == {only_here, also_other}

    getattr(services, f"{action}_membership")(member, actor=reviewer)

    assert set(group.user_set.all()) == {also_other}
    assert not services.has_member_access(only_here)
    if action == "suspend":
        services.reinstate_membership(member, actor=reviewer)
        assert set(group.user_set.all()) == {only_here, also_other}
    else:
        with pytest.raises(services.MembershipError, match="cannot become"):
            services.reinstate_membership(member, actor=reviewer)


def test_only_reviewers_change_a_membership(member):
    org = MemberOrganisationFactory()
    with pytest.raises(services.NotAllowed):
        services.suspend_membership(org, actor=member)
    assert MemberOrganisation.objects.get(pk=org.pk).status == "active"


def test_contacts_hand_over_the_primary_role_and_remove_contacts():
    org = MemberOrganisationFactory()
    primary = MemberContactFactory(organisation=org, role=MemberContact.Role.PRIMARY)
    second = MemberContactFactory(organisation=org)
    with pytest.raises(services.NotAllowed, match="Only the primary contact"):
        services.hand_over_primary(org, actor=second.user, contact=second)
    with pytest.raises(services.MembershipError, match="hand the role over"):
        services.remove_contact(org, actor=second.user, contact=primary)
    services.hand_over_primary(org, actor=primary.user, contact=second)
    roles = dict(org.contacts.values_list("user__email", "role"))
    assert roles == {primary.user.email: "contact", second.user.email: "primary"}
    primary.refresh_from_db()
    services.remove_contact(org, actor=second.user, contact=primary)
    assert list(org.contacts.all()) == [MemberContact.objects.get(pk=second.pk)]
    stranger = UserFactory()
    with pytest.raises(services.NotAllowed):
        services.remove_contact(org, actor=stranger, contact=second)
    assert not mail.outbox
