"""The contacts of member organisations: who they are, member access (the Members group) for
contacts of active members, invitations, removal and the hand-over of the primary contact's role.

Changes go to Wagtail's audit log on the member organisation (see ``members.services.membership``).
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.identity import absolute_url
from portal.roles import MEMBERS

from ..models import (
    ContactInvitation,
    MemberContact,
    MemberOrganisation,
)
from .errors import MembershipError, NotAllowed
from .notifications import queue_emails

LOG_ADD_CONTACT, LOG_REMOVE_CONTACT = "members.add_contact", "members.remove_contact"
LOG_HAND_OVER = "members.hand_over_primary"
INVITATION_SALT = "members.invitation"


def user_for_email(email):
    """The active account whose verified address is ``email``, if there is one."""
    address = (
        EmailAddress.objects.filter(email__iexact=email, verified=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    return address.user if address else None


def add_contact(member, user, *, role=MemberContact.Role.CONTACT, job_title="", actor=None):
    contact, created = MemberContact.objects.get_or_create(
        organisation=member, user=user, defaults={"role": role, "job_title": job_title}
    )
    if created:
        log(
            instance=member,
            action=LOG_ADD_CONTACT,
            user=actor,
            data={"contact_id": user.pk, "role": contact.role},
        )
    if member.is_active:
        user.groups.add(Group.objects.get(name=MEMBERS))
    return contact


def has_member_access(user):
    return MemberContact.objects.filter(
        user=user, organisation__status=MemberOrganisation.Status.ACTIVE
    ).exists()


def contacts_for_request(request):
    """The signed-in person's contacts (``MemberContact``, each with its organisation), by the
    organisation's name: one query, read once per request and shared by whatever on the page
    asks (``/dashboard/`` and its sections: organisations, self-assessments, newsletter)."""
    contacts = getattr(request, "member_contacts", None)
    if contacts is None:
        contacts = list(
            MemberContact.objects.filter(user=request.user)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        request.member_contacts = contacts
    return contacts


def sync_member_access(users):
    """Members group for exactly the given users who are contacts of an active member."""
    group = Group.objects.get(name=MEMBERS)
    for user in users:
        if has_member_access(user):
            user.groups.add(group)
        else:
            user.groups.remove(group)


def contact_of(member, user):
    """The ``MemberContact`` of ``user`` for ``member``, or raise ``NotAllowed``."""
    contact = MemberContact.objects.filter(organisation=member, user=user).first()
    if contact is None:
        raise NotAllowed(_("Only the member's contacts can do this."))
    return contact


def invitation_token(invitation):
    return signing.TimestampSigner(salt=INVITATION_SALT).sign(str(invitation.pk))


def invitation_from_token(token):
    """The open invitation behind ``token``, or raise ``MembershipError`` saying why not."""
    max_age = timedelta(days=settings.MEMBERS_INVITATION_MAX_AGE_DAYS)
    try:
        pk = signing.TimestampSigner(salt=INVITATION_SALT).unsign(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise MembershipError(
            _("This invitation has expired: ask the member's contact to send a new one.")
        ) from exc
    except signing.BadSignature as exc:
        raise MembershipError(_("This invitation link is not valid.")) from exc
    invitation = ContactInvitation.objects.select_related("organisation").filter(pk=pk).first()
    if invitation is None:
        raise MembershipError(_("This invitation was withdrawn."))
    if invitation.accepted_at is not None:
        raise MembershipError(_("This invitation has already been accepted."))
    if not invitation.organisation.is_active:
        raise MembershipError(_("This membership is not active."))
    return invitation


def invite_contact(
    member, *, email, name="", invited_by, check=True, role=MemberContact.Role.CONTACT
):
    """Invite ``email`` to become a contact of ``member`` (its primary contact when ``role``
    says so and it has none when they accept); the link is signed and expires."""
    email = email.strip()
    if check:
        contact_of(member, invited_by)
        if not member.is_active:
            raise MembershipError(_("This membership is not active."))
        if MemberContact.objects.filter(organisation=member, user__email__iexact=email).exists():
            raise MembershipError(
                _("%(email)s is already a contact of %(member)s.")
                % {"email": email, "member": member}
            )
    invitation = ContactInvitation.objects.create(
        organisation=member, email=email, name=name, invited_by=invited_by, role=role
    )
    url = absolute_url(
        reverse("members:invitation", kwargs={"token": invitation_token(invitation)})
    )
    # The invited address may have no account yet: then the invitation is written in the
    # language of the page the invitation was sent from (``portal.mail.language_of``).
    queue_emails(
        "invitation",
        [email],
        context={
            "member": member,
            "invitation": invitation,
            "url": url,
            "days": settings.MEMBERS_INVITATION_MAX_AGE_DAYS,
        },
        key=lambda r: f"invitation:{invitation.pk}:{r}",
        secret=True,
    )
    return invitation


def accept_invitation(invitation, user):
    if not EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists():
        raise NotAllowed(
            _(
                "This invitation was sent to %(email)s: sign in with that address, or add and "
                "verify it in your account first."
            )
            % {"email": invitation.email}
        )
    with transaction.atomic():
        locked = ContactInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise MembershipError(_("This invitation has already been accepted."))
        role = locked.role
        member = invitation.organisation
        if member.contacts.filter(role=MemberContact.Role.PRIMARY).exists():
            role = MemberContact.Role.CONTACT
        contact = add_contact(member, user, role=role, actor=user)
        locked.accepted_at, locked.accepted_by = timezone.now(), user
        locked.save(update_fields=["accepted_at", "accepted_by"])
    return contact


def remove_contact(member, *, actor, contact):
    contact_of(member, actor)
    if contact.organisation_id != member.pk:
        raise NotAllowed(_("This person is not a contact of this member."))
    if contact.is_primary:
        raise MembershipError(
            _("The primary contact cannot be removed: hand the role over to someone else first.")
        )
    with transaction.atomic():
        user = contact.user
        contact.delete()
        sync_member_access([user])
        log(
            instance=member,
            action=LOG_REMOVE_CONTACT,
            user=actor,
            data={"contact_id": user.pk, "role": contact.role},
        )


def hand_over_primary(member, *, actor, contact):
    current = contact_of(member, actor)
    if not current.is_primary:
        raise NotAllowed(_("Only the primary contact can hand the role over."))
    if contact.organisation_id != member.pk:
        raise NotAllowed(_("This person is not a contact of this member."))
    if contact.pk == current.pk:
        return current
    with transaction.atomic():
        MemberContact.objects.filter(pk=current.pk).update(role=MemberContact.Role.CONTACT)
        MemberContact.objects.filter(pk=contact.pk).update(role=MemberContact.Role.PRIMARY)
        log(
            instance=member,
            action=LOG_HAND_OVER,
            user=actor,
            data={"from_id": current.user_id, "to_id": contact.user_id},
        )
    contact.refresh_from_db()
    return contact
