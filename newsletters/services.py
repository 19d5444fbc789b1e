"""Newsletter operations: subscriptions, suppressions, approving and sending issues.

The issue's life is in ``TRANSITIONS`` (the one place for its rules)::

    draft --approve--> approved --start--> sending --finish--> sent
                                         sending <--pause/resume--> paused
    draft, approved, sending, paused --cancel--> cancelled

Sending, for 10,000s of recipients, exactly once per address while workers live:

- ``start_sending`` freezes the audience into ``Delivery`` rows, unique per issue and address
  (``bulk_create(ignore_conflicts=True)``: freezing twice adds nobody twice).
- ``send_batch`` claims up to ``NEWSLETTER_BATCH_SIZE`` queued rows (queued → sending, one more
  attempt, ``claimed_at``) with ``SELECT … FOR UPDATE SKIP LOCKED`` in a committed transaction
  before talking to the mail server, so two workers never hold the same row. It sends them through
  one SMTP connection and marks each copy sent as soon as the server has accepted it (one
  ``UPDATE``, committed on its own: the batch's only query per copy), committed before the next
  copy's message goes out (``delivery``: the mark is written while the next copy's envelope is);
  the failures are recorded in bulk at each checkpoint (every ``NEWSLETTER_STATUS_CHECK``
  copies, and at the end of the batch), where pause and cancel are read too. A transient SMTP
  error (4xx, a dropped connection) puts the row back in the queue with an exponential backoff
  (``retry_at``); a permanent one (5xx) fails it with the server's answer; after
  ``NEWSLETTER_MAX_ATTEMPTS`` it fails. A batch makes the same number of queries for 5 copies as
  for 50, plus one per copy (tests/newsletters/test_batch_cost.py).
- A worker killed mid-send leaves its claimed rows sending. ``dispatch_newsletters`` (beat, every
  minute) queues them again once the claim is older than ``NEWSLETTER_CLAIM_TIMEOUT`` (above the
  task's hard time limit), and enqueues the issue again. The one copy that can arrive twice is the
  one in flight when the worker died (accepted by the server, not yet marked); it is sent again
  with the same Message-ID (``rendering.message_id``), which a receiving server or client can
  drop, as the outbox does.
- Pause and cancel are read by the sender at each checkpoint and at each claim; the rows it had
  claimed and not sent go back to the queue.
"""

import logging
import smtplib
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal.identity import absolute_url, alliance_name, site_root_url
from portal.mail import current_language, offered_language, queue_email

from . import rendering
from .delivery import MarkFailed, SentMarks, send_after
from .models import Delivery, NewsletterIssue, Subscriber, Suppression, Topic, normalise

logger = logging.getLogger(__name__)

Status = NewsletterIssue.Status
TRANSITIONS = {
    "approve": ({Status.DRAFT}, Status.APPROVED),
    "start": ({Status.APPROVED}, Status.SENDING),
    "pause": ({Status.SENDING}, Status.PAUSED),
    "resume": ({Status.PAUSED}, Status.SENDING),
    "cancel": ({Status.DRAFT, Status.APPROVED, Status.SENDING, Status.PAUSED}, Status.CANCELLED),
    "finish": ({Status.SENDING}, Status.SENT),
}


class NotAllowed(Exception):
    """The action does not apply to the issue in its present state."""


class NoRecipients(NotAllowed):
    """Nobody would receive the issue (no topic chosen, or nobody subscribed to them): approving
    it would mark it sent, and put it in the archive, having gone to no one."""


def allowed_actions(issue):
    return [name for name, (sources, _target) in TRANSITIONS.items() if issue.status in sources]


def _transition(issue_pk, action, **fields):
    sources, target = TRANSITIONS[action]
    changed = NewsletterIssue.objects.filter(pk=issue_pk, status__in=sources).update(
        status=target, updated_at=timezone.now(), **fields
    )
    if not changed:
        raise NotAllowed(action)
    return NewsletterIssue.objects.get(pk=issue_pk)


# --- Subscribing -------------------------------------------------------------------------------


def is_suppressed(email):
    return Suppression.objects.filter(email=normalise(email)).exists()


def _queue(template, email, context, *, key, secret=False, language=None):
    language = offered_language(language) or current_language()
    ctx = {"site_url": site_root_url(), "alliance": alliance_name(), **context}
    with translation.override(language):
        subject = render_to_string(f"newsletters/email/{template}_subject.txt", ctx)
        text = render_to_string(f"newsletters/email/{template}.txt", ctx)
        html = render_to_string(f"newsletters/email/{template}.html", ctx)
    return queue_email(
        to=email,
        subject=subject,
        body_text=text,
        body_html=html,
        category=f"newsletter_{template}",
        idempotency_key=key,
        secret=secret,
    )


def subscribe(email, topics, *, language=None, user=None):
    """Ask for a subscription. Whatever the address's state, the caller answers the same way;
    the e-mail says what happened (a confirmation link, or a link to the preferences of an
    address already subscribed). A suppressed address is sent nothing."""
    email = normalise(email)
    language = offered_language(language) or current_language()
    if is_suppressed(email):
        return None
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
            email=email, defaults={"language": language, "user": user}
        )
        if subscriber.status == Subscriber.Status.CONFIRMED:
            preferences, _unsub = rendering.personal_links(email)
            _queue(
                "already_subscribed",
                email,
                {"preferences_url": preferences},
                key=f"newsletter:already:{email}:{timezone.now():%Y%m%d%H}",
                secret=True,
                language=subscriber.language,
            )
            return subscriber
        if user is not None and subscriber.user_id is None:
            subscriber.user = user
        subscriber.status = Subscriber.Status.PENDING
        subscriber.language = language
        subscriber.new_confirmation_token()
        subscriber.save()
        subscriber.topics.set(topics)
        url = absolute_url(
            reverse("newsletters:confirm", kwargs={"token": subscriber.confirmation_token})
        )
        _queue(
            "confirm",
            email,
            {"confirm_url": url, "hours": settings.NEWSLETTER_CONFIRMATION_HOURS},
            key=f"newsletter:confirm:{subscriber.confirmation_token}",
            secret=True,
            language=language,
        )
    return subscriber


def pending_by_token(token):
    """The subscriber waiting for this confirmation token, if it has not expired."""
    if not token:
        return None
    cutoff = timezone.now() - timedelta(hours=settings.NEWSLETTER_CONFIRMATION_HOURS)
    return Subscriber.objects.filter(
        confirmation_token=token,
        status=Subscriber.Status.PENDING,
        confirmation_sent_at__gte=cutoff,
    ).first()


def confirm(token):
    """Confirm the subscription of this token; ``None`` when it is unknown or expired."""
    subscriber = pending_by_token(token)
    if subscriber is None:
        return None
    subscriber.status = Subscriber.Status.CONFIRMED
    subscriber.confirmed_at = timezone.now()
    subscriber.confirmation_token = ""
    subscriber.save(update_fields=["status", "confirmed_at", "confirmation_token", "updated_at"])
    return subscriber


def subscriber_for(email):
    return Subscriber.objects.filter(email=normalise(email)).first()


def update_preferences(email, *, topics, status, bulletin=None):
    """Change topics and status (confirmed, paused, unsubscribed) from the signed preferences
    page; ``bulletin`` (member contacts) says whether they receive the members' bulletin."""
    email = normalise(email)
    subscriber, _created = Subscriber.objects.get_or_create(
        email=email, defaults={"status": Subscriber.Status.UNSUBSCRIBED}
    )
    if status in (
        Subscriber.Status.CONFIRMED,
        Subscriber.Status.PAUSED,
        Subscriber.Status.UNSUBSCRIBED,
    ):
        if not (
            status == Subscriber.Status.CONFIRMED and subscriber.status == Subscriber.Status.PENDING
        ):
            subscriber.status = status
        if status == Subscriber.Status.CONFIRMED and subscriber.confirmed_at is None:
            subscriber.confirmed_at = timezone.now()
    if bulletin is not None:
        subscriber.bulletin_opt_out = not bulletin
    subscriber.save()
    subscriber.topics.set(topics)
    return subscriber


def unsubscribe(email, kind=rendering.NEWS):
    """One click: leave the newsletter, or (``kind`` bulletin) the members' bulletin."""
    email = normalise(email)
    subscriber, _created = Subscriber.objects.get_or_create(
        email=email, defaults={"status": Subscriber.Status.UNSUBSCRIBED}
    )
    if kind == rendering.BULLETIN:
        subscriber.bulletin_opt_out = True
    else:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
    subscriber.save()
    return subscriber


def receives_bulletin(user):
    """Whether this person is a member contact who has not opted out of the bulletin."""
    if not user.member_contacts.filter(organisation__status="active").exists():
        return None
    return not Subscriber.objects.filter(
        email=normalise(user.email), bulletin_opt_out=True
    ).exists()


# --- Suppressions and the provider's events ----------------------------------------------------


def suppress(email, reason, detail=""):
    email = normalise(email)
    suppression, _created = Suppression.objects.get_or_create(
        email=email, defaults={"reason": reason, "detail": detail[:500]}
    )
    return suppression


def record_tracking_event(sender, event, esp_name, **kwargs):
    """django-anymail's ``tracking`` signal: a hard bounce or a complaint suppresses the
    address and marks its latest sent newsletter copy bounced. Soft bounces (``deferred``)
    change nothing."""
    reasons = {"bounced": Suppression.Reason.BOUNCE, "complained": Suppression.Reason.COMPLAINT}
    reason = reasons.get(event.event_type)
    if reason is None or not event.recipient:
        return
    detail = f"{esp_name}: {event.description or event.mta_response or event.event_type}"
    suppress(event.recipient, reason, detail)
    latest = (
        Delivery.objects.filter(email=normalise(event.recipient), status=Delivery.Status.SENT)
        .order_by("-sent_at")
        .first()
    )
    if latest is not None and reason == Suppression.Reason.BOUNCE:
        Delivery.objects.filter(pk=latest.pk).update(status=Delivery.Status.BOUNCED)


# --- Audience ----------------------------------------------------------------------------------


def audience(issue):
    """``(email, subscriber_pk, language)`` of everyone the issue goes to, suppressions out."""
    suppressed = Suppression.objects.values("email")
    if issue.is_bulletin:
        from members.models import MemberContact

        contacts = MemberContact.objects.filter(organisation__status="active")
        if issue.member_kind:
            contacts = contacts.filter(organisation__kind=issue.member_kind)
        if issue.region:
            contacts = contacts.filter(organisation__region=issue.region)
        opted_out = Subscriber.objects.filter(bulletin_opt_out=True).values("email")
        users = (
            get_user_model()
            .objects.filter(pk__in=contacts.values("user"), is_active=True)
            .exclude(email="")
            .values_list("email", "language")
        )
        subscribers = dict(Subscriber.objects.values_list("email", "pk"))
        excluded = set(Suppression.objects.values_list("email", flat=True)) | set(
            opted_out.values_list("email", flat=True)
        )
        seen = set()
        for email, language in users.iterator():
            email = normalise(email)
            if email in excluded or email in seen:
                continue
            seen.add(email)
            yield email, subscribers.get(email), language
        return
    rows = (
        Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED, topics__in=issue.topics.all())
        .exclude(email__in=suppressed)
        .values_list("email", "pk", "language")
        .distinct()
        .order_by("pk")
    )
    yield from rows.iterator(chunk_size=5000)


def freeze_audience(issue, *, chunk=5000):
    """One queued delivery per recipient; running it again adds only who is new. Returns how
    many rows were added."""
    before = issue.deliveries.count()
    batch = []
    for email, subscriber_pk, language in audience(issue):
        batch.append(
            Delivery(
                issue=issue,
                email=email,
                subscriber_id=subscriber_pk,
                language=offered_language(language) or issue.language,
            )
        )
        if len(batch) >= chunk:
            Delivery.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Delivery.objects.bulk_create(batch, ignore_conflicts=True)
    return issue.deliveries.count() - before


# --- Approving and sending ---------------------------------------------------------------------


def may_approve(user):
    from portal.roles import SECRETARIAT_MODERATORS

    return user.is_superuser or user.groups.filter(name=SECRETARIAT_MODERATORS).exists()


def approve(issue, user):
    """A moderator approves the issue; it starts sending now, or at ``send_at`` (beat)."""
    if not may_approve(user):
        raise PermissionError
    recipients = audience(issue)
    try:
        if next(recipients, None) is None:
            raise NoRecipients
    finally:
        recipients.close()
    issue = _transition(issue.pk, "approve", approved_by=user, approved_at=timezone.now())
    if issue.send_at is None or issue.send_at <= timezone.now():
        issue = start_sending(issue)
    return issue


def start_sending(issue):
    with transaction.atomic():
        issue = _transition(issue.pk, "start", started_at=timezone.now())
        freeze_audience(issue)
        transaction.on_commit(lambda: enqueue_sending(issue.pk))
    return issue


def pause(issue):
    return _transition(issue.pk, "pause")


def resume(issue):
    issue = _transition(issue.pk, "resume")
    transaction.on_commit(lambda: enqueue_sending(issue.pk))
    return issue


def cancel(issue):
    with transaction.atomic():
        issue = _transition(issue.pk, "cancel")
        issue.deliveries.filter(status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.CANCELLED
        )
    return issue


def enqueue_sending(issue_pk):
    from .tasks import send_newsletter_issue

    try:
        send_newsletter_issue.delay(issue_pk)
    except Exception:
        logger.exception("Could not enqueue issue %s; the dispatcher will.", issue_pk)


def _claimable(issue_pk):
    now = timezone.now()
    return Delivery.objects.filter(issue_id=issue_pk, status=Delivery.Status.QUEUED).filter(
        Q(retry_at__isnull=True) | Q(retry_at__lte=now)
    )


def _claim(issue_pk, size):
    """Claim up to ``size`` queued deliveries for this worker, committed before sending.
    Returns the issue (``None`` unless it is sending) and the claimed rows."""
    with transaction.atomic():
        issue = NewsletterIssue.objects.filter(pk=issue_pk, status=Status.SENDING).first()
        if issue is None:
            return None, []
        claimed = list(
            _claimable(issue_pk).select_for_update(skip_locked=True).order_by("pk")[:size]
        )
        if not claimed:
            return issue, []
        now = timezone.now()
        Delivery.objects.filter(pk__in=[d.pk for d in claimed]).update(
            status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    for delivery in claimed:  # as the UPDATE left them (the rows were locked)
        delivery.status, delivery.claimed_at = Delivery.Status.SENDING, now
        delivery.attempts += 1
    return issue, claimed


def _skip_gone(issue, claimed):
    """Mark skipped the claimed rows of someone who unsubscribed, paused or was suppressed
    since the audience was frozen; returns the others."""
    emails = [d.email for d in claimed]
    gone = set(Suppression.objects.filter(email__in=emails).values_list("email", flat=True))
    if issue.is_bulletin:
        gone |= set(
            Subscriber.objects.filter(email__in=emails, bulletin_opt_out=True).values_list(
                "email", flat=True
            )
        )
    else:
        gone |= set(
            Subscriber.objects.filter(email__in=emails)
            .exclude(status=Subscriber.Status.CONFIRMED)
            .values_list("email", flat=True)
        )
    if gone:
        Delivery.objects.filter(pk__in=[d.pk for d in claimed if d.email in gone]).update(
            status=Delivery.Status.SKIPPED
        )
    return [d for d in claimed if d.email not in gone]


def is_transient(exc):
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError))


def backoff(attempts):
    return settings.NEWSLETTER_RETRY_BACKOFF * (2 ** max(attempts - 1, 0))


def _failure(delivery, exc):
    """``delivery`` with what one failed attempt leaves on it (not saved): queued again with an
    exponential backoff for a transient error with attempts left, failed otherwise."""
    delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    out_of_attempts = delivery.attempts >= settings.NEWSLETTER_MAX_ATTEMPTS
    if is_transient(exc) and not out_of_attempts:
        delivery.status = Delivery.Status.QUEUED
        delivery.retry_at = timezone.now() + timedelta(seconds=backoff(delivery.attempts))
    else:
        delivery.status = Delivery.Status.FAILED
    logger.warning(
        "Newsletter delivery %s failed (attempt %s): %s",
        delivery.pk,
        delivery.attempts,
        delivery.last_error,
    )
    return delivery


class Outcomes:
    """The failures of a batch's copies, written in bulk at each checkpoint."""

    def __init__(self, claimed_at):
        self.claimed_at = claimed_at
        self.failed = []

    def record(self):
        if self.failed:
            # Only while this batch still holds the claim: if the dispatcher took a row over
            # (this worker outlived NEWSLETTER_CLAIM_TIMEOUT), the newer attempt decides.
            Delivery.objects.filter(
                status=Delivery.Status.SENDING, claimed_at=self.claimed_at
            ).bulk_update(self.failed, ["status", "retry_at", "last_error"])
            self.failed = []


def _release(deliveries):
    """Give back claimed rows not sent (the issue was paused or cancelled mid-batch)."""
    if deliveries:
        Delivery.objects.filter(
            pk__in=[d.pk for d in deliveries], status=Delivery.Status.SENDING
        ).update(status=Delivery.Status.QUEUED, attempts=F("attempts") - 1, claimed_at=None)


def _still_sending(issue_pk):
    return NewsletterIssue.objects.filter(pk=issue_pk, status=Status.SENDING).exists()


def _send_copy(connection, copies, delivery, marks):
    """Send one copy: through an SMTP connection, the prepared bytes with the recipient's own
    values (``rendering.Copies``), the previous copy's mark committed before this one's message
    goes out (``delivery.send_after``); otherwise, or when the copy cannot be prepared, the
    message Django builds (``rendering.build_message``), once the previous mark is committed."""
    message_id = rendering.message_id(delivery, root=copies.root)
    smtp = connection.connection if isinstance(connection, SMTPBackend) else None
    if smtp is not None:
        copy = copies.as_bytes(
            email=delivery.email, language=delivery.language, message_id_value=message_id
        )
        if copy is not None:
            send_after(smtp, copies.envelope_from, delivery.email, copy, marks.wait)
            return
    message = rendering.build_message(
        copies.issue,
        email=delivery.email,
        language=delivery.language,
        message_id_value=message_id,
        connection=connection,
        root=copies.root,
    )
    marks.wait()
    message.send(fail_silently=False)


def send_batch(issue_pk, *, size=None):
    """Claim and send one batch. Returns how many rows were claimed (0: nothing to do now).

    The batch makes one query per copy (its mark, ``delivery.SentMarks``) and a constant number
    besides up to ``NEWSLETTER_STATUS_CHECK`` copies, and one more at each checkpoint after: the
    issue is rendered once per language (``rendering.render_issue``), each copy only gets its own
    links, all go through one SMTP connection, and failures are recorded in bulk (``Outcomes``)."""
    size = size or settings.NEWSLETTER_BATCH_SIZE
    issue, claimed = _claim(issue_pk, size)
    if not claimed:
        return 0
    count, claimed = len(claimed), _skip_gone(issue, claimed)
    if not claimed:
        return count  # everyone in it had left: the next batch may have someone
    root = site_root_url()
    rate = settings.NEWSLETTER_RATE_PER_SECOND
    outcomes = Outcomes(claimed_at=claimed[0].claimed_at)
    copies = rendering.Copies(issue, root=root)
    started = time.monotonic()
    connection = get_connection()
    try:
        connection.open()
    except Exception as exc:  # noqa: BLE001 (recorded on each row: transient or permanent)
        outcomes.failed = [_failure(delivery, exc) for delivery in claimed]
        outcomes.record()
        return count
    with SentMarks() as marks:
        try:
            for index, delivery in enumerate(claimed):
                if index and index % settings.NEWSLETTER_STATUS_CHECK == 0:
                    outcomes.record()
                    if not _still_sending(issue_pk):
                        _release(claimed[index:])
                        break
                if rate:
                    wait = started + index / rate - time.monotonic()
                    if wait > 0:
                        time.sleep(wait)
                try:
                    _send_copy(connection, copies, delivery, marks)
                except MarkFailed:  # the database, not this copy: the batch stops
                    _release(claimed[index:])
                    raise
                except Exception as exc:  # noqa: BLE001 (recorded on the row, with the error)
                    outcomes.failed.append(_failure(delivery, exc))
                    if isinstance(exc, (smtplib.SMTPServerDisconnected, OSError)):
                        connection.close()
                        try:
                            connection.open()
                        except Exception:  # noqa: BLE001 (the rest is given back to the queue)
                            _release(claimed[index + 1 :])
                            break
                    continue
                marks.mark(delivery.pk)
        finally:
            try:
                connection.close()
            except Exception:
                logger.warning("Closing the SMTP connection failed", exc_info=True)
            outcomes.record()
    return count


def finish_if_done(issue_pk):
    """Mark the issue sent once no delivery is queued or sending."""
    busy = Delivery.objects.filter(
        issue_id=issue_pk, status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    ).exists()
    if busy:
        return False
    return bool(
        NewsletterIssue.objects.filter(pk=issue_pk, status=Status.SENDING).update(
            status=Status.SENT, sent_at=timezone.now(), updated_at=timezone.now()
        )
    )


def send_issue(issue_pk, *, budget=None):
    """What the task runs: batches until nothing is claimable or the time budget is spent.
    Returns ``"more"`` when the budget ran out with work left (the task enqueues itself again)."""
    budget = settings.NEWSLETTER_TASK_BUDGET if budget is None else budget
    deadline = time.monotonic() + budget
    while send_batch(issue_pk):
        if time.monotonic() > deadline:
            return "more"
    finish_if_done(issue_pk)
    return "done"


def recover_interrupted_deliveries():
    """Queue again the rows a dead worker had claimed (or fail them, out of attempts)."""
    cutoff = timezone.now() - timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT)
    stale = Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=cutoff)
    failed = stale.filter(attempts__gte=settings.NEWSLETTER_MAX_ATTEMPTS).update(
        status=Delivery.Status.FAILED, last_error="Interrupted while sending on the last attempt."
    )
    requeued = stale.update(
        status=Delivery.Status.QUEUED,
        last_error="Interrupted while sending; queued again with the same Message-ID.",
    )
    return requeued + failed


def dispatch_newsletters():
    """Beat, every minute: start scheduled issues, recover dead workers' rows, and enqueue every
    issue that is sending and has work it can do now."""
    now = timezone.now()
    started = 0
    for issue in NewsletterIssue.objects.filter(status=Status.APPROVED, send_at__lte=now):
        try:
            start_sending(issue)
            started += 1
        except NotAllowed:
            pass
    recovered = recover_interrupted_deliveries()
    kicked = 0
    for issue_pk in NewsletterIssue.objects.filter(status=Status.SENDING).values_list(
        "pk", flat=True
    ):
        if _claimable(issue_pk).exists():
            enqueue_sending(issue_pk)
            kicked += 1
        else:
            finish_if_done(issue_pk)
    return {"started": started, "recovered": recovered, "enqueued": kicked}


def send_test(issue, email):
    """The issue as the e-mail, to one address (the editor's own), with a test subject."""
    message = rendering.build_message(issue, email=email, language=issue.language)
    message.subject = f"[TEST] {message.subject}"
    message.send(fail_silently=False)


def progress(issue):
    counts = dict.fromkeys(Delivery.Status.values, 0)
    from django.db.models import Count

    for row in issue.deliveries.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    counts["total"] = sum(counts.values())
    counts["unsubscribed"] = Subscriber.objects.filter(
        deliveries__issue=issue, status=Subscriber.Status.UNSUBSCRIBED
    ).count()
    return counts


def topics_for_form():
    return Topic.objects.all()
