"""Transactional e-mail: stored on a row, delivered by a Celery task once the transaction commits.

``queue_email`` is what the rest of the portal calls; ``deliver_email`` is what the task runs.
A message that carries a secret (``secret=True``: a password-reset or sign-in link, a
confirmation key, an invitation) keeps its body only until it is sent, and the admin never shows
it: whoever can read the outbox must not be able to act for the recipient.

A message is sent at most once: a task claims its row (queued → sending) in a committed
transaction before talking to the mail server, so neither a retried task nor a worker that died
mid-send can send it twice. A message interrupted while sending is marked failed for the
secretariat to check, rather than sent again blindly.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

INTERRUPTED = "Interrupted while sending: the message may or may not have gone out."


def queue_email(
    *,
    to,
    subject,
    body_text,
    body_html="",
    from_email=None,
    reply_to=(),
    headers=None,
    category="",
    idempotency_key=None,
    secret=False,
):
    """Store a message and enqueue its delivery once the current transaction commits.

    With an ``idempotency_key``, a second call for the same key returns the first message
    instead of creating another one. ``secret`` marks a message whose body lets its reader act
    for the recipient (see the module's docstring).
    """
    to = [to] if isinstance(to, str) else list(to)
    fields = {
        "from_email": from_email or settings.DEFAULT_FROM_EMAIL,
        "to": to,
        "reply_to": list(reply_to),
        "subject": " ".join(subject.splitlines()).strip(),
        "body_text": body_text,
        "body_html": body_html,
        "headers": headers or {},
        "category": category,
        "carries_secret": secret,
    }
    if idempotency_key:
        try:
            with transaction.atomic():
                email, created = OutgoingEmail.objects.get_or_create(
                    idempotency_key=idempotency_key, defaults=fields
                )
        except IntegrityError:  # created concurrently by another process
            email, created = OutgoingEmail.objects.get(idempotency_key=idempotency_key), False
        if not created:
            return email
    else:
        email = OutgoingEmail.objects.create(**fields)
    transaction.on_commit(lambda: enqueue_delivery(email.pk))
    return email


def queue_message(message: EmailMessage, *, category="", idempotency_key=None, secret=False):
    """Queue an already rendered Django ``EmailMessage`` (as allauth builds them)."""
    body_html = ""
    if isinstance(message, EmailMultiAlternatives):
        for content, mimetype in message.alternatives:
            if mimetype == "text/html":
                body_html = content
    body_text = message.body
    if getattr(message, "content_subtype", "plain") == "html":
        body_html, body_text = message.body, ""
    return queue_email(
        to=message.to,
        subject=message.subject,
        body_text=body_text,
        body_html=body_html,
        from_email=message.from_email,
        reply_to=message.reply_to,
        headers=message.extra_headers,
        category=category,
        idempotency_key=idempotency_key,
        secret=secret,
    )


def enqueue_delivery(email_pk):
    """Hand a stored message to Celery. If the broker is away, the row stays queued and the
    periodic ``dispatch_queued_emails`` task sends it later: nothing is lost."""
    from .tasks import send_email

    try:
        send_email.delay(email_pk)
    except Exception:
        logger.exception(
            "Could not enqueue e-mail %s; it stays queued for the next dispatch.", email_pk
        )


class TransientEmailError(Exception):
    """Delivery failed in a way worth retrying (the mail server was unreachable, say)."""


def _claim(email_pk):
    """Move a queued message to sending, in its own committed transaction.

    Returns the row when this caller owns the delivery, or ``None`` when there is nothing to do.
    """
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_pk).first()
        if email is None:
            logger.warning("E-mail %s does not exist; nothing to send.", email_pk)
            return None
        if email.status == OutgoingEmail.Status.SENDING:
            # Another worker holds it. Only once that worker must have been killed (its time
            # limit is long past) is the message marked as interrupted.
            limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * 2)
            if email.updated_at > timezone.now() - limit:
                return None
            email.status = OutgoingEmail.Status.FAILED
            email.last_error = INTERRUPTED
            email.save(update_fields=["status", "last_error", "updated_at"])
            return None
        if email.status != OutgoingEmail.Status.QUEUED:
            return None
        email.status = OutgoingEmail.Status.SENDING
        email.attempts += 1
        email.save(update_fields=["status", "attempts", "updated_at"])
        return email


def _build_message(email):
    fields = {
        "subject": email.subject,
        "from_email": email.from_email,
        "to": email.to,
        "reply_to": email.reply_to or None,
        "headers": email.headers or None,
    }
    if not email.body_text:  # an HTML-only message, as some allauth templates make
        message = EmailMessage(body=email.body_html, **fields)
        message.content_subtype = "html"
        return message
    message = EmailMultiAlternatives(body=email.body_text, **fields)
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def deliver_email(email_pk, *, final_attempt=False):
    """Send one stored message if it has not been sent. Safe to call any number of times.

    Raises ``TransientEmailError`` when the caller should retry later; the row is queued again.
    """
    email = _claim(email_pk)
    if email is None:
        return False
    try:
        _build_message(email).send(fail_silently=False)
    except Exception as exc:
        out_of_attempts = final_attempt or email.attempts >= settings.EMAIL_MAX_ATTEMPTS
        email.status = (
            OutgoingEmail.Status.FAILED if out_of_attempts else OutgoingEmail.Status.QUEUED
        )
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        email.save(update_fields=["status", "last_error", "updated_at"])
        logger.warning("Sending e-mail %s failed (attempt %s): %s", email.pk, email.attempts, exc)
        if out_of_attempts:
            return False
        raise TransientEmailError(email.last_error) from exc
    email.status = OutgoingEmail.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    fields = ["status", "sent_at", "last_error", "updated_at"]
    if email.carries_secret:
        email.body_text = email.body_html = ""
        fields += ["body_text", "body_html"]
    email.save(update_fields=fields)
    return True


def requeue_stale_emails():
    """Enqueue again the messages that stayed queued too long (a lost task, a broker outage)."""
    cutoff = timezone.now() - timedelta(minutes=settings.EMAIL_REQUEUE_AFTER_MINUTES)
    pks = list(
        OutgoingEmail.objects.filter(
            status=OutgoingEmail.Status.QUEUED, updated_at__lt=cutoff
        ).values_list("pk", flat=True)[:500]
    )
    for pk in pks:
        enqueue_delivery(pk)
    return len(pks)
