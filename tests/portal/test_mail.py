from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from portal import mail as outbox
from portal.models import OutgoingEmail
from portal.roles import (
    MEMBERSHIP_REVIEWERS,
    OUTBOX_OPERATORS,
    SECRETARIAT_EDITORS,
    SECRETARIAT_MODERATORS,
)
from portal.tasks import clear_sent_email_bodies, dispatch_queued_emails, send_email
from tests.html import soup

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


class DyingBackend:
    """The mail server accepts the message, then the worker dies before it hears so: the process
    exits (``SystemExit`` is no ``Exception``: nothing in the task may catch it)."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        mail.outbox.extend(messages)
        raise SystemExit("worker killed")


DYING = "tests.portal.test_mail.DyingBackend"


def claimed_ago(email, seconds):
    """Move the claim of a message that is sending ``seconds`` into the past."""
    OutgoingEmail.objects.filter(pk=email.pk).update(
        claimed_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_each_message_gets_its_message_id_when_queued():
    first, second = queue(), queue()
    domain = urlsplit(settings.SITE_URL).hostname  # the portal's, not the worker's host
    assert first.message_id.startswith("<") and first.message_id.endswith(f"@{domain}>")
    assert first.message_id != second.message_id
    given = queue(headers={"Message-ID": "<given@example.org>", "X-Kind": "test"})
    assert given.message_id == "<given@example.org>"
    assert given.headers == {"X-Kind": "test"}


def test_a_message_whose_worker_died_mid_send_is_sent_again_with_its_message_id(
    django_capture_on_commit_callbacks,
):
    email = queue(subject="Interrupted")
    with override_settings(EMAIL_BACKEND=DYING), pytest.raises(SystemExit):
        outbox.deliver_email(email.pk)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENDING and email.attempts == 1
    [first] = mail.outbox  # the server had it before the worker died

    # Within the claim timeout the worker may still be alive: neither a task nor the
    # dispatcher touches the message.
    claimed_ago(email, settings.EMAIL_CLAIM_TIMEOUT - 5)
    assert outbox.deliver_email(email.pk) is False
    assert dispatch_queued_emails.apply().result == {"interrupted": 0, "requeued": 0}
    assert len(mail.outbox) == 1

    claimed_ago(email, settings.EMAIL_CLAIM_TIMEOUT + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch_queued_emails.apply().result == {"interrupted": 1, "requeued": 0}
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.attempts == 2
    [_, again] = mail.outbox
    assert again.subject == "Interrupted"
    assert first.message()["Message-ID"] == again.message()["Message-ID"] == email.message_id


def test_a_fresh_sending_message_is_left_alone():
    email = queue()
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.SENDING, claimed_at=timezone.now(), attempts=1
    )
    assert outbox.deliver_email(email.pk) is False
    assert dispatch_queued_emails.apply().result == {"interrupted": 0, "requeued": 0}
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENDING and email.attempts == 1
    assert mail.outbox == []


@override_settings(EMAIL_MAX_ATTEMPTS=3)
def test_a_message_interrupted_on_its_last_attempt_fails_with_a_clear_error():
    email = queue()
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.SENDING, attempts=3
    )
    claimed_ago(email, settings.EMAIL_CLAIM_TIMEOUT + 1)
    assert dispatch_queued_emails.apply().result == {"interrupted": 0, "requeued": 0}
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.last_error == outbox.GAVE_UP_INTERRUPTED.format(attempts=3)
    assert "on the last of 3 attempts" in email.last_error
    assert mail.outbox == []


class TakenOverBackend:
    """A server so slow that the dispatcher took the message over, then a lost connection."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        OutgoingEmail.objects.filter(subject=messages[0].subject).update(
            status=OutgoingEmail.Status.QUEUED, claimed_at=None, last_error=outbox.INTERRUPTED
        )
        raise ConnectionResetError("connection lost")


@override_settings(EMAIL_BACKEND="tests.portal.test_mail.TakenOverBackend")
def test_a_late_failure_leaves_the_message_to_the_newer_attempt():
    email = queue(subject="Slow")
    assert outbox.deliver_email(email.pk) is False  # no retry of its own: it is queued again
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.last_error == outbox.INTERRUPTED


def test_dispatch_sends_messages_left_queued():
    fresh = queue(subject="Fresh")
    stale = queue(subject="Stale")
    OutgoingEmail.objects.filter(pk=stale.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    assert dispatch_queued_emails.apply().result == {"interrupted": 0, "requeued": 1}
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
    from portal.roles import OUTBOX_OPERATORS

    operator = outbox_user("outbox@example.org", OUTBOX_OPERATORS)
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


def test_migrations_give_waiting_messages_an_id_and_date_open_claims():
    import importlib

    from django.apps import apps as django_apps

    rows = {status: queue(subject=status) for status in OutgoingEmail.Status.values}
    OutgoingEmail.objects.update(message_id="", claimed_at=None)
    for status, email in rows.items():
        OutgoingEmail.objects.filter(pk=email.pk).update(status=status)

    importlib.import_module(
        "portal.migrations.0005_outgoing_email_message_id"
    ).give_unsent_messages_an_id(django_apps, None)
    importlib.import_module("portal.migrations.0006_outgoing_email_claimed_at").date_open_claims(
        django_apps, None
    )

    ids = dict(OutgoingEmail.objects.values_list("status", "message_id"))
    assert ids["sent"] == ""  # what it went out with was never stored
    assert all(ids[status] for status in ("queued", "sending", "failed"))
    assert len({ids["queued"], ids["sending"], ids["failed"]}) == 3
    claims = dict(OutgoingEmail.objects.values_list("status", "claimed_at"))
    sending = OutgoingEmail.objects.get(status="sending")
    assert claims == {"queued": None, "sent": None, "failed": None, "sending": sending.updated_at}


# --- Sending a failed message again (the outbox's operators) ------------------------------------


def outbox_user(email, *roles, **kwargs):
    """Staff as they really are: with the second factor the admin requires."""
    from django.contrib.auth.models import Group

    from portal.factories import UserFactory
    from tests.mfa import STAFF_TOTP_SECRET

    kwargs.setdefault("totp_secret", STAFF_TOTP_SECRET)
    return UserFactory(
        email=email, groups=[Group.objects.get(name=role) for role in roles], **kwargs
    )


def failed(**kwargs):
    email = queue(**kwargs)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.FAILED, attempts=6, last_error="SMTPServerDisconnected"
    )
    email.refresh_from_db()
    return email


def resend_url(email):
    return f"/admin/outgoing_email/resend/{email.pk}/"


def send_again_links(client, email):
    """The "Send again" links an operator is offered on the message and in the listing."""
    inspect = soup(client.get(f"/admin/outgoing_email/inspect/{email.pk}/"))
    listing = soup(client.get("/admin/outgoing_email/"))
    return [a for page in (inspect, listing) for a in page.select(f'a[href="{resend_url(email)}"]')]


@pytest.mark.parametrize(
    "role", [SECRETARIAT_EDITORS, SECRETARIAT_MODERATORS, MEMBERSHIP_REVIEWERS]
)
def test_other_staff_cannot_send_a_failed_message_again(
    client, role, django_capture_on_commit_callbacks
):
    email = failed(subject="Bounced")
    client.force_login(outbox_user("staff@example.org", role))
    assert not send_again_links(client, email)
    assert client.get(resend_url(email)).status_code in (302, 403)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend_url(email))
    assert response.status_code in (302, 403)
    assert response.get("Location", "") != f"/admin/outgoing_email/inspect/{email.pk}/"
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED and email.attempts == 6
    assert mail.outbox == []


def test_reading_the_outbox_is_not_enough_to_send_again(client):
    from django.contrib.auth.models import Group, Permission

    readers = Group.objects.create(name="Outbox readers")
    readers.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(codename="view_outgoingemail"),
    )
    email = failed(subject="Bounced")
    client.force_login(outbox_user("reader@example.org", "Outbox readers"))
    assert client.get(f"/admin/outgoing_email/inspect/{email.pk}/").status_code == 200
    assert not send_again_links(client, email)
    assert client.post(resend_url(email)).status_code in (302, 403)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED


@pytest.mark.parametrize("superuser", [False, True])
def test_the_outbox_role_sends_a_failed_message_again_with_its_message_id(
    client, superuser, django_capture_on_commit_callbacks
):
    email = failed(subject="Bounced")
    sent = queue(subject="Delivered")
    user = (
        outbox_user("admin@example.org", is_superuser=True)
        if superuser
        else outbox_user("outbox@example.org", OUTBOX_OPERATORS)
    )
    client.force_login(user)
    mail.outbox.clear()
    assert send_again_links(client, email)  # on the message and in the listing
    assert not send_again_links(client, sent)  # a sent message is not offered

    page = soup(client.get(resend_url(email)))
    [form] = page.select(f'form[method="post"][action="{resend_url(email)}"]')
    assert form.select('input[name="csrfmiddlewaretoken"]')
    assert "SMTPServerDisconnected" in page.get_text()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend_url(email))
    assert response.status_code == 302
    assert response["Location"] == f"/admin/outgoing_email/inspect/{email.pk}/"
    email.refresh_from_db()
    # Queued with a full set of attempts, enqueued on commit and sent by the (eager) task.
    assert email.status == OutgoingEmail.Status.SENT and email.attempts == 1
    [message] = mail.outbox
    assert message.subject == "Bounced"
    assert message.message()["Message-ID"] == email.message_id


def test_sending_again_needs_a_post_with_the_csrf_token(django_capture_on_commit_callbacks):
    from django.test import Client

    email = failed()
    client = Client(enforce_csrf_checks=True)
    client.force_login(outbox_user("outbox@example.org", OUTBOX_OPERATORS))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(resend_url(email)).status_code == 403
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED and mail.outbox == []


def test_a_sent_secret_cannot_be_sent_again_and_a_failed_one_can_without_being_shown(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        used = queue(subject="Reset", body_text="key: 1234-used", secret=True)
    used.refresh_from_db()
    assert used.status == OutgoingEmail.Status.SENT and used.body_text == ""
    waiting = failed(subject="Sign in", body_text="key: 5678-waiting", secret=True)
    client.force_login(outbox_user("outbox@example.org", OUTBOX_OPERATORS))
    mail.outbox.clear()

    assert not send_again_links(client, used)
    page = soup(client.get(resend_url(used)))
    assert not page.select("form[method=post]")
    assert "its body was deleted once sent, so it cannot be sent again" in page.get_text()
    response = client.post(resend_url(used), follow=True)
    text = soup(response).get_text(" ")
    assert "cannot be sent again" in text
    used.refresh_from_db()
    assert used.status == OutgoingEmail.Status.SENT and mail.outbox == []

    page = client.get(resend_url(waiting)).content.decode()
    assert "5678-waiting" not in page  # asked about, never shown
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resend_url(waiting))
    [message] = mail.outbox
    assert "5678-waiting" in message.body
    waiting.refresh_from_db()
    assert waiting.status == OutgoingEmail.Status.SENT and waiting.body_text == ""


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (OutgoingEmail.Status.SENT, "Only a failed message can be sent again."),
        (OutgoingEmail.Status.QUEUED, "already waiting to be sent"),
        (OutgoingEmail.Status.SENDING, "already waiting to be sent"),
    ],
)
def test_only_a_failed_message_is_sent_again(status, reason):
    email = queue()
    OutgoingEmail.objects.filter(pk=email.pk).update(status=status, attempts=1)
    with pytest.raises(outbox.CannotResend, match=reason):
        outbox.requeue_failed_email(email.pk)
    email.refresh_from_db()
    assert email.status == status and email.attempts == 1


# --- Retention of sent bodies -------------------------------------------------------------------


@override_settings(EMAIL_BODY_RETENTION_DAYS=30)
def test_bodies_of_messages_sent_before_the_retention_period_are_deleted():
    now = timezone.now()
    old = queue(subject="Old", body_html="<p>Old</p>", category="members.welcome")
    recent = queue(subject="Recent", body_html="<p>Recent</p>")
    old_failure = failed(subject="Old failure")
    for email, sent_days_ago in [(old, 31), (recent, 29)]:
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=OutgoingEmail.Status.SENT, sent_at=now - timedelta(days=sent_days_ago)
        )
    OutgoingEmail.objects.filter(pk=old_failure.pk).update(
        created_at=now - timedelta(days=90), updated_at=now - timedelta(days=90)
    )

    assert clear_sent_email_bodies.apply().result == 1
    assert clear_sent_email_bodies.apply().result == 0  # nothing left to clear

    old.refresh_from_db()
    assert (old.body_text, old.body_html) == ("", "")
    assert old.subject == "Old" and old.to == ["someone@example.org"]
    assert old.category == "members.welcome" and old.status == OutgoingEmail.Status.SENT
    assert old.sent_at < now - timedelta(days=30)
    for kept in (recent, old_failure):
        kept.refresh_from_db()
        assert kept.body_text == "Plain", kept.subject
    assert str(old.body) == "Deleted after sending, as the retention period for e-mail bodies asks."


def test_retention_runs_daily_in_beat():
    entries = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "portal.tasks.clear_sent_email_bodies",
        "portal.tasks.dispatch_queued_emails",
    } <= entries
