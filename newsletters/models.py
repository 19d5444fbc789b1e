"""Topics, subscribers, suppressions, issues and their deliveries.

Newsletter deliveries have rows of their own (``Delivery``), not ``portal.OutgoingEmail`` rows:
one row per issue and address, unique on that pair, holding no body (the body is rendered from
the issue at send time, once per language, and personalised by substitution). The unique
constraint is what makes "one copy per address" a fact of the database however often the audience
is frozen again, and 10,000s of rows carry a few dozen bytes each instead of a rendered e-mail.
The claim, retry-with-backoff and interrupted-claim recovery follow ``portal/mail.py``.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import PreviewableMixin

from portal.regions import REGION_NAMES

from .blocks import IssueBodyBlock


def normalise(email):
    return (email or "").strip().lower()


class Topic(models.Model):
    """What a subscriber chooses to hear about; editors add topics in the admin."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("newsletter topic")
        verbose_name_plural = _("newsletter topics")

    def __str__(self):
        return self.name


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        PAUSED = "paused", _("Paused")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("e-mail"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_subscriptions",
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    # Members' contacts receive the members' bulletin by membership; this is their opt-out.
    bulletin_opt_out = models.BooleanField(_("no members' bulletin"), default=False)
    confirmation_token = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalise(self.email)
        super().save(*args, **kwargs)

    def new_confirmation_token(self):
        self.confirmation_token = secrets.token_urlsafe(32)
        self.confirmation_sent_at = timezone.now()


class Suppression(models.Model):
    """An address the portal never sends a newsletter to again."""

    class Reason(models.TextChoices):
        BOUNCE = "bounce", _("Hard bounce")
        COMPLAINT = "complaint", _("Complaint")
        MANUAL = "manual", _("Added by the secretariat")

    email = models.EmailField(_("e-mail"), unique=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("suppressed"), default=timezone.now)

    panels = [FieldPanel("email"), FieldPanel("reason"), FieldPanel("detail")]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suppression")
        verbose_name_plural = _("suppressions")

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalise(self.email)
        super().save(*args, **kwargs)


class NewsletterIssue(PreviewableMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        SENDING = "sending", _("Sending")
        PAUSED = "paused", _("Paused")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    class Audience(models.TextChoices):
        TOPICS = "topics", _("Subscribers to the chosen topics")
        BULLETIN = "bulletin", _("Members' bulletin: member contacts only")

    title = models.CharField(_("subject"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(IssueBodyBlock(), verbose_name=_("body"), blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.TOPICS
    )
    topics = models.ManyToManyField(
        Topic,
        verbose_name=_("topics"),
        blank=True,
        help_text=_("Subscribers to any of these topics receive the issue."),
    )
    member_kind = models.CharField(
        _("member kind"),
        max_length=20,
        blank=True,
        choices=[
            ("country", _("Country")),
            ("company", _("Company")),
            ("organisation", _("Organisation")),
        ],
        help_text=_("Members' bulletin only: limit it to the contacts of this kind of member."),
    )
    region = models.CharField(
        _("region"),
        max_length=3,
        blank=True,
        choices=list(REGION_NAMES.items()),
        help_text=_("Members' bulletin only: limit it to the contacts of members in this region."),
    )
    public = models.BooleanField(
        _("in the public archive"),
        default=True,
        help_text=_("Once sent, the issue is readable by anyone at /newsletter/archive/."),
    )
    send_at = models.DateTimeField(
        _("send at"), null=True, blank=True, help_text=_("Leave empty to send once approved.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("language"),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("topics"),
                FieldPanel("member_kind"),
                FieldPanel("region"),
                FieldPanel("public"),
                FieldPanel("send_at"),
            ],
            heading=_("Audience and sending"),
        ),
    ]

    class Meta:
        ordering = ["-sent_at", "-created_at"]
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        permissions = [("approve_newsletterissue", "Can approve and send newsletter issues")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("newsletters:issue", kwargs={"slug": self.slug})

    @property
    def is_bulletin(self):
        return self.audience == self.Audience.BULLETIN

    def get_preview_template(self, request, mode_name):
        return "newsletters/email/issue.html"

    def get_preview_context(self, request, mode_name):
        from .rendering import preview_context

        return preview_context(self)


class Delivery(models.Model):
    """One issue to one address: unique on the pair. The state machine is in services."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")
        SKIPPED = "skipped", _("Not sent (unsubscribed or suppressed)")
        CANCELLED = "cancelled", _("Cancelled")

    issue = models.ForeignKey(
        NewsletterIssue,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("issue"),
    )
    email = models.EmailField(_("e-mail"))
    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["issue", "email"], name="one_delivery_per_address")
        ]
        indexes = [models.Index(fields=["issue", "status"], name="delivery_issue_status")]

    def __str__(self):
        return f"{self.issue} → {self.email}"

    @property
    def message_id(self):
        from .rendering import message_id

        return message_id(self)
