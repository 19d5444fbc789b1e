from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import make_msgid
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_message_id():
    """A Message-ID for a message being queued, in the portal's own domain."""
    return make_msgid(domain=urlsplit(settings.SITE_URL).hostname or None)


class OutgoingEmail(models.Model):
    """One e-mail the portal sends, and what became of it.

    Requests render the message and store it here; a Celery task delivers it. The row's status
    and its claim make delivery safe to retry (``portal.mail`` states the contract), and the
    outbox's operators can see what failed and why, and send a failed message again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # Optional key that makes one message unique per (thing, recipient, kind).
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=200, unique=True, null=True, blank=True
    )
    category = models.CharField(_("category"), max_length=100, blank=True, db_index=True)
    from_email = models.CharField(_("from"), max_length=254)
    to = models.JSONField(_("to"), default=list)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=998)
    body_text = models.TextField(_("plain text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # ``[{"filename", "mimetype", "content"}]``: text content as is, binary as base64 with
    # ``"base64": true`` (a calendar file, a QR code).
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # A message that carries a secret (a password-reset or sign-in link, a confirmation key, an
    # invitation): its body is never shown in the admin and is cleared once the message is sent.
    carries_secret = models.BooleanField(_("carries a secret"), default=False)
    # Given when the message is queued and sent with every delivery of it, so that a receiving
    # server or client can drop the copy sent again after a worker died mid-send.
    message_id = models.CharField(
        _("Message-ID"), max_length=255, default=new_message_id, blank=True, editable=False
    )

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When the last attempt claimed the message (queued → sending). A message still sending long
    # after its claim belongs to a worker that died, and is sent again (``portal.mail``).
    claimed_at = models.DateTimeField(_("last attempt started"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "updated_at"], name="outgoingemail_status_upd")]
        permissions = [("resend_outgoingemail", _("Can send a failed outgoing e-mail again"))]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    def get_to_display(self):
        """The recipients as people read them (the admin's listing and inspect view use it)."""
        return ", ".join(self.to)

    @property
    def body(self):
        """What the admin may show of the message's text."""
        if self.carries_secret and self.status == self.Status.SENT:
            return _(
                "Deleted once sent: this message carried a secret (a sign-in, reset, confirmation "
                "or invitation link), so it cannot be sent again. The recipient can ask for a new "
                "link."
            )
        if self.carries_secret:
            return _(
                "Not shown: this message carries a secret (a sign-in, reset, confirmation or "
                "invitation link) that would let its reader act for the recipient."
            )
        if not self.body_text and not self.body_html:
            return _("Deleted after sending, as the retention period for e-mail bodies asks.")
        return self.body_text or self.body_html
