"""Membership: the application workflow, member organisations, their contacts and renewals.

Every change of an application's status goes through ``transition``, which checks it against
``TRANSITIONS``, records an ``ApplicationEvent`` and queues the e-mails in the same transaction
(``portal.mail.queue_email`` delivers them once it commits, each exactly once thanks to its
idempotency key). Views, admin actions, tasks and commands call the functions below.
"""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries
from wagtail.log_actions import log

from portal.identity import absolute_url, alliance_name, site_root_url
from portal.mail import queue_email
from portal.roles import MEMBERS, MEMBERSHIP_REVIEWERS

from .models import (
    Application,
    ApplicationEvent,
    CommitmentStatement,
    ContactInvitation,
    MemberContact,
    MemberOrganisation,
    add_years,
)

S = Application.Status
APPLICANT, REVIEWER = "applicant", "reviewer"

# Membership decisions outside applications go to Wagtail's audit log (Reports → Site history),
# on the member organisation; the actions are registered in ``members.wagtail_hooks``. Log data
# names people by account id only: the report looks their name up, so deleting an account leaves
# no copy of it in the log.
LOG_SUSPEND, LOG_END, LOG_REINSTATE = "members.suspend", "members.end", "members.reinstate"
LOG_ADD_CONTACT, LOG_REMOVE_CONTACT = "members.add_contact", "members.remove_contact"
LOG_HAND_OVER = "members.hand_over_primary"


class MembershipError(Exception):
    """A membership rule refused the operation; ``str(error)`` is a message for people."""


class InvalidTransition(MembershipError):
    def __init__(self, from_status, to_status):
        self.from_status, self.to_status = from_status, to_status
        super().__init__(
            _("An application that is “%(from)s” cannot become “%(to)s”.")
            % {"from": S(from_status).label, "to": S(to_status).label}
        )


class NotAllowed(MembershipError):
    pass


class IncompleteApplication(MembershipError):
    def __init__(self, errors):
        self.errors = errors
        super().__init__(" ".join(errors))


# (from, to) → (action, who may do it). Nothing else is possible.
TRANSITIONS = {
    (S.DRAFT, S.SUBMITTED): ("submit", APPLICANT),
    (S.DRAFT, S.WITHDRAWN): ("withdraw", APPLICANT),
    (S.SUBMITTED, S.UNDER_REVIEW): ("start_review", REVIEWER),
    (S.SUBMITTED, S.INFORMATION_REQUESTED): ("request_information", REVIEWER),
    (S.SUBMITTED, S.DECLINED): ("decline", REVIEWER),
    (S.SUBMITTED, S.WITHDRAWN): ("withdraw", APPLICANT),
    (S.UNDER_REVIEW, S.INFORMATION_REQUESTED): ("request_information", REVIEWER),
    (S.UNDER_REVIEW, S.APPROVED): ("approve", REVIEWER),
    (S.UNDER_REVIEW, S.DECLINED): ("decline", REVIEWER),
    (S.UNDER_REVIEW, S.WITHDRAWN): ("withdraw", APPLICANT),
    # The answer goes back to the reviewer who asked (``transition`` makes them the reviewer).
    (S.INFORMATION_REQUESTED, S.UNDER_REVIEW): ("answer", APPLICANT),
    (S.INFORMATION_REQUESTED, S.DECLINED): ("decline", REVIEWER),
    (S.INFORMATION_REQUESTED, S.WITHDRAWN): ("withdraw", APPLICANT),
}
# Whether the message of each action is shown to the applicant (unless the caller says).
VISIBLE_TO_APPLICANT = {
    "submit": True,
    "withdraw": True,
    "start_review": False,
    "request_information": True,
    "approve": True,
    "decline": True,
    "answer": True,
    "assign": False,
}
MESSAGE_REQUIRED = {"request_information", "answer", "decline"}


def allowed_targets(status, role=None):
    """The statuses an application in ``status`` can move to (for ``role`` if given)."""
    return [
        to for (from_, to), (_action, who) in TRANSITIONS.items()
        if from_ == status and (role is None or who == role)
    ]  # fmt: skip


def is_reviewer(user):
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=MEMBERSHIP_REVIEWERS).exists()


def reviewers():
    User = get_user_model()
    return User.objects.filter(
        Q(groups__name=MEMBERSHIP_REVIEWERS) | Q(is_superuser=True), is_active=True
    ).distinct()


def has_verified_email(user):
    return EmailAddress.objects.filter(user=user, verified=True).exists()


# --- Member counts -----------------------------------------------------------------------------


def member_counts():
    """``[{"kind": "country", "count": 70, "noun": "countries"}, …]`` in one query."""
    counts = MemberOrganisation.objects.counts_by_kind()
    nouns = {
        MemberOrganisation.Kind.COUNTRY: lambda n: ngettext("country", "countries", n),
        MemberOrganisation.Kind.COMPANY: lambda n: ngettext("company", "companies", n),
        MemberOrganisation.Kind.ORGANISATION: lambda n: ngettext(
            "organisation", "organisations", n
        ),
    }
    return [
        {"kind": kind, "label": label, "count": counts[kind], "noun": nouns[kind](counts[kind])}
        for kind, label in MemberOrganisation.Kind.choices
    ]


# --- Checks on what applicants type -------------------------------------------------------------


def normalise_name(name):
    """``"ACME Corp."`` and ``"acme corp"`` compare equal."""
    return re.sub(r"[\W_]+", "", (name or "").casefold())


def website_host(url):
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.").casefold()


def country_conflict(state, *, exclude_pk=None):
    """A specific message when ``state`` is already a member or has an open application."""
    if not state:
        return None
    name = countries.name(str(state)) or str(state)
    member = MemberOrganisation.objects.filter(
        kind=MemberOrganisation.Kind.COUNTRY, country=str(state)
    ).first()
    if member is not None:
        if member.status == MemberOrganisation.Status.ACTIVE:
            return _("%(country)s is already a member of the alliance.") % {"country": name}
        return _(
            "%(country)s has a membership that is suspended or ended: please contact the "
            "secretariat rather than applying again."
        ) % {"country": name}
    open_apps = Application.objects.open().filter(kind=Application.Kind.COUNTRY, state=str(state))
    if exclude_pk:
        open_apps = open_apps.exclude(pk=exclude_pk)
    if open_apps.exists():
        return _("An application for %(country)s is already being reviewed by the secretariat.") % {
            "country": name
        }
    return None


def find_possible_duplicates(application):
    """Members and open applications whose name or website matches ``application``'s.

    The secretariat sees them; applicants are warned; nobody is silently blocked.
    """
    name, host = normalise_name(application.name), website_host(application.website)
    if application.kind == Application.Kind.COUNTRY or not (name or host):
        return {"members": [], "applications": []}

    def matches(other_name, other_website):
        return bool(
            (name and normalise_name(other_name) == name)
            or (host and website_host(other_website) == host)
        )

    # The alliance counts members in hundreds: comparing normalised forms in Python is cheap.
    member_rows = MemberOrganisation.objects.exclude(kind=MemberOrganisation.Kind.COUNTRY)
    if application.member_id:  # the member this application became is not its duplicate
        member_rows = member_rows.exclude(pk=application.member_id)
    member_pks = [
        pk for pk, n, w in member_rows.values_list("pk", "name", "website") if matches(n, w)
    ]
    app_rows = (
        Application.objects.open().exclude(pk=application.pk).exclude(kind=Application.Kind.COUNTRY)
    )
    app_pks = [pk for pk, n, w in app_rows.values_list("pk", "name", "website") if matches(n, w)]
    members = list(MemberOrganisation.objects.filter(pk__in=member_pks))
    applications = list(Application.objects.filter(pk__in=app_pks).select_related("applicant"))
    return {"members": members, "applications": applications}


def submission_errors(application):
    """Everything that stops ``application`` from being submitted, as messages for people."""
    app = application
    errors = []
    K = Application.Kind

    def need(value, message):
        if not value:
            errors.append(message)

    if app.kind == K.COUNTRY:
        need(app.state, _("Choose the state that applies."))
        need(app.name, _("Name the applying ministry or agency."))
        need(app.endorsement_letter, _("Upload the signed letter of endorsement (PDF)."))
        conflict = country_conflict(app.state, exclude_pk=app.pk)
        if conflict:
            errors.append(conflict)
    elif app.kind == K.COMPANY:
        need(app.name, _("Give the company's name."))
        need(app.sector, _("Choose the company's sector."))
        need(app.headquarters, _("Choose the country of the company's headquarters."))
        need(app.size, _("Choose the company's size."))
        need(app.services, _("Describe the company's services."))
        need(app.website, _("Give the company's website."))
    else:
        need(app.name, _("Give the organisation's name."))
        need(app.organisation_type, _("Choose the type of organisation."))
        need(app.headquarters, _("Choose the country where the organisation is based."))
        need(app.countries_of_work, _("Choose the countries the organisation works in."))
    need(app.description, _("Describe the applicant."))
    need(app.contribution, _("Say what you intend to contribute."))
    need(app.contact_name, _("Give the primary contact's name."))
    need(app.contact_role, _("Give the primary contact's role."))
    need(app.contact_email, _("Give the primary contact's e-mail address."))
    need(app.contact_phone, _("Give the primary contact's phone number."))
    current = CommitmentStatement.objects.current()
    if app.commitment_id is None:
        errors.append(_("Endorse the statement of commitments."))
    elif current is not None and app.commitment_id != current.pk:
        errors.append(
            _(
                "The statement of commitments has changed since you endorsed it: read and "
                "endorse it again."
            )
        )
    return errors


# --- The workflow -------------------------------------------------------------------------------


def _check_actor(application, role, actor):
    if role == APPLICANT:
        if actor is None or actor.pk != application.applicant_id:
            raise NotAllowed(_("Only the applicant can do this."))
    elif not is_reviewer(actor):
        raise NotAllowed(_("Only a membership reviewer can do this."))


def transition(application, to_status, *, actor, message="", visible_to_applicant=None):
    """Move ``application`` to ``to_status``, or raise ``MembershipError`` and change nothing.

    Returns the ``ApplicationEvent`` recorded. ``application`` is refreshed in place.
    """
    message = (message or "").strip()
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        from_status = app.status
        rule = TRANSITIONS.get((from_status, to_status))
        if rule is None:
            raise InvalidTransition(from_status, to_status)
        action, role = rule
        _check_actor(app, role, actor)
        if action in MESSAGE_REQUIRED and not message:
            raise MembershipError(
                {
                    "request_information": _("Say what information the applicant should give."),
                    "answer": _("Write your answer to the secretariat's request."),
                    "decline": _("Give the applicant the reason for the decision."),
                }[action]
            )
        if action in {"submit", "answer"}:
            errors = submission_errors(app)
            if errors:
                raise IncompleteApplication(errors)
        if action == "approve" and app.kind == Application.Kind.COUNTRY:
            conflict = country_conflict(app.state, exclude_pk=app.pk)
            if conflict:
                raise MembershipError(conflict)

        now = timezone.now()
        app.status = to_status
        app.status_changed_at = now
        if action == "submit" and app.submitted_at is None:
            app.submitted_at = now
        if role == REVIEWER and app.reviewer_id is None:
            app.reviewer = actor  # whoever acts first on an unassigned application reviews it
        elif action == "answer" and app.reviewer_id is None:
            app.reviewer = _information_requester(app)
        app.save()
        event = ApplicationEvent.objects.create(
            application=app,
            actor=actor,
            action=action,
            from_status=from_status,
            to_status=to_status,
            message=message,
            visible_to_applicant=(
                VISIBLE_TO_APPLICANT[action]
                if visible_to_applicant is None
                else visible_to_applicant
            ),
            created_at=now,
        )
        if action == "approve":
            _create_member(app, event)
        notify_application_event(event)
    application.refresh_from_db()
    return event


def _information_requester(app):
    """The reviewer who asked for the information the applicant is answering, if still one."""
    asked = app.events.filter(action="request_information").select_related("actor").last()
    if asked is not None and is_reviewer(asked.actor):
        return asked.actor
    return None


def submit_application(application, *, actor):
    return transition(application, S.SUBMITTED, actor=actor)


def start_review(application, *, actor, message=""):
    return transition(application, S.UNDER_REVIEW, actor=actor, message=message)


def request_information(application, *, actor, message):
    return transition(application, S.INFORMATION_REQUESTED, actor=actor, message=message)


def answer_information_request(application, *, actor, message):
    """The applicant answers the secretariat's request: the application goes back under review,
    to the reviewer who asked."""
    return transition(application, S.UNDER_REVIEW, actor=actor, message=message)


def approve_application(application, *, actor, message=""):
    return transition(application, S.APPROVED, actor=actor, message=message)


def decline_application(application, *, actor, message):
    return transition(application, S.DECLINED, actor=actor, message=message)


def withdraw_application(application, *, actor, message=""):
    return transition(application, S.WITHDRAWN, actor=actor, message=message)


def assign_reviewer(application, *, actor, reviewer, message=""):
    """Assign (or with ``reviewer=None`` unassign) the reviewer; recorded in the history."""
    if not is_reviewer(actor):
        raise NotAllowed(_("Only a membership reviewer can do this."))
    if reviewer is not None and not is_reviewer(reviewer):
        raise MembershipError(_("%(person)s is not a membership reviewer.") % {"person": reviewer})
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        if app.status in Application.CLOSED_STATUSES or app.status == S.DRAFT:
            raise MembershipError(_("Only a submitted, open application can be assigned."))
        app.reviewer = reviewer
        app.save(update_fields=["reviewer"])
        note = (
            _("Assigned to %(person)s.") % {"person": reviewer.get_full_name() or reviewer.email}
            if reviewer
            else _("Unassigned.")
        )
        event = ApplicationEvent.objects.create(
            application=app,
            actor=actor,
            action="assign",
            from_status=app.status,
            to_status=app.status,
            message=f"{note} {message}".strip(),
            visible_to_applicant=False,
        )
    application.refresh_from_db()
    return event


def endorse_commitment(application, statement):
    """Record that the applicant endorses ``statement`` (exactly that version)."""
    if not application.is_editable_by_applicant:
        raise MembershipError(_("This application can no longer be changed."))
    application.commitment = statement
    application.commitment_endorsed_at = timezone.now()
    application.save(update_fields=["commitment", "commitment_endorsed_at"])


# --- Approval: the member organisation and its contacts ------------------------------------------


def _unique_slug(name):
    base = slugify(name)[:180] or "member"
    slug, n = base, 2
    while MemberOrganisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def user_for_email(email):
    """The active account whose verified address is ``email``, if there is one."""
    address = (
        EmailAddress.objects.filter(email__iexact=email, verified=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    return address.user if address else None


def _create_member(app, event):
    today = timezone.localdate()
    member = MemberOrganisation.objects.create(
        name=app.display_name,
        slug=_unique_slug(app.display_name),
        kind=app.kind,
        country=app.main_country,
        website=app.website,
        description=app.description,
        joined_on=today,
        commitment=app.commitment,
        commitment_endorsed_on=(app.commitment_endorsed_at or timezone.now()).date(),
    )
    app.member = member
    app.save(update_fields=["member"])

    listed = [(app.contact_email, app.contact_name, app.contact_role)]
    listed += [(c.email, c.name, c.role) for c in app.further_contacts.all()]
    # The primary contact is the one the application names: the applicant only when it names
    # them (or nobody); someone without an account yet is invited as the primary contact.
    named = (app.contact_email or app.applicant.email).casefold()
    primary_user = app.applicant if named == app.applicant.email.casefold() else None
    primary_user = primary_user or user_for_email(named)
    actor = event.actor
    if primary_user is not None:
        add_contact(
            member,
            primary_user,
            role=MemberContact.Role.PRIMARY,
            job_title=app.contact_role,
            actor=actor,
        )
    if primary_user is None or primary_user.pk != app.applicant_id:
        add_contact(member, app.applicant, actor=actor)
    seen = {app.applicant.email.casefold()} | ({named} if primary_user else set())
    for email, name, role in listed:
        if not email or email.casefold() in seen:
            continue
        seen.add(email.casefold())
        user = user_for_email(email)
        if user is not None:
            add_contact(member, user, job_title=role, actor=actor)
        else:
            invite_contact(
                member,
                email=email,
                name=name,
                invited_by=event.actor,
                check=False,
                role=MemberContact.Role.PRIMARY
                if email.casefold() == named
                else MemberContact.Role.CONTACT,
            )
    return member


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


def _sync_member_access(users):
    """Members group for exactly the given users who are contacts of an active member."""
    group = Group.objects.get(name=MEMBERS)
    for user in users:
        if has_member_access(user):
            user.groups.add(group)
        else:
            user.groups.remove(group)


# --- Contacts: profile, invitations, removal, hand-over ------------------------------------------

INVITATION_SALT = "members.invitation"


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
    _send(
        "invitation",
        [email],
        subject=_("You are invited to act for %(member)s") % {"member": member.name},
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
        _sync_member_access([user])
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


# --- The secretariat: suspend, end, reinstate; yearly renewal ------------------------------------


M = MemberOrganisation.Status
# An ended membership stays ended: the country, company or organisation applies again.
MEMBERSHIP_TRANSITIONS = {M.ACTIVE: {M.SUSPENDED, M.ENDED}, M.SUSPENDED: {M.ACTIVE, M.ENDED}}
MEMBERSHIP_LOG_ACTIONS = {M.SUSPENDED: LOG_SUSPEND, M.ENDED: LOG_END, M.ACTIVE: LOG_REINSTATE}


def set_membership_status(member, status, *, actor):
    """Suspend, end or reinstate a membership; member access follows at once."""
    if not is_reviewer(actor):
        raise NotAllowed(_("Only a membership reviewer can do this."))
    allowed = MEMBERSHIP_TRANSITIONS
    with transaction.atomic():
        locked = MemberOrganisation.objects.select_for_update().get(pk=member.pk)
        if status not in allowed.get(locked.status, set()):
            raise MembershipError(
                _("A membership that is “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": MemberOrganisation.Status(locked.status).label,
                    "to": MemberOrganisation.Status(status).label,
                }
            )
        from_status = locked.status
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        users = [c.user for c in locked.contacts.select_related("user")]
        _sync_member_access(users)
        log(
            instance=locked,
            action=MEMBERSHIP_LOG_ACTIONS[status],
            user=actor,
            data={"from": from_status, "to": status, "contacts": len(users)},
        )
    member.refresh_from_db()
    return member


def suspend_membership(member, *, actor):
    return set_membership_status(member, MemberOrganisation.Status.SUSPENDED, actor=actor)


def end_membership(member, *, actor):
    return set_membership_status(member, MemberOrganisation.Status.ENDED, actor=actor)


def reinstate_membership(member, *, actor):
    return set_membership_status(member, MemberOrganisation.Status.ACTIVE, actor=actor)


def renew_commitment(member, *, actor):
    """A contact endorses the current statement of commitments again, for another year."""
    contact_of(member, actor)
    statement = CommitmentStatement.objects.current()
    if statement is None:
        raise MembershipError(_("There is no statement of commitments to endorse yet."))
    member.commitment = statement
    member.commitment_endorsed_on = timezone.localdate()
    member.commitment_lapsed_on = None
    member.save(
        update_fields=["commitment", "commitment_endorsed_on", "commitment_lapsed_on", "updated_at"]
    )
    return member


# --- E-mail -----------------------------------------------------------------------------------


def _send(template, recipients, *, subject, context, key, secret=False):
    """Render ``members/email/<template>.txt|.html`` and queue one message per recipient.

    ``key(recipient)`` is the idempotency key: the same key never produces a second message.
    ``secret`` marks a message whose link acts for the recipient (``portal.mail``).
    """
    base = {"site_url": site_root_url(), "alliance": alliance_name()}
    sent = []
    with translation.override(settings.LANGUAGE_CODE):
        for recipient in dict.fromkeys(r for r in recipients if r):
            ctx = {**base, **context, "recipient": recipient}
            sent.append(
                queue_email(
                    to=recipient,
                    subject=str(subject),
                    body_text=render_to_string(f"members/email/{template}.txt", ctx),
                    body_html=render_to_string(f"members/email/{template}.html", ctx),
                    category=f"members.{template}",
                    idempotency_key=key(recipient),
                    secret=secret,
                )
            )
    return sent


def _application_url(app):
    return absolute_url(reverse("members:application", kwargs={"pk": app.pk}))


def _admin_url(app):
    return absolute_url(reverse("members_applications:inspect", args=[app.pk]))


def notify_application_event(event):
    """Queue the e-mails an event calls for. Safe to call again: nothing is sent twice."""
    app = event.application
    action = event.action
    # Nobody to tell once the applicant deleted their account.
    applicant = [app.applicant.email] if app.applicant_id else []
    ctx = {
        "application": app,
        "event": event,
        "url": _application_url(app),
        "admin_url": _admin_url(app),
    }

    def key(kind):
        return lambda r: f"application:{app.pk}:{kind}:{r}:{event.pk}"

    name = app.display_name
    if action in {"submit", "answer"}:
        _send(
            "application_submitted",
            applicant,
            subject=_("We received your application: %(name)s") % {"name": name},
            context={**ctx, "resubmitted": action == "answer"},
            key=key("submitted"),
        )
        # An answer goes to the application's reviewer (the one who asked); a new application,
        # or an answer nobody is assigned to, to every reviewer.
        to_review = (
            [app.reviewer.email]
            if action == "answer" and app.reviewer_id
            else [u.email for u in reviewers()]
        )
        _send(
            "application_submitted_reviewers",
            to_review,
            subject=_("Application to review: %(name)s") % {"name": name},
            context={**ctx, "resubmitted": action == "answer"},
            key=key("submitted-reviewers"),
        )
    elif action == "request_information":
        _send(
            "information_requested",
            applicant,
            subject=_("The secretariat needs more information: %(name)s") % {"name": name},
            context=ctx,
            key=key("information-requested"),
        )
    elif action == "approve":
        recipients = applicant + [c.user.email for c in app.member.contacts.select_related("user")]
        _send(
            "approved",
            recipients,
            subject=_("Welcome to the alliance, %(name)s") % {"name": name},
            context={**ctx, "member": app.member},
            key=key("approved"),
        )
    elif action == "decline":
        _send(
            "declined",
            applicant,
            subject=_("Your application: %(name)s") % {"name": name},
            context=ctx,
            key=key("declined"),
        )
    elif action == "withdraw" and event.from_status != S.DRAFT:
        _send(
            "withdrawn",
            applicant + ([app.reviewer.email] if app.reviewer_id else []),
            subject=_("Application withdrawn: %(name)s") % {"name": name},
            context=ctx,
            key=key("withdrawn"),
        )


# --- Periodic work (called by the beat tasks) -----------------------------------------------------


def remind_reviewers(today=None):
    """Daily: tell reviewers which applications have waited longer than the set number of days.

    One message per reviewer per day, whatever the number of runs.
    """
    today = today or timezone.localdate()
    days = settings.MEMBERS_REVIEW_REMINDER_DAYS
    waiting = list(Application.objects.overdue(days).select_related("reviewer").order_by("pk"))
    if not waiting:
        return 0
    sent = _send(
        "reviewers_reminder",
        [u.email for u in reviewers()],
        subject=_("%(count)s membership applications are waiting") % {"count": len(waiting)},
        context={
            "applications": waiting,
            "days": days,
            "admin_url": absolute_url(reverse("members_applications:index")),
        },
        key=lambda r: f"application-reminder:reviewers:{today.isoformat()}:{r}",
    )
    return len(sent)


def remind_applicants(today=None):
    """Remind applicants of an information request left unanswered; once per request."""
    days = settings.MEMBERS_INFORMATION_REMINDER_DAYS
    cutoff = timezone.now() - timedelta(days=days)
    apps = Application.objects.filter(
        status=S.INFORMATION_REQUESTED, status_changed_at__lt=cutoff
    ).select_related("applicant")
    count = 0
    for app in apps:
        request_event = app.events.filter(action="request_information").order_by("-pk").first()
        if request_event is None:
            continue
        count += len(
            _send(
                "information_reminder",
                [app.applicant.email],
                subject=_("Reminder: the secretariat is waiting for your answer: %(name)s")
                % {"name": app.display_name},
                context={"application": app, "event": request_event, "url": _application_url(app)},
                key=lambda r, a=app, e=request_event: (
                    f"application:{a.pk}:information-reminder:{r}:{e.pk}"
                ),
            )
        )
    return count


def check_commitment_renewals(today=None):
    """Yearly renewal: remind contacts before the anniversary, flag the lapse for the secretariat.

    Keys carry the due date, so each year gets one reminder and one flag per recipient.
    """
    today = today or timezone.localdate()
    ahead = settings.MEMBERS_RENEWAL_REMINDER_DAYS
    candidates = MemberOrganisation.objects.active().filter(
        commitment_endorsed_on__lte=add_years(today + timedelta(days=ahead), -1)
    )
    reminded = lapsed = 0
    reviewer_emails = None
    for member in candidates.prefetch_related("contacts__user"):
        due = member.commitment_due_on
        contacts = [c.user.email for c in member.contacts.all()]
        url = absolute_url(reverse("members:organisation", kwargs={"slug": member.slug}))
        if today < due:
            reminded += len(
                _send(
                    "renewal_reminder",
                    contacts,
                    subject=_("Renew your commitment to the alliance by %(date)s")
                    % {"date": due.isoformat()},
                    context={"member": member, "due": due, "url": url},
                    key=lambda r, m=member, d=due: f"member:{m.pk}:renewal-reminder:{d}:{r}",
                )
            )
        elif member.commitment_lapsed_on is None:
            member.commitment_lapsed_on = due
            member.save(update_fields=["commitment_lapsed_on", "updated_at"])
            if reviewer_emails is None:
                reviewer_emails = [u.email for u in reviewers()]
            lapsed += 1
            _send(
                "renewal_lapsed",
                reviewer_emails,
                subject=_("Commitment lapsed: %(member)s") % {"member": member.name},
                context={
                    "member": member,
                    "due": due,
                    "admin_url": absolute_url(
                        reverse("members_organisations:inspect", args=[member.pk])
                    ),
                },
                key=lambda r, m=member, d=due: f"member:{m.pk}:renewal-lapsed:{d}:{r}",
            )
    return {"reminded": reminded, "lapsed": lapsed}
