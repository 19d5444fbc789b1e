"""Transactional e-mail: stored on a row, delivered by a Celery task once the transaction commits.

``queue_email`` is what the rest of the portal calls; ``deliver_email`` is what the task runs;
``dispatch_emails`` is what beat runs every minute. A message that carries a secret
(``secret=True``: a password-reset or sign-in link, a confirmation key, an invitation) keeps its
body only until it is sent, and the admin never shows it: whoever can read the outbox must not be
able to act for the recipient. Every other body is deleted ``EMAIL_BODY_RETENTION_DAYS`` after
sending (``clear_sent_email_bodies``).

Every message is written in its recipient's language, which ``language_of`` alone decides: the
senders render subject and bodies inside ``translation.override(language_of(recipient))``.

Delivery is exactly once while workers live, and at least once when one dies mid-send:

- A task claims its row (queued → sending, ``claimed_at``, one more attempt) in a committed
  transaction before talking to the mail server, so a retried or duplicated task finds the row
  sending or sent and does nothing.
- A worker killed mid-send leaves its row sending. Once the claim is older than
  ``EMAIL_CLAIM_TIMEOUT`` (above the task's hard time limit, so no live worker still holds it),
  the dispatcher puts the row back in the queue and enqueues it: the message is sent again. The
  mail server may have accepted the first copy before the worker died; the second carries the
  same Message-ID (stored when the message was queued), so a receiving server or client can drop
  it. This does not wait for the broker's visibility timeout, which redelivers a killed worker's
  task only an hour later (and that task then finds nothing to do).
- After ``EMAIL_MAX_ATTEMPTS`` claims, failed or interrupted, the message is failed with its
  error, and the outbox's operators can send it again (``requeue_failed_email``).
"""

import base64
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

# Stored in ``last_error`` (the record, in English like the mail servers' own errors).
INTERRUPTED = (
    "Interrupted while sending (the worker stopped before the mail server answered); "
    "queued to be sent again with the same Message-ID."
)
GAVE_UP_INTERRUPTED = (
    "Interrupted while sending on the last of {attempts} attempts (the worker stopped before the "
    "mail server answered): not sent again automatically. The message may have gone out."
)


def offered_language(code):
    """``code`` if the portal offers it (``settings.LANGUAGES``; a variant such as ``fr-ca`` of
    one it offers counts as that one), else ``None``."""
    try:
        return translation.get_supported_language_variant(code or "")
    except LookupError:
        return None


def current_language():
    """The language of the page being answered (``LANGUAGE_CODE`` outside a request)."""
    return offered_language(translation.get_language()) or settings.LANGUAGE_CODE


def language_of(recipient):
    """The language to write to ``recipient``, a user or an e-mail address.

    - Someone with an account (the user given, or the account whose address or verified address
      it is): the account's preference, ``User.language``; the default ``LANGUAGE_CODE`` if the
      portal no longer offers that language.
    - An address without an account (a colleague invited to a member, a password reset asked for
      an unknown address): the language active where the message is queued, which is the
      language of the page whose request caused it; ``LANGUAGE_CODE`` in a task or command.
    """
    if isinstance(recipient, str):
        preference = (
            get_user_model()
            .objects.filter(
                Q(email__iexact=recipient)
                | Q(emailaddress__email__iexact=recipient, emailaddress__verified=True)
            )
            .values_list("language", flat=True)
            .first()
        )
        if preference is None:
            return current_language()
    else:
        preference = recipient.language
    return offered_language(preference) or settings.LANGUAGE_CODE


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
    attachments=(),
):
    """Store a message and enqueue its delivery once the current transaction commits.

    ``attachments``: ``(filename, content, mimetype)`` triples; ``content`` is text or bytes.

    With an ``idempotency_key``, a second call for the same key returns the first message
    instead of creating another one. ``secret`` marks a message whose body lets its reader act
    for the recipient (see the module's docstring).
    """
    to = [to] if isinstance(to, str) else list(to)
    headers = dict(headers or {})
    # The Message-ID lives in its own field, generated now unless the caller set one.
    given_ids = [headers.pop(name) for name in list(headers) if name.lower() == "message-id"]
    fields = {
        "from_email": from_email or settings.DEFAULT_FROM_EMAIL,
        "to": to,
        "reply_to": list(reply_to),
        "subject": " ".join(subject.splitlines()).strip(),
        "body_text": body_text,
        "body_html": body_html,
        "headers": headers,
        "category": category,
        "carries_secret": secret,
        "attachments": [stored_attachment(*attachment) for attachment in attachments],
    }
    if given_ids:
        fields["message_id"] = given_ids[-1]
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


def stored_attachment(filename, content, mimetype):
    if isinstance(content, bytes):
        content, encoded = base64.b64encode(content).decode("ascii"), True
    else:
        encoded = False
    return {"filename": filename, "mimetype": mimetype, "content": content, "base64": encoded}


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

    Returns the row when this caller owns the delivery, or ``None`` when there is nothing to do:
    the message is gone, sent, failed, or sending (a live worker holds it, or a dead one did and
    ``recover_interrupted_emails`` will queue it again).
    """
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_pk).first()
        if email is None:
            logger.warning("E-mail %s does not exist; nothing to send.", email_pk)
            return None
        if email.status != OutgoingEmail.Status.QUEUED:
            return None
        email.status = OutgoingEmail.Status.SENDING
        email.attempts += 1
        email.claimed_at = timezone.now()
        email.save(update_fields=["status", "attempts", "claimed_at", "updated_at"])
        return email


def _build_message(email):
    headers = dict(email.headers or {})
    if email.message_id:  # empty only on messages sent before Message-IDs were stored
        headers["Message-ID"] = email.message_id
    fields = {
        "subject": email.subject,
        "from_email": email.from_email,
        "to": email.to,
        "reply_to": email.reply_to or None,
        "headers": headers or None,
    }
    if not email.body_text:  # an HTML-only message, as some allauth templates make
        message = EmailMessage(body=email.body_html, **fields)
        message.content_subtype = "html"
        return message
    message = EmailMultiAlternatives(body=email.body_text, **fields)
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments or ():
        content = attachment["content"]
        if attachment.get("base64"):
            content = base64.b64decode(content)
        message.attach(attachment["filename"], content, attachment["mimetype"])
    return message


def deliver_email(email_pk, *, final_attempt=False):
    """Send one stored message if it is queued. Safe to call any number of times.

    Raises ``TransientEmailError`` when the caller should retry later; the row is queued again.
    """
    email = _claim(email_pk)
    if email is None:
        return False
    try:
        _build_message(email).send(fail_silently=False)
    except Exception as exc:
        out_of_attempts = final_attempt or email.attempts >= settings.EMAIL_MAX_ATTEMPTS
        status = OutgoingEmail.Status.FAILED if out_of_attempts else OutgoingEmail.Status.QUEUED
        error = f"{type(exc).__name__}: {exc}"[:2000]
        # Only while this attempt still holds the claim: if the dispatcher took the message over
        # (this worker outlived EMAIL_CLAIM_TIMEOUT), the newer attempt decides.
        held = OutgoingEmail.objects.filter(
            pk=email.pk, status=OutgoingEmail.Status.SENDING, claimed_at=email.claimed_at
        ).update(status=status, last_error=error, updated_at=timezone.now())
        logger.warning("Sending e-mail %s failed (attempt %s): %s", email.pk, email.attempts, exc)
        if out_of_attempts or not held:
            return False
        raise TransientEmailError(error) from exc
    # The mail server has the message: it is sent, whichever attempt holds the row now.
    email.status = OutgoingEmail.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    fields = ["status", "sent_at", "last_error", "updated_at"]
    if email.carries_secret:
        email.body_text = email.body_html = ""
        email.attachments = []
        fields += ["body_text", "body_html", "attachments"]
    email.save(update_fields=fields)
    return True


def recover_interrupted_emails():
    """Queue again the messages whose worker died mid-send; fail those out of attempts.

    A message still sending ``EMAIL_CLAIM_TIMEOUT`` seconds after its claim has outlived the
    task's hard time limit, so no live worker holds it. Returns the primary keys queued again.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.EMAIL_CLAIM_TIMEOUT)
    requeued = []
    with transaction.atomic():
        stale = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(status=OutgoingEmail.Status.SENDING, claimed_at__lt=cutoff)
            .order_by("claimed_at")[:500]
        )
        for email in stale:
            if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                email.status = OutgoingEmail.Status.FAILED
                email.last_error = GAVE_UP_INTERRUPTED.format(attempts=email.attempts)
            else:
                email.status = OutgoingEmail.Status.QUEUED
                email.last_error = INTERRUPTED
                requeued.append(email.pk)
            email.save(update_fields=["status", "last_error", "updated_at"])
            logger.warning("E-mail %s was interrupted while sending: %s", email.pk, email.status)
        transaction.on_commit(lambda: [enqueue_delivery(pk) for pk in requeued])
    return requeued


def requeue_stale_emails():
    """Enqueue again the messages that stayed queued too long (a lost task, a broker outage).

    Each is enqueued at most once per ``EMAIL_REQUEUE_AFTER_MINUTES``, however long the backlog.
    """
    cutoff = timezone.now() - timedelta(minutes=settings.EMAIL_REQUEUE_AFTER_MINUTES)
    pks = list(
        OutgoingEmail.objects.filter(
            status=OutgoingEmail.Status.QUEUED, updated_at__lt=cutoff
        ).values_list("pk", flat=True)[:500]
    )
    OutgoingEmail.objects.filter(pk__in=pks, status=OutgoingEmail.Status.QUEUED).update(
        updated_at=timezone.now()
    )
    for pk in pks:
        enqueue_delivery(pk)
    return pks


def dispatch_emails():
    """What beat runs every minute: recover dead workers' messages, enqueue forgotten ones."""
    recovered = recover_interrupted_emails()
    requeued = requeue_stale_emails()
    return {"interrupted": len(recovered), "requeued": len(requeued)}


def clear_sent_email_bodies():
    """Delete the text and HTML of messages sent more than ``EMAIL_BODY_RETENTION_DAYS`` ago.

    Subject, recipients, category, status and times stay. Returns how many were cleared.
    """
    cutoff = timezone.now() - timedelta(days=settings.EMAIL_BODY_RETENTION_DAYS)
    return (
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT, sent_at__lt=cutoff)
        .exclude(body_text="", body_html="")
        .update(body_text="", body_html="", attachments=[], updated_at=timezone.now())
    )


class CannotResend(Exception):
    """The message cannot be sent again; the argument says why, for the operator."""


def resend_refusal(email):
    """Why ``email`` cannot be sent again, for the operator, or ``None`` when it can."""
    Status = OutgoingEmail.Status
    if email.status == Status.SENT and email.carries_secret:
        return _(
            "This message was sent and carried a secret (a sign-in, reset, confirmation or "
            "invitation link): its body was deleted once sent, so it cannot be sent again. The "
            "recipient can ask for a new link."
        )
    if email.status == Status.SENT:
        return _("This message was sent. Only a failed message can be sent again.")
    if email.status in (Status.QUEUED, Status.SENDING):
        return _("This message is already waiting to be sent.")
    if not email.body_text and not email.body_html:
        return _("This message has no body any more, so it cannot be sent again.")
    return None


def requeue_failed_email(email_pk):
    """Put a failed message back in the queue, with a full set of attempts and its Message-ID,
    and enqueue it once the transaction commits. Raises ``CannotResend`` with the reason."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email_pk)
        refusal = resend_refusal(email)
        if refusal:
            raise CannotResend(refusal)
        email.status = OutgoingEmail.Status.QUEUED
        email.attempts = 0
        email.claimed_at = None
        email.save(update_fields=["status", "attempts", "claimed_at", "updated_at"])
        transaction.on_commit(lambda: enqueue_delivery(email.pk))
    return email
