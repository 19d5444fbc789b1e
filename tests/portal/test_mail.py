from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from portal import mail as outbox
from portal.models import OutgoingEmail
from portal.tasks import dispatch_queued_emails, send_email

pytestmark = pytest.mark.django_db


class BrokenBackend:
    """An e-mail backend whose server refuses every message, as an unreachable SMTP host does."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server unreachable")


BROKEN = "tests.portal.test_mail.BrokenBackend"


def queue(**kwargs):
    defaults = {"to": "someone@example.org", "subject": "Hello", "body_text": "Plain"}
    return outbox.queue_email(**{**defaults, **kwargs})


def test_queued_email_is_sent_by_the_task_once_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = queue(body_html="<p>Rich</p>", category="test")
    assert email.status == OutgoingEmail.Status.QUEUED
    assert mail.outbox == []  # nothing leaves before the commit

    for callback in callbacks:
        callback()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.attempts == 1
    assert email.sent_at is not None
    [message] = mail.outbox
    assert message.to == ["someone@example.org"] and message.subject == "Hello"
    assert message.alternatives[0].content == "<p>Rich</p>"


def test_email_from_a_rolled_back_transaction_is_never_sent(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue(subject="Never")
        raise RuntimeError("the request failed")
    assert callbacks == []
    assert not OutgoingEmail.objects.filter(subject="Never").exists()
    assert mail.outbox == []


def test_running_the_task_again_never_sends_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    send_email.apply(kwargs={"email_pk": email.pk})
    send_email.apply(kwargs={"email_pk": email.pk})
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_idempotency_key_makes_one_message_per_thing_recipient_and_kind(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(idempotency_key="application:7:someone@example.org:submitted")
        second = queue(idempotency_key="application:7:someone@example.org:submitted")
    assert first.pk == second.pk
    assert OutgoingEmail.objects.count() == 1
    assert len(mail.outbox) == 1


@override_settings(EMAIL_BACKEND=BROKEN)
def test_failure_is_recorded_and_the_record_kept():
    email = queue()
    # An eager task has no later attempt: the failure is final and visible to the secretariat.
    send_email.apply(kwargs={"email_pk": email.pk})
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert "mail server unreachable" in email.last_error
    assert mail.outbox == []


@override_settings(EMAIL_BACKEND=BROKEN)
def test_transient_failure_puts_the_message_back_in_the_queue():
    email = queue()
    with pytest.raises(outbox.TransientEmailError):
        outbox.deliver_email(email.pk)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED and email.attempts == 1
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        assert outbox.deliver_email(email.pk) is True
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.attempts == 2
    assert email.last_error == ""


@override_settings(EMAIL_BACKEND=BROKEN, EMAIL_MAX_ATTEMPTS=2)
def test_message_fails_for_good_after_its_last_attempt():
    email = queue()
    with pytest.raises(outbox.TransientEmailError):
        outbox.deliver_email(email.pk)
    assert outbox.deliver_email(email.pk) is False
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED and email.attempts == 2


def test_a_message_interrupted_while_sending_is_not_sent_again():
    email = queue()
    stale = timezone.now() - timedelta(hours=1)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.SENDING, updated_at=stale
    )
    assert outbox.deliver_email(email.pk) is False
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.last_error == outbox.INTERRUPTED
    assert mail.outbox == []


def test_a_message_another_worker_is_sending_is_left_alone():
    email = queue()
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.SENDING)
    assert outbox.deliver_email(email.pk) is False
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENDING
    assert mail.outbox == []


def test_dispatch_sends_messages_left_queued():
    fresh = queue(subject="Fresh")
    stale = queue(subject="Stale")
    OutgoingEmail.objects.filter(pk=stale.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    assert dispatch_queued_emails.apply().get() == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == OutgoingEmail.Status.SENT
    assert fresh.status == OutgoingEmail.Status.QUEUED
    assert [m.subject for m in mail.outbox] == ["Stale"]


@pytest.fixture
def unreachable_broker(monkeypatch):
    """Point the Celery app at a port where no broker listens, with fresh connection pools."""
    from portal.celery import app

    saved = (app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool)
    # Celery reads CELERY_BROKER_URL from the environment before its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app.conf.task_always_eager = False
    app._pool = app.amqp._producer_pool = None
    try:
        yield app
    finally:
        if app._pool is not None:
            app._pool.force_close_all()
        app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool = saved


def test_an_unreachable_broker_keeps_the_message_queued(
    unreachable_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(subject="Broker down")  # the request goes on: no exception reaches it
    assert unreachable_broker.pool.connection.port == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.attempts == 0


def test_the_outbox_role_sees_the_outbox_read_only(client, user):
    from django.contrib.auth.models import Group

    from portal.factories import UserFactory
    from portal.roles import OUTBOX_OPERATORS

    operator = UserFactory(
        email="outbox@example.org", groups=[Group.objects.get(name=OUTBOX_OPERATORS)]
    )
    failed = queue(subject="Bounced")
    OutgoingEmail.objects.filter(pk=failed.pk).update(
        status=OutgoingEmail.Status.FAILED, last_error="SMTPRecipientsRefused"
    )
    client.force_login(operator)
    response = client.get("/admin/outgoing_email/?status=failed")
    assert response.status_code == 200
    assert "Bounced" in response.content.decode()
    inspect = client.get(f"/admin/outgoing_email/inspect/{failed.pk}/")
    assert "SMTPRecipientsRefused" in inspect.content.decode()
    assert client.get(f"/admin/outgoing_email/edit/{failed.pk}/").status_code in (302, 403)
    assert client.get("/admin/outgoing_email/new/").status_code in (302, 403)
    client.force_login(user)
    assert client.get("/admin/outgoing_email/").status_code == 403  # no admin access: told so


def test_html_only_message_is_stored_and_sent_as_html(django_capture_on_commit_callbacks):
    from django.core.mail import EmailMessage

    message = EmailMessage("Rich only", "<p>Only <b>HTML</b></p>", "from@example.org", ["a@b.org"])
    message.content_subtype = "html"
    with django_capture_on_commit_callbacks(execute=True):
        stored = outbox.queue_message(message, category="html-only")
    assert (stored.body_text, stored.body_html) == ("", "<p>Only <b>HTML</b></p>")
    [sent] = mail.outbox
    assert sent.content_subtype == "html" and sent.body == "<p>Only <b>HTML</b></p>"
    assert sent.from_email == "from@example.org"
