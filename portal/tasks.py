from celery import shared_task

from . import mail
from .privacy import services as privacy


@shared_task(bind=True, max_retries=5, acks_late=True)
def send_email(self, email_pk):
    """Deliver one stored e-mail (``OutgoingEmail``); retries transient failures with backoff."""
    final_attempt = self.request.is_eager or self.request.retries >= self.max_retries
    try:
        return mail.deliver_email(email_pk, final_attempt=final_attempt)
    except mail.TransientEmailError as exc:
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 3600)) from exc


@shared_task
def dispatch_queued_emails():
    """Periodic (every minute): send again the messages of workers that died mid-send, and
    enqueue those left queued by a lost task or a broker outage."""
    return mail.dispatch_emails()


@shared_task
def clear_sent_email_bodies():
    """Periodic (daily): delete the bodies of messages sent longer ago than the retention period."""
    return mail.clear_sent_email_bodies()


@shared_task
def purge_unverified_accounts():
    """Periodic: delete accounts never verified nor signed in (``privacy.unverified_accounts``)."""
    return privacy.purge_unverified_accounts()
