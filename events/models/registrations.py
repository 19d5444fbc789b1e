"""Registrations for an event, invitation codes, check-ins and messages to registrants.

Every change of a registration's status goes through ``events.services`` (its ``TRANSITIONS``).
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at a desk


def new_code(length=8):
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        PENDING = "pending", _("Pending approval")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    member = models.ForeignKey(
        "members.MemberOrganisation",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    access_needs = models.TextField(_("access needs"), blank=True)
    consent = models.BooleanField(_("consent"), default=False)
    code = models.CharField(_("check-in code"), max_length=12, unique=True, default=new_code)
    invitation_code = models.CharField(_("invitation code"), max_length=40, blank=True)
    decision_message = models.TextField(_("message from the secretariat"), blank=True)
    # Order of the waiting list: first waiting, first promoted.
    waitlisted_at = models.DateTimeField(_("waiting since"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person")
        ]
        indexes = [models.Index(fields=["event", "status", "waitlisted_at"])]

    def __str__(self):
        return f"{self.name} – {self.event}"

    @property
    def is_active(self):
        return self.status not in (self.Status.CANCELLED, self.Status.DECLINED)

    def answer_rows(self):
        """(question, answer) pairs in the event's order of questions."""
        rows = []
        for question in self.event.questions.all():
            value = self.answers.get(str(question.pk), "")
            if isinstance(value, list):
                value = ", ".join(value)
            elif isinstance(value, bool):
                value = _("Yes") if value else _("No")
            rows.append((question.label, value))
        return rows

    @property
    def answers_text(self):
        """The answers on one line each, for the exports."""
        return "\n".join(f"{label}: {value}" for label, value in self.answer_rows())


class InvitationCode(models.Model):
    """A single-use code for an event by invitation."""

    event = models.ForeignKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="invitation_codes"
    )
    code = models.CharField(_("code"), max_length=40, unique=True, default=new_code)
    used_by = models.OneToOneField(
        Registration,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation",
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")

    def __str__(self):
        return self.code


class CheckIn(models.Model):
    """One attendance per registration, whoever taps first."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="check_in"
    )
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_in_at = models.DateTimeField(_("checked in at"), auto_now_add=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self):
        return f"{self.registration} @ {self.checked_in_at:%Y-%m-%d %H:%M}"


class EventMessage(models.Model):
    """A message the secretariat sends to an event's registrants (all, or one status)."""

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="messages")
    status = models.CharField(
        _("to registrations that are"),
        max_length=20,
        choices=Registration.Status.choices,
        blank=True,
        help_text=_("Empty: everyone registered (not cancelled or declined)."),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")

    def __str__(self):
        return self.subject
