"""Capacity is exact under concurrency (PostgreSQL, threads released together by a barrier).

Each control switches the event lock off (``services.LOCK_EVENTS``, a test-only switch) and
must oversell: that proves the race is real and the lock is what prevents it.
"""

import threading

import pytest
from django.db import connection, connections

from events import services
from events.models import Registration
from portal.models import OutgoingEmail

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
S = Registration.Status
RACERS = 40
CAPACITY = 10


def race(targets):
    """Run each callable in its own thread (own connection), all released at once."""
    barrier = threading.Barrier(len(targets))
    results, errors = [None] * len(targets), []

    def run(index, target):
        try:
            barrier.wait()
            results[index] = target()
        except Exception as exc:  # noqa: BLE001 (collected and asserted below)
            results[index] = exc
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def registrations_of(event, users):
    return [
        lambda user=user: services.register(event, user, name=user.email, consent=True)
        for user in users
    ]


@pytest.fixture
def lock_off(monkeypatch):
    monkeypatch.setattr(services, "LOCK_EVENTS", False)


def seated(event):
    return Registration.objects.filter(event=event, status__in=services.SEATED).count()


def test_forty_registrations_against_ten_seats_confirm_exactly_ten(make_event, people):
    assert connection.vendor == "postgresql"
    event = make_event(capacity=CAPACITY, waitlist_enabled=True)
    race(registrations_of(event, people(RACERS)))
    assert seated(event) == CAPACITY
    assert Registration.objects.filter(event=event, status=S.WAITLISTED).count() == RACERS - 10


def test_without_a_waiting_list_the_others_are_refused_full(make_event, people):
    event = make_event(capacity=CAPACITY, waitlist_enabled=False)
    results = race(registrations_of(event, people(RACERS)))
    refused = [r for r in results if isinstance(r, services.RegistrationError)]
    assert seated(event) == CAPACITY
    assert len(refused) == RACERS - CAPACITY
    assert {r.code for r in refused} == {"full"}


def test_control_without_the_lock_oversells(make_event, people, lock_off):
    event = make_event(capacity=CAPACITY, waitlist_enabled=True)
    race(registrations_of(event, people(RACERS)))
    assert seated(event) > CAPACITY


def test_two_simultaneous_cancellations_promote_two_people_once_each(make_event, people):
    event = make_event(capacity=2, waitlist_enabled=True)
    a, b, c, d, e = people(5)
    first, second, *_waiting = (
        services.register(event, person, name=person.email, consent=True)
        for person in (a, b, c, d, e)
    )
    OutgoingEmail.objects.all().delete()
    race(
        [lambda: services.cancel_registration(first), lambda: services.cancel_registration(second)]
    )
    statuses = {r.user_id: r.status for r in Registration.objects.filter(event=event)}
    assert statuses == {
        a.pk: S.CANCELLED, b.pk: S.CANCELLED, c.pk: S.CONFIRMED, d.pk: S.CONFIRMED,
        e.pk: S.WAITLISTED,
    }  # fmt: skip
    promoted = OutgoingEmail.objects.filter(category="events.promoted")
    assert sorted(address for m in promoted for address in m.to) == sorted([c.email, d.email])


def test_two_staff_checking_in_the_same_person_record_one_attendance(make_event, people, editor):
    event = make_event(capacity=None)
    [a] = people(1)
    registration = services.register(event, a, name="A", consent=True)
    results = race([lambda: services.check_in(registration, by=editor)] * 2)
    assert sorted(newly for _r, newly in results) == [False, True]
    assert registration.__class__.objects.get(pk=registration.pk).check_in is not None
