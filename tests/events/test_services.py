"""Registering, the waiting list, approval and invitation modes, capacity, check-in, e-mails."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events import services
from events.factories import RegistrationQuestionFactory
from events.models import CheckIn, EventMessage, InvitationCode, Registration
from portal.models import OutgoingEmail
from tests.html import soup

from .conftest import ics_attachment
from .helpers import deliver_all, sent_to

pytestmark = pytest.mark.django_db
S = Registration.Status


def register(event, user, **kwargs):
    return services.register(event, user, name=user.email, consent=True, **kwargs)


def test_seats_then_waiting_list_then_full(event, people):
    a, b, c, d = people(4)
    assert register(event, a).status == S.CONFIRMED
    assert register(event, b).status == S.CONFIRMED
    assert register(event, c).status == S.WAITLISTED
    event.waitlist_enabled = False
    event.save()
    with pytest.raises(services.RegistrationError) as refused:
        register(event, d)
    assert refused.value.code == "full"


def test_registering_twice_is_refused_and_the_database_enforces_it(event, people):
    [a] = people(1)
    register(event, a)
    with pytest.raises(services.RegistrationError) as refused:
        register(event, a)
    assert refused.value.code == "already_registered"
    assert Registration.objects.filter(event=event, user=a).count() == 1


def test_cancel_promotes_the_first_waiting_and_tells_them(event, people):
    a, b, c, d = people(4)
    first, _second, third, fourth = (register(event, person) for person in (a, b, c, d))
    assert (third.status, fourth.status) == (S.WAITLISTED, S.WAITLISTED)
    OutgoingEmail.objects.all().delete()
    services.cancel_registration(first)
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.status, fourth.status) == (S.CONFIRMED, S.WAITLISTED)
    deliver_all()
    [promoted] = sent_to(c.email)
    assert "free" in promoted.subject
    calendar, mimetype = ics_attachment(promoted)
    assert "REQUEST" in mimetype
    [cancelled] = sent_to(a.email)
    calendar, mimetype = ics_attachment(cancelled)
    assert calendar["METHOD"] == "CANCEL"


def test_lowering_capacity_below_confirmed_is_refused(event, people):
    for person in people(2):
        register(event, person)
    with pytest.raises(services.RegistrationError) as refused:
        services.set_capacity(event, 1)
    assert refused.value.code == "capacity_below_confirmed"
    event.capacity = 1
    with pytest.raises(ValidationError):
        event.full_clean()


def test_raising_capacity_promotes_in_order(event, people):
    a, b, c, d = people(4)
    regs = [register(event, person) for person in (a, b, c, d)]
    services.set_capacity(event, 3)
    assert [Registration.objects.get(pk=r.pk).status for r in regs] == [
        S.CONFIRMED, S.CONFIRMED, S.CONFIRMED, S.WAITLISTED,
    ]  # fmt: skip


def test_approval_mode(make_event, people):
    event = make_event(mode="approval", capacity=1, waitlist_enabled=True)
    a, b, c = people(3)
    ra, rb, rc = register(event, a), register(event, b), register(event, c)
    assert {ra.status, rb.status, rc.status} == {S.PENDING}
    assert services.approve_registration(ra, message="Welcome").status == S.CONFIRMED
    assert services.approve_registration(rb).status == S.WAITLISTED
    declined = services.decline_registration(rc, message="The room is for ministries.")
    assert declined.status == S.DECLINED
    assert declined.decision_message == "The room is for ministries."
    with pytest.raises(services.InvalidTransition):
        services.transition(declined, S.ATTENDED)


def test_invitation_by_single_use_code_or_invited_address(make_event, people):
    event = make_event(mode="invitation", invited_emails="guest@example.org")
    code = InvitationCode.objects.create(event=event, code="ABCD2345")
    a, b = people(2)
    for typed, expected in (("", "invitation_required"), ("WRONG", "invalid_code")):
        with pytest.raises(services.RegistrationError) as refused:
            register(event, a, invitation_code=typed)
        assert refused.value.code == expected
    registration = register(event, a, invitation_code="abcd2345")
    code.refresh_from_db()
    assert code.used_by == registration
    with pytest.raises(services.RegistrationError) as refused:
        register(event, b, invitation_code="ABCD2345")
    assert refused.value.code == "used_code"
    from portal.factories import UserFactory

    guest = UserFactory(email="guest@example.org")
    assert register(event, guest).status == S.CONFIRMED


def test_members_only_event_refuses_non_members(make_event, people, member):
    event = make_event(audience="members")
    [outsider] = people(1)
    with pytest.raises(services.RegistrationError) as refused:
        register(event, outsider)
    assert refused.value.code == "members_only"
    assert register(event, member).status == S.CONFIRMED


def test_not_open_and_closed(make_event, people):
    [a] = people(1)
    later = make_event(registration_opens_at=timezone.now() + datetime.timedelta(days=2))
    with pytest.raises(services.RegistrationError) as refused:
        register(later, a)
    assert refused.value.code == "not_open"
    closed = make_event(registration_closes_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(services.RegistrationError) as refused:
        register(closed, a)
    assert refused.value.code == "closed"


def test_cancelled_person_can_register_again(event, people):
    [a] = people(1)
    registration = register(event, a)
    services.cancel_registration(registration)
    again = register(event, a)
    assert again.pk == registration.pk and again.status == S.CONFIRMED


def test_check_in_twice_records_one_attendance(event, people, editor):
    [a] = people(1)
    registration = register(event, a)
    assert services.check_in(registration, by=editor)[1] is True
    assert services.check_in(registration, by=editor)[1] is False
    assert CheckIn.objects.filter(registration=registration).count() == 1
    assert Registration.objects.get(pk=registration.pk).status == S.ATTENDED
    [found] = services.find_for_check_in(event, registration.code.lower())
    assert found == registration


def test_confirmation_email_has_calendar_link_online_link_and_code(event, people):
    [a] = people(1)
    registration = register(event, a)
    [message] = deliver_all()
    assert message.to == [a.email]
    assert f"/dashboard/registrations/{registration.pk}/" in message.body
    assert "https://meet.example.org/secret-room" in message.body
    assert registration.code in message.body
    # Where it is, in both the text and the HTML part (the factory's venue).
    html = soup(message.alternatives[0][0])
    assert "Where: Conference centre, London" in message.body
    assert "Where: Conference centre, London" in html.get_text()
    calendar, _mimetype = ics_attachment(message)
    [vevent] = calendar.walk("VEVENT")
    assert vevent["UID"] == services.event_uid(event)
    assert vevent["DTSTART"].params["TZID"] == "Europe/London"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert int(vevent["SEQUENCE"]) == 0
    assert [c["TZID"] for c in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    # The zone's rules over the event's years, not icalendar's default from 1970.
    [zone] = calendar.walk("VTIMEZONE")
    observances = [c for c in zone.walk() if c.name in ("STANDARD", "DAYLIGHT")]
    assert min(c.decoded("DTSTART").year for c in observances) >= event.starts_at.year - 2
    assert any(name.endswith(".png") for name, _c, _m in message.attachments)


def test_registering_reads_the_site_and_the_alliance_name_once(event, people):
    """The confirmation (six links and two mentions of the alliance) is rendered while the
    event is locked: it reads the default site and the alliance's settings once each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    [a] = people(1)
    with CaptureQueriesContext(connection) as queries:
        register(event, a)
    sql = [query["sql"] for query in queries]
    # (Wagtail's own reading of every site's root path, for page URLs, is cached by Wagtail.)
    default_site = 'FROM "wagtailcore_site" WHERE "wagtailcore_site"."is_default_site"'
    assert sum(default_site in statement for statement in sql) == 1
    assert sum('FROM "portal_alliancesettings"' in statement for statement in sql) == 1


def test_the_email_is_in_the_recipients_language_subject_included(event, people):
    [a] = people(1)
    a.language = "fr"
    a.save(update_fields=["language"])
    register(event, a)
    [message] = deliver_all()
    assert message.subject == f"Votre place à {event.title} est confirmée"


def test_waitlisted_email_has_no_online_link(event, people):
    a, b, c = people(3)
    for person in (a, b, c):
        register(event, person)
    deliver_all()
    [waiting] = sent_to(c.email)
    assert "secret-room" not in waiting.body
    assert "secret-room" not in waiting.alternatives[0][0]


def test_moving_the_event_raises_sequence_and_cancelling_sends_cancel(event, people):
    [a] = people(1)
    register(event, a)
    uid = services.event_uid(event)
    event.starts_at += datetime.timedelta(days=1)
    event.ends_at += datetime.timedelta(days=1)
    event.save()
    assert event.sequence == 1
    OutgoingEmail.objects.all().delete()
    services.notify_event_changed(event)
    services.notify_event_changed(event)  # again: nothing more
    [changed] = deliver_all()
    calendar, _ = ics_attachment(changed)
    [vevent] = calendar.walk("VEVENT")
    assert (vevent["UID"], int(vevent["SEQUENCE"])) == (uid, 1)
    event.cancelled = True
    event.save()
    OutgoingEmail.objects.all().delete()
    services.notify_event_changed(event)
    [cancelled] = deliver_all()
    calendar, _ = ics_attachment(cancelled)
    assert calendar["METHOD"] == "CANCEL"
    assert int(calendar.walk("VEVENT")[0]["SEQUENCE"]) == 2


def test_message_to_registrants_reaches_each_once(event, people, editor):
    a, b, c = people(3)
    for person in (a, b, c):
        register(event, person)
    message = EventMessage.objects.create(
        event=event, subject="Visa letters", body="Ask us.", status=S.WAITLISTED, sent_by=editor
    )
    OutgoingEmail.objects.all().delete()
    from events.tasks import send_event_message

    send_event_message.apply(args=[message.pk])
    send_event_message.apply(args=[message.pk])  # retried
    sent = deliver_all()
    assert [m.to for m in sent] == [[c.email]]
    assert sent[0].subject == "Visa letters"


def test_reminders_and_follow_ups_once_per_person(make_event, people):
    soon = make_event(
        capacity=None, reminder_days=7, starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    a, b = people(2)
    register(soon, a)
    register(soon, b)
    OutgoingEmail.objects.all().delete()
    assert services.send_reminders() == 2
    services.send_reminders()
    assert OutgoingEmail.objects.filter(category="events.reminder").count() == 2
    later = timezone.now() + datetime.timedelta(days=3, hours=12)
    services.send_follow_ups(now=later)
    services.send_follow_ups(now=later)
    assert OutgoingEmail.objects.filter(category="events.follow_up").count() == 2


def test_questions_answers_in_order(event, people):
    q1 = RegistrationQuestionFactory(page=event, label="Diet", sort_order=1)
    q2 = RegistrationQuestionFactory(page=event, label="Topics", kind="multiple_choice",
                                     choices="Policy\nTech", sort_order=2)  # fmt: skip
    [a] = people(1)
    registration = register(event, a, answers={str(q1.pk): "Vegan", str(q2.pk): ["Policy", "Tech"]})
    assert registration.answer_rows() == [("Diet", "Vegan"), ("Topics", "Policy, Tech")]
