"""Membership's part of a person's data (see ``portal.privacy``), and its retention periods.

Export: the person's applications (answers, further contacts, the history shown to them; letters
by name only), the organisations they act for, the invitations sent to them and their changes to
MNR self-assessments (the assessments themselves are the member's, and stay, unnamed).

Deletion: open applications are withdrawn through the workflow (its reviewer is told), drafts are
deleted with their letters, and every other application is kept for the alliance's records
with the applicant anonymised: no account, and the contact details cleared wherever they are
the person's. Contact rows and invitations to the person go. A primary contact of a member that
is still active or suspended must hand the role over first.

Retention (the beat tasks in ``members.tasks``): declined and withdrawn applications, with their
letters, after ``PRIVACY_CLOSED_APPLICATION_DAYS``; invitations never accepted,
``PRIVACY_EXPIRED_INVITATION_DAYS`` after they expired.
"""

import logging
import operator
import re
from datetime import timedelta
from functools import reduce

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.privacy import addresses_of, deletion_check, eraser, exporter

from . import services
from .models import (
    Application,
    ApplicationContact,
    ApplicationEvent,
    AssessmentEdit,
    ContactInvitation,
    MemberContact,
    MemberOrganisation,
)
from .storage import private_storage

logger = logging.getLogger(__name__)

S = Application.Status
REMOVED = "[removed]"


def _matching(field, addresses):
    """``field`` equal, in any case, to one of ``addresses`` (none: matches nothing)."""
    if not addresses:
        return Q(pk__in=[])
    return reduce(operator.or_, (Q(**{f"{field}__iexact": a}) for a in addresses))


# --- Export ---------------------------------------------------------------------------------


def _application(app, user):
    history = app.events.filter(Q(visible_to_applicant=True) | Q(actor=user))
    return {
        "id": app.pk,
        "kind": app.kind,
        "status": app.status,
        "name": app.name,
        "state": str(app.state),
        "website": app.website,
        "description": app.description,
        "contribution": app.contribution,
        "headquarters": str(app.headquarters),
        "sector": app.sector,
        "size": app.size,
        "services": app.services,
        "organisation_type": app.organisation_type,
        "countries_of_work": [str(c) for c in app.countries_of_work],
        "registration_number": app.registration_number,
        "primary_contact": {
            "name": app.contact_name,
            "role": app.contact_role,
            "email": app.contact_email,
            "phone": app.contact_phone,
        },
        "further_contacts": [
            {"name": c.name, "role": c.role, "email": c.email, "phone": c.phone}
            for c in app.further_contacts.all()
        ],
        # The letter is listed by the name it was uploaded under; its content is not exported.
        "endorsement_letter": (
            {"file_name": app.endorsement_letter_name} if app.endorsement_letter else None
        ),
        "commitment_version": app.commitment.version if app.commitment_id else None,
        "commitment_endorsed_at": app.commitment_endorsed_at,
        "created_at": app.created_at,
        "submitted_at": app.submitted_at,
        "status_changed_at": app.status_changed_at,
        "history": [
            {
                "at": e.created_at,
                "action": e.action,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "message": e.message,
                "by_you": e.actor_id == user.pk,
            }
            for e in history
        ],
    }


@exporter("applications", order=20)
def export_applications(user):
    apps = (
        Application.objects.filter(applicant=user)
        .select_related("commitment")
        .prefetch_related("further_contacts")
        .order_by("created_at")
    )
    return [_application(app, user) for app in apps]


@exporter("memberships", order=21)
def export_memberships(user):
    contacts = MemberContact.objects.filter(user=user).select_related("organisation")
    return [
        {
            "organisation": c.organisation.name,
            "slug": c.organisation.slug,
            "kind": c.organisation.kind,
            "membership_status": c.organisation.status,
            "role": c.role,
            "job_title": c.job_title,
            "since": c.created_at,
        }
        for c in contacts.order_by("created_at")
    ]


@exporter("assessment_edits", order=23)
def export_assessment_edits(user):
    """The person's changes to MNR self-assessments (the assessments are the member's; an
    account's deletion leaves its edits there, unnamed: their ``user`` is set to null)."""
    edits = AssessmentEdit.objects.filter(user=user).select_related(
        "assessment__member", "capability"
    )
    return [
        {
            "member": edit.assessment.member.name,
            "year": edit.assessment.year,
            "capability": edit.capability.number if edit.capability_id else None,
            "action": edit.action,
            "fields": sorted(edit.changes),
            "when": edit.created_at,
        }
        for edit in edits.order_by("created_at", "pk")
    ]


@exporter("invitations", order=22)
def export_invitations(user):
    invitations = ContactInvitation.objects.filter(
        _matching("email", addresses_of(user))
    ).select_related("organisation")
    return [
        {
            "organisation": i.organisation.name,
            "email": i.email,
            "name": i.name,
            "sent_at": i.created_at,
            "accepted_at": i.accepted_at,
        }
        for i in invitations.order_by("created_at")
    ]


# --- Deletion -------------------------------------------------------------------------------


@deletion_check
def primary_contacts_hand_over_first(user):
    held = MemberContact.objects.filter(
        user=user,
        role=MemberContact.Role.PRIMARY,
        organisation__status__in=[
            MemberOrganisation.Status.ACTIVE,
            MemberOrganisation.Status.SUSPENDED,
        ],
    ).select_related("organisation")
    return [
        _(
            "You are the primary contact of %(member)s: hand that role over to another contact "
            "on the organisation's page first (invite a colleague if there is nobody else), or "
            "ask the secretariat to end the membership."
        )
        % {"member": contact.organisation.name}
        for contact in held
    ]


def _redact(text, addresses):
    for address in addresses:
        text = re.sub(re.escape(address), REMOVED, text, flags=re.IGNORECASE)
    return text


def delete_letters_on_commit(names):
    """Remove letters from private storage once the rows that pointed to them are gone."""
    names = [n for n in names if n]
    if not names:
        return

    def delete():
        storage = private_storage()
        for name in names:
            try:
                storage.delete(name)
            except OSError:
                logger.exception("Could not delete the letter %s; remove it by hand.", name)

    transaction.on_commit(delete)


@eraser(order=20)
def erase_membership(user):
    addresses = addresses_of(user)
    mine = Application.objects.filter(applicant=user)

    for app in mine.filter(status__in=Application.OPEN_STATUSES):
        services.withdraw_application(
            app, actor=user, message=_("The applicant deleted their account.")
        )

    drafts = mine.filter(status=S.DRAFT)
    delete_letters_on_commit([a.endorsement_letter.name for a in drafts])
    drafts.delete()

    # Kept applications: the person's contact details go wherever they are given, in their own
    # applications and in anyone else's; what they wrote in the history loses their addresses.
    Application.objects.filter(_matching("contact_email", addresses)).update(
        contact_name="", contact_email="", contact_phone=""
    )
    ApplicationContact.objects.filter(_matching("email", addresses)).update(
        name=REMOVED, email="", phone=""
    )
    events = ApplicationEvent.objects.filter(Q(actor=user) | Q(application__applicant=user))
    for event in events.exclude(message=""):
        redacted = _redact(event.message, addresses)
        if redacted != event.message:
            ApplicationEvent.objects.filter(pk=event.pk).update(message=redacted)
    mine.update(applicant=None)

    for contact in MemberContact.objects.filter(user=user).select_related("organisation"):
        contact.delete()
        log(
            instance=contact.organisation,
            action=services.LOG_REMOVE_CONTACT,
            user=user,
            data={"contact_id": user.pk, "role": contact.role, "account_deleted": True},
        )
    ContactInvitation.objects.filter(_matching("email", addresses)).delete()


# --- Retention ------------------------------------------------------------------------------


def purge_closed_applications(now=None):
    """Delete declined and withdrawn applications (history, further contacts and letters) whose
    decision is older than ``PRIVACY_CLOSED_APPLICATION_DAYS``. Returns how many went."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.PRIVACY_CLOSED_APPLICATION_DAYS)
    old = Application.objects.filter(
        status__in=[S.DECLINED, S.WITHDRAWN], status_changed_at__lt=cutoff
    )
    with transaction.atomic():
        letters = list(
            old.exclude(endorsement_letter="").values_list("endorsement_letter", flat=True)
        )
        _total, by_model = old.delete()
        delete_letters_on_commit(letters)
    return by_model.get(Application._meta.label, 0)


def purge_expired_invitations(now=None):
    """Delete invitations never accepted, ``PRIVACY_EXPIRED_INVITATION_DAYS`` after their link
    expired. Returns how many went."""
    now = now or timezone.now()
    days = settings.MEMBERS_INVITATION_MAX_AGE_DAYS + settings.PRIVACY_EXPIRED_INVITATION_DAYS
    expired = ContactInvitation.objects.filter(
        accepted_at__isnull=True, created_at__lt=now - timedelta(days=days)
    )
    count, _by_model = expired.delete()
    return count
