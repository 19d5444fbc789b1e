"""Registering for events: the one place where a registration's status changes.

Every change goes through ``transition``, which checks it against ``TRANSITIONS`` and queues the
e-mail for it in the same transaction (``portal.mail.queue_email`` sends it once the transaction
commits, each exactly once thanks to its idempotency key).

Capacity is exact under concurrency: every operation that can take or free a seat (registering,
approving, promoting, cancelling, declining, changing the capacity) first locks the event's row
(``lock_event``, ``SELECT ... FOR UPDATE``), so two of them for the same event never count seats
at the same time. ``LOCK_EVENTS`` exists for one test only: switched off, 40 simultaneous
registrations oversell, which proves the lock is what keeps the count exact.
"""

import zoneinfo
from datetime import timedelta
from io import BytesIO

import segno
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event, vText

from members.models import MemberContact, MemberOrganisation
from portal.identity import absolute_url, alliance_name, read_once, site_root_url
from portal.mail import language_of, queue_email
from resources.access import can_view_members_content
from resources.i18n import default_language, one_translation_each, reader_language

from .models import CheckIn, EventMessage, EventPage, InvitationCode, Registration

Status = Registration.Status
SEATED = (Status.CONFIRMED, Status.ATTENDED)
ACTIVE = (Status.CONFIRMED, Status.ATTENDED, Status.WAITLISTED, Status.PENDING)

# Test-only switch (tests/events/test_concurrency.py): never turned off outside that test.
LOCK_EVENTS = True

# (from, to) → action. Nothing else is possible. A new registration starts confirmed,
# waitlisted or pending (``register``); a cancelled or declined one may register again.
TRANSITIONS = {
    (Status.PENDING, Status.CONFIRMED): "approve",
    (Status.PENDING, Status.WAITLISTED): "approve",
    (Status.PENDING, Status.DECLINED): "decline",
    (Status.PENDING, Status.CANCELLED): "cancel",
    (Status.WAITLISTED, Status.CONFIRMED): "promote",
    (Status.WAITLISTED, Status.DECLINED): "decline",
    (Status.WAITLISTED, Status.CANCELLED): "cancel",
    (Status.CONFIRMED, Status.CANCELLED): "cancel",
    (Status.CONFIRMED, Status.DECLINED): "decline",
    (Status.CONFIRMED, Status.ATTENDED): "check_in",
    (Status.CANCELLED, Status.CONFIRMED): "register_again",
    (Status.CANCELLED, Status.WAITLISTED): "register_again",
    (Status.CANCELLED, Status.PENDING): "register_again",
}
# The e-mail each arrival sends (None: none).
EMAIL_FOR = {
    Status.CONFIRMED: "confirmed",
    Status.WAITLISTED: "waitlisted",
    Status.PENDING: "pending",
    Status.DECLINED: "declined",
    Status.CANCELLED: "cancelled",
    Status.ATTENDED: None,
}


class RegistrationError(Exception):
    """A refusal with a message for the person (``code`` says which, for tests and views)."""

    def __init__(self, code, message):
        self.code = code
        super().__init__(message)


class InvalidTransition(RegistrationError):
    def __init__(self, from_status, to_status):
        super().__init__(
            "invalid_transition",
            _("A registration that is “%(from)s” cannot become “%(to)s”.")
            % {"from": Status(from_status).label, "to": Status(to_status).label},
        )


def allowed_targets(status):
    return [to for (from_, to) in TRANSITIONS if from_ == status]


def allowed_actions(registration):
    """The actions ``TRANSITIONS`` allows from ``registration``'s status, in the table's order."""
    return list(
        dict.fromkeys(
            action for (from_, _to), action in TRANSITIONS.items() if from_ == registration.status
        )
    )


# The secretariat's decisions on one registration (the admin's buttons), each an action of
# ``TRANSITIONS``, with what a refusal says.
DECISIONS = ("approve", "promote", "decline")
REFUSALS = {
    "approve": gettext_lazy("%(name)s cannot be approved: the registration is “%(status)s”."),
    "decline": gettext_lazy("%(name)s cannot be declined: the registration is “%(status)s”."),
    "promote": gettext_lazy(
        "%(name)s cannot be promoted: the registration is “%(status)s”, not on the waiting list."
    ),
}


class ActionNotAllowed(RegistrationError):
    def __init__(self, registration, action):
        super().__init__(
            "not_allowed",
            REFUSALS[action]
            % {"name": registration.name, "status": Status(registration.status).label},
        )


def decision_target(registration, action):
    """The status the decision ``action`` moves ``registration`` to now: approving takes a seat
    if one is free, else a place on the waiting list. Raises ``ActionNotAllowed`` when
    ``TRANSITIONS`` does not allow the action from the current status, ``RegistrationError``
    ("full") when no seat or place is left. The decision's service asks again under the event's
    lock; the admin asks first to show the outcome before the moderator confirms."""
    if action not in DECISIONS or action not in allowed_actions(registration):
        raise ActionNotAllowed(registration, action)
    if action == "decline":
        return Status.DECLINED
    if has_seat(registration.event):
        return Status.CONFIRMED
    if action == "approve" and registration.event.waitlist_enabled:
        return Status.WAITLISTED
    raise RegistrationError("full", _("This event is full."))


# --- Counting and locking -------------------------------------------------------------------


def confirmed_count(event):
    return Registration.objects.filter(event=event, status__in=SEATED).count()


def lock_event(event):
    """The event's row, locked until the transaction ends (unless the test switch is off)."""
    pages = EventPage.objects.filter(pk=event.pk)
    if LOCK_EVENTS:
        pages = pages.select_for_update(of=("self",))
    return pages.get()


def has_seat(event):
    return event.capacity is None or confirmed_count(event) < event.capacity


def set_capacity(event, capacity):
    """Change the capacity; refused below the number confirmed. Freed seats go to the waiting
    list, in order."""
    with transaction.atomic():
        event = lock_event(event)
        confirmed = confirmed_count(event)
        if capacity is not None and capacity < confirmed:
            raise RegistrationError(
                "capacity_below_confirmed",
                _("%(confirmed)s people are confirmed: the capacity cannot be lower.")
                % {"confirmed": confirmed},
            )
        EventPage.objects.filter(pk=event.pk).update(capacity=capacity)
        event.capacity = capacity
        promote_from_waitlist(event)
    return event


# --- Who may register -------------------------------------------------------------------------


def member_of(user):
    """The active member organisation ``user`` is a contact of, or ``None``."""
    contact = (
        MemberContact.objects.filter(
            user=user, organisation__status=MemberOrganisation.Status.ACTIVE
        )
        .select_related("organisation")
        .order_by("-role", "created_at")
        .first()
    )
    return contact.organisation if contact else None


def registration_state(event, now=None):
    """``None`` when registration is open, else ``(code, message)``."""
    now = now or timezone.now()
    if not event.registration_enabled or event.cancelled:
        return "unavailable", _("Registration is not available for this event.")
    if event.registration_opens_at and now < event.registration_opens_at:
        opens = timezone.localtime(event.registration_opens_at, event.tz)
        return "not_open", _("Registration opens on %(date)s.") % {
            "date": opens.strftime("%Y-%m-%d %H:%M")
        }
    closes = event.registration_closes_at or event.starts_at
    if now >= closes:
        return "closed", _("Registration for this event is closed.")
    return None


def invited_addresses(event):
    return {line.strip().casefold() for line in event.invited_emails.splitlines() if line.strip()}


def check_can_register(event, user, *, invitation_code=""):
    """Raise ``RegistrationError`` for the first reason ``user`` cannot register."""
    state = registration_state(event)
    if state:
        raise RegistrationError(*state)
    if event.members_only and not can_view_members_content(user):
        raise RegistrationError(
            "members_only", _("This event is for members of the alliance only.")
        )
    existing = Registration.objects.filter(event=event, user=user, status__in=ACTIVE).first()
    if existing:
        raise RegistrationError("already_registered", _("You are already registered."))
    if event.mode == EventPage.Mode.INVITATION and user.email.casefold() not in invited_addresses(
        event
    ):
        code = (invitation_code or "").strip().upper()
        if not code:
            raise RegistrationError(
                "invitation_required", _("This event is by invitation: enter your code.")
            )
        invitation = InvitationCode.objects.filter(event=event, code=code).first()
        if invitation is None:
            raise RegistrationError("invalid_code", _("This invitation code is not valid."))
        if invitation.used_by_id:
            raise RegistrationError("used_code", _("This invitation code has already been used."))


# --- Registering and the transitions --------------------------------------------------------


def register(
    event,
    user,
    *,
    name,
    organisation="",
    answers=None,
    access_needs="",
    consent=False,
    invitation_code="",
):
    """Register ``user`` for ``event``: confirmed, waitlisted or pending approval.

    Raises ``RegistrationError`` (closed, not open, members only, full, already registered,
    invitation code invalid or used).
    """
    with transaction.atomic():
        member = member_of(user)  # read before the lock: it is held until the commit
        event = lock_event(event)
        check_can_register(event, user, invitation_code=invitation_code)
        if event.mode == EventPage.Mode.APPROVAL:
            status = Status.PENDING
        elif has_seat(event):
            status = Status.CONFIRMED
        elif event.waitlist_enabled:
            status = Status.WAITLISTED
        else:
            raise RegistrationError("full", _("This event is full."))
        fields = {
            "name": name,
            "organisation": organisation,
            "email": user.email,
            "member": member,
            "answers": answers or {},
            "access_needs": access_needs,
            "consent": consent,
            "invitation_code": (invitation_code or "").strip().upper(),
            "decision_message": "",
        }
        previous = Registration.objects.select_for_update().filter(event=event, user=user).first()
        try:
            with transaction.atomic():
                if previous is None:
                    registration = Registration.objects.create(
                        event=event,
                        user=user,
                        status=status,
                        waitlisted_at=timezone.now() if status == Status.WAITLISTED else None,
                        **fields,
                    )
                    notify(registration, EMAIL_FOR[status])
                else:
                    for field, value in fields.items():
                        setattr(previous, field, value)
                    registration = transition(previous, status, save_fields=list(fields))
        except IntegrityError:  # the same person, twice at once
            raise RegistrationError(
                "already_registered", _("You are already registered.")
            ) from None
        if fields["invitation_code"] and event.mode == EventPage.Mode.INVITATION:
            used = InvitationCode.objects.filter(
                event=event, code=fields["invitation_code"], used_by__isnull=True
            ).update(used_by=registration, used_at=timezone.now())
            if not used and user.email.casefold() not in invited_addresses(event):
                raise RegistrationError(
                    "used_code", _("This invitation code has already been used.")
                )
    return registration


def transition(registration, to_status, *, message="", save_fields=(), email=True):
    """Move ``registration`` to ``to_status`` if ``TRANSITIONS`` allows it, and queue its e-mail.
    The caller holds the event's lock when a seat is taken or freed."""
    if (registration.status, to_status) not in TRANSITIONS:
        raise InvalidTransition(registration.status, to_status)
    registration.status = to_status
    registration.waitlisted_at = timezone.now() if to_status == Status.WAITLISTED else None
    if message:
        registration.decision_message = message
    registration.save(
        update_fields=[
            *save_fields,
            "status",
            "waitlisted_at",
            "decision_message",
            "updated_at",
        ]
    )
    if email and EMAIL_FOR.get(to_status):
        notify(registration, EMAIL_FOR[to_status])
    return registration


def _locked(registration):
    """The event locked, then the registration read again under it."""
    event = lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.event = event
    return registration


def cancel_registration(registration):
    """The person cancels: their seat goes to the first person waiting."""
    with transaction.atomic():
        registration = _locked(registration)
        if registration.status == Status.CANCELLED:
            return registration
        held_seat = registration.status in SEATED
        transition(registration, Status.CANCELLED)
        if held_seat:
            promote_from_waitlist(registration.event)
    return registration


def decline_registration(registration, *, message=""):
    """Pending, waiting or confirmed → declined; a freed seat goes to the first person waiting."""
    with transaction.atomic():
        registration = _locked(registration)
        held_seat = registration.status in SEATED
        transition(registration, decision_target(registration, "decline"), message=message)
        if held_seat:
            promote_from_waitlist(registration.event)
    return registration


def approve_registration(registration, *, message=""):
    """Pending → confirmed when there is a seat, else waitlisted (or refused: full)."""
    with transaction.atomic():
        registration = _locked(registration)
        transition(registration, decision_target(registration, "approve"), message=message)
    return registration


def promote_registration(registration, *, message=""):
    """The secretariat promotes someone from the waiting list by hand (a seat must be free)."""
    with transaction.atomic():
        registration = _locked(registration)
        target = decision_target(registration, "promote")
        transition(registration, target, message=message, email=False)
        notify(registration, "promoted")
    return registration


def promote_from_waitlist(event):
    """Fill free seats from the waiting list, first come first served. Caller holds the lock."""
    promoted = []
    while has_seat(event):
        waiting = (
            Registration.objects.filter(event=event, status=Status.WAITLISTED)
            .order_by("waitlisted_at", "pk")
            .first()
        )
        if waiting is None:
            break
        transition(waiting, Status.CONFIRMED, email=False)
        notify(waiting, "promoted")
        promoted.append(waiting)
    return promoted


def check_in(registration, *, by=None):
    """Mark attendance. Returns ``(registration, newly)``; a second tap records nothing."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Status.ATTENDED:
            return registration, False
        transition(registration, Status.ATTENDED)
        CheckIn.objects.create(registration=registration, checked_in_by=by)
    return registration, True


def find_for_check_in(event, query):
    query = (query or "").strip()
    if not query:
        return Registration.objects.none()
    return (
        Registration.objects.filter(event=event, status__in=SEATED)
        .filter(Q(code__iexact=query) | Q(name__icontains=query) | Q(email__iexact=query))
        .order_by("name")[:20]
    )


# --- Translations ---------------------------------------------------------------------------


def source_event(page):
    """The event ``page`` is a version of: its page in the default language, which holds the
    registrations, the seats, the invitation codes and the online link (a translation is the
    same event for readers of another language; registrations of its own would split the
    seats). ``page`` itself where it is that page or has no version in the default language."""
    source = EventPage.objects.filter(
        translation_key=page.translation_key, locale__language_code=default_language()
    ).first()
    return page if source is None or source.pk == page.pk else source


def sources_of(events):
    """``{translation_key: source event}`` of ``events`` (``source_event`` of each), with one
    query."""
    keys = {event.translation_key for event in events}
    if not keys:
        return {}
    sources = EventPage.objects.filter(
        translation_key__in=keys, locale__language_code=default_language()
    )
    return {source.translation_key: source for source in sources}


# --- Calendars ------------------------------------------------------------------------------


def event_uid(event):
    host = site_root_url().split("://", 1)[-1].split("/")[0].split(":")[0] or "portal"
    return f"event-{event.pk}@{host}"


def calendar_event(event, *, method="PUBLISH", online_link=False, source=None):
    """An icalendar ``VEVENT`` for ``event`` in its own time zone. A translation (``source``
    its ``source_event``) gives its title, strapline, place names and address; the source gives
    the rest, so every language's calendar file is the same calendar entry (one UID, one
    sequence, the same times) even before a translator synchronises the translation."""
    source = source or event
    tz = zoneinfo.ZoneInfo(source.time_zone)
    vevent = Event()
    vevent.add("uid", event_uid(source))
    vevent.add("sequence", source.sequence)
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", source.starts_at.astimezone(tz))
    vevent.add("dtend", source.ends_at.astimezone(tz))
    vevent.add("summary", event.title)
    if event.strapline:
        vevent.add("description", event.strapline)
    place = ", ".join(part for part in (event.venue_name, event.city) if part)
    if online_link and source.online_link:
        place = f"{place} – {source.online_link}" if place else source.online_link
    if place:
        vevent["location"] = vText(place)
    vevent.add("url", absolute_url(event.url) if event.url else site_root_url())
    if method == "CANCEL" or source.cancelled:
        vevent.add("status", "CANCELLED")
    else:
        vevent.add("status", "CONFIRMED")
    return vevent


# A year either side of the events: every date a calendar shows them on is covered.
TIME_ZONE_MARGIN = timedelta(days=366)


def calendar(events, *, method="PUBLISH", online_link=False):
    events = list(events)
    sources = sources_of(events)
    cal = Calendar()
    cal.add("prodid", f"-//{alliance_name()}//Events//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    for event in events:
        source = sources.get(event.translation_key, event)
        cal.add_component(
            calendar_event(event, method=method, online_link=online_link, source=source)
        )
    # Each time zone's rules over the events' years only (icalendar's default, 1970 to 2038,
    # wrote some 70 years of transitions into every attendee's file: 18 ms of a registration).
    if events:
        cal.add_missing_timezones(
            first_date=min(event.starts_at for event in events).date() - TIME_ZONE_MARGIN,
            last_date=max(event.ends_at for event in events).date() + TIME_ZONE_MARGIN,
        )
    return cal.to_ical()


def registration_calendar(registration, *, cancel=False):
    """The attendee's copy: REQUEST while they hold a seat, CANCEL when they or the event
    no longer do."""
    event = registration.event
    method = "CANCEL" if cancel or event.cancelled else "REQUEST"
    return calendar(
        [event], method=method, online_link=registration.status in SEATED and not cancel
    )


def upcoming_public_events(language=None):
    """The public events not yet over, each once: in ``language`` (the reader's by default)
    where it is translated into it, else in its source language (``language_code`` on each)."""
    events = (
        EventPage.objects.live()
        .public()
        .filter(audience=EventPage.Audience.PUBLIC, ends_at__gte=timezone.now())
    )
    return one_translation_each(events, language or reader_language()).order_by("starts_at")


# --- E-mails --------------------------------------------------------------------------------

# Lazy: each subject is translated when a message is written, in its recipient's language.
SUBJECTS = {
    "confirmed": gettext_lazy("Your place at %(event)s is confirmed"),
    "waitlisted": gettext_lazy("You are on the waiting list for %(event)s"),
    "pending": gettext_lazy("Your registration for %(event)s awaits approval"),
    "declined": gettext_lazy("Your registration for %(event)s was declined"),
    "cancelled": gettext_lazy("Your registration for %(event)s is cancelled"),
    "promoted": gettext_lazy("A place is free for you at %(event)s"),
    "reminder": gettext_lazy("Reminder: %(event)s"),
    "follow_up": gettext_lazy("Thank you for attending %(event)s"),
    "changed": gettext_lazy("%(event)s has changed"),
    "event_cancelled": gettext_lazy("%(event)s is cancelled"),
}


def registration_url(registration):
    return absolute_url(reverse("events:registration", kwargs={"pk": registration.pk}))


@read_once()
def notify(registration, kind, *, key=None, subject=None, body=""):
    """Queue the e-mail ``kind`` for ``registration`` in the person's language.

    The confirmation (and the promotion) carries the calendar file, the registration's own page,
    the online link and the check-in code (text and QR image)."""
    event = registration.event
    recipient = registration.user
    seated = registration.status in SEATED
    context = {
        "kind": kind,
        "registration": registration,
        "event": event,
        "registration_url": registration_url(registration),
        "event_url": absolute_url(event.url) if event.url else site_root_url(),
        "online_link": event.online_link if seated else "",
        "alliance": alliance_name(),
        "body": body,
    }
    attachments = []
    if kind in ("confirmed", "promoted", "changed"):
        attachments.append(
            ("invite.ics", registration_calendar(registration), "text/calendar; method=REQUEST")
        )
    if kind in ("cancelled", "declined", "event_cancelled"):
        attachments.append(
            (
                "invite.ics",
                registration_calendar(registration, cancel=True),
                "text/calendar; method=CANCEL",
            )
        )
    if kind in ("confirmed", "promoted") and seated:
        qr = segno.make(registration.code, error="m")
        buffer = BytesIO()
        qr.save(buffer, kind="png", scale=8)
        attachments.append((f"check-in-{registration.code}.png", buffer.getvalue(), "image/png"))
    with translation.override(language_of(recipient)):
        context["start"] = event.local_start
        the_subject = subject or (SUBJECTS[kind] % {"event": event.title})
        body_text = render_to_string("events/email/registration.txt", context)
        body_html = render_to_string("events/email/registration.html", context)
    return queue_email(
        to=registration.email,
        subject=str(the_subject),
        body_text=body_text,
        body_html=body_html,
        category=f"events.{kind}",
        idempotency_key=key or status_email_key(registration, kind),
        attachments=attachments,
    )


def status_email_key(registration, kind):
    """One message per arrival in a status (each transition saves a new ``updated_at``)."""
    changed = registration.updated_at.timestamp()
    return f"events:{kind}:{registration.pk}:{changed}:{registration.event.sequence}"


@read_once()
def notify_event_changed(event):
    """The time, place or status of ``event`` changed: every registrant holding a seat gets the
    new calendar (SEQUENCE raised; METHOD:CANCEL when the event is cancelled)."""
    kind = "event_cancelled" if event.cancelled else "changed"
    for registration in Registration.objects.filter(event=event, status__in=ACTIVE).select_related(
        "user", "event"
    ):
        notify(registration, kind, key=f"events:{kind}:{registration.pk}:{event.sequence}")


@read_once()
def message_registrants(message):
    """Send an ``EventMessage`` to its registrants, each exactly once however often it runs."""
    registrations = Registration.objects.filter(event=message.event).select_related("user", "event")
    if message.status:
        registrations = registrations.filter(status=message.status)
    else:
        registrations = registrations.filter(status__in=ACTIVE)
    count = 0
    for registration in registrations:
        notify(
            registration,
            "message",
            key=f"events:message:{message.pk}:{registration.pk}",
            subject=message.subject,
            body=message.body,
        )
        count += 1
    EventMessage.objects.filter(pk=message.pk).update(recipients=count)
    return count


@read_once()
def send_reminders(now=None):
    """Confirmed attendees of events starting within their ``reminder_days``: one reminder each."""
    now = now or timezone.now()
    sent = 0
    for event in EventPage.objects.live().filter(
        starts_at__gt=now, reminder_days__gt=0, cancelled=False
    ):
        if event.starts_at - timedelta(days=event.reminder_days) > now:
            continue
        for registration in event.registrations.filter(status=Status.CONFIRMED).select_related(
            "user", "event"
        ):
            notify(registration, "reminder", key=f"events:reminder:{registration.pk}")
            sent += 1
    return sent


@read_once()
def send_follow_ups(now=None):
    """Attendees of events that ended in the last week: one follow-up each, pointing at the
    outcomes."""
    now = now or timezone.now()
    sent = 0
    for event in EventPage.objects.live().filter(
        ends_at__lte=now, ends_at__gte=now - timedelta(days=7), cancelled=False
    ):
        for registration in event.registrations.filter(status__in=SEATED).select_related(
            "user", "event"
        ):
            notify(registration, "follow_up", key=f"events:follow-up:{registration.pk}")
            sent += 1
    return sent
