"""Membership applications and their workflow, up to the member organisation an approval creates.

Every change of an application's status goes through ``transition``, which checks it against
``TRANSITIONS``, records an ``ApplicationEvent`` and queues the e-mails in the same transaction
(``portal.mail.queue_email`` delivers them once it commits, each exactly once thanks to its
idempotency key). Views, admin actions, tasks and commands call the functions below.
"""

import re
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries

from ..models import (
    Application,
    ApplicationEvent,
    CommitmentStatement,
    MemberContact,
    MemberOrganisation,
)
from .contacts import add_contact, invite_contact, user_for_email
from .errors import MembershipError, NotAllowed
from .notifications import notify_application_event
from .reviewers import is_reviewer

Status = Application.Status
APPLICANT, REVIEWER = "applicant", "reviewer"


class InvalidTransition(MembershipError):
    def __init__(self, from_status, to_status):
        self.from_status, self.to_status = from_status, to_status
        super().__init__(
            _("An application that is “%(from)s” cannot become “%(to)s”.")
            % {"from": Status(from_status).label, "to": Status(to_status).label}
        )


class IncompleteApplication(MembershipError):
    def __init__(self, errors):
        self.errors = errors
        super().__init__(" ".join(errors))


# (from, to) → (action, who may do it). Nothing else is possible.
TRANSITIONS = {
    (Status.DRAFT, Status.SUBMITTED): ("submit", APPLICANT),
    (Status.DRAFT, Status.WITHDRAWN): ("withdraw", APPLICANT),
    (Status.SUBMITTED, Status.UNDER_REVIEW): ("start_review", REVIEWER),
    (Status.SUBMITTED, Status.INFORMATION_REQUESTED): ("request_information", REVIEWER),
    (Status.SUBMITTED, Status.DECLINED): ("decline", REVIEWER),
    (Status.SUBMITTED, Status.WITHDRAWN): ("withdraw", APPLICANT),
    (Status.UNDER_REVIEW, Status.INFORMATION_REQUESTED): ("request_information", REVIEWER),
    (Status.UNDER_REVIEW, Status.APPROVED): ("approve", REVIEWER),
    (Status.UNDER_REVIEW, Status.DECLINED): ("decline", REVIEWER),
    (Status.UNDER_REVIEW, Status.WITHDRAWN): ("withdraw", APPLICANT),
    # The answer goes back to the reviewer who asked (``transition`` makes them the reviewer).
    (Status.INFORMATION_REQUESTED, Status.UNDER_REVIEW): ("answer", APPLICANT),
    (Status.INFORMATION_REQUESTED, Status.DECLINED): ("decline", REVIEWER),
    (Status.INFORMATION_REQUESTED, Status.WITHDRAWN): ("withdraw", APPLICANT),
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


def has_verified_email(user):
    return EmailAddress.objects.filter(user=user, verified=True).exists()


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
    Kind = Application.Kind

    def need(value, message):
        if not value:
            errors.append(message)

    if app.kind == Kind.COUNTRY:
        need(app.state, _("Choose the state that applies."))
        need(app.name, _("Name the applying ministry or agency."))
        need(app.endorsement_letter, _("Upload the signed letter of endorsement (PDF)."))
        conflict = country_conflict(app.state, exclude_pk=app.pk)
        if conflict:
            errors.append(conflict)
    elif app.kind == Kind.COMPANY:
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
    return transition(application, Status.SUBMITTED, actor=actor)


def start_review(application, *, actor, message=""):
    return transition(application, Status.UNDER_REVIEW, actor=actor, message=message)


def request_information(application, *, actor, message):
    return transition(application, Status.INFORMATION_REQUESTED, actor=actor, message=message)


def answer_information_request(application, *, actor, message):
    """The applicant answers the secretariat's request: the application goes back under review,
    to the reviewer who asked."""
    return transition(application, Status.UNDER_REVIEW, actor=actor, message=message)


def approve_application(application, *, actor, message=""):
    return transition(application, Status.APPROVED, actor=actor, message=message)


def decline_application(application, *, actor, message):
    return transition(application, Status.DECLINED, actor=actor, message=message)


def withdraw_application(application, *, actor, message=""):
    return transition(application, Status.WITHDRAWN, actor=actor, message=message)


def assign_reviewer(application, *, actor, reviewer, message=""):
    """Assign (or with ``reviewer=None`` unassign) the reviewer; recorded in the history."""
    if not is_reviewer(actor):
        raise NotAllowed(_("Only a membership reviewer can do this."))
    if reviewer is not None and not is_reviewer(reviewer):
        raise MembershipError(_("%(person)s is not a membership reviewer.") % {"person": reviewer})
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        if app.status in Application.CLOSED_STATUSES or app.status == Status.DRAFT:
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
