"""The membership e-mails: rendered from ``members/email/<template>.txt|.html`` in the site's
language and queued through ``portal.mail.queue_email``, whose idempotency key makes sending again
a no-op (each key below names what the message is about and its recipient)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.identity import absolute_url, alliance_name, site_root_url
from portal.mail import queue_email

from ..models import (
    Application,
)
from .reviewers import reviewers


def queue_emails(template, recipients, *, subject, context, key, secret=False):
    """Render ``members/email/<template>.txt|.html`` and queue one message per recipient.

    ``key(recipient)`` is the idempotency key: the same key never produces a second message.
    ``secret`` marks a message whose link acts for the recipient (``portal.mail``).
    """
    base = {"site_url": site_root_url(), "alliance": alliance_name()}
    sent = []
    with translation.override(settings.LANGUAGE_CODE):
        for recipient in dict.fromkeys(r for r in recipients if r):
            ctx = {**base, **context, "recipient": recipient}
            sent.append(
                queue_email(
                    to=recipient,
                    subject=str(subject),
                    body_text=render_to_string(f"members/email/{template}.txt", ctx),
                    body_html=render_to_string(f"members/email/{template}.html", ctx),
                    category=f"members.{template}",
                    idempotency_key=key(recipient),
                    secret=secret,
                )
            )
    return sent


def application_url(app):
    return absolute_url(reverse("members:application", kwargs={"pk": app.pk}))


def _admin_url(app):
    return absolute_url(reverse("members_applications:inspect", args=[app.pk]))


def notify_application_event(event):
    """Queue the e-mails an event calls for. Safe to call again: nothing is sent twice."""
    app = event.application
    action = event.action
    # Nobody to tell once the applicant deleted their account.
    applicant = [app.applicant.email] if app.applicant_id else []
    ctx = {
        "application": app,
        "event": event,
        "url": application_url(app),
        "admin_url": _admin_url(app),
    }

    def key(kind):
        return lambda r: f"application:{app.pk}:{kind}:{r}:{event.pk}"

    name = app.display_name
    if action in {"submit", "answer"}:
        queue_emails(
            "application_submitted",
            applicant,
            subject=_("We received your application: %(name)s") % {"name": name},
            context={**ctx, "resubmitted": action == "answer"},
            key=key("submitted"),
        )
        # An answer goes to the application's reviewer (the one who asked); a new application,
        # or an answer nobody is assigned to, to every reviewer.
        to_review = (
            [app.reviewer.email]
            if action == "answer" and app.reviewer_id
            else [u.email for u in reviewers()]
        )
        queue_emails(
            "application_submitted_reviewers",
            to_review,
            subject=_("Application to review: %(name)s") % {"name": name},
            context={**ctx, "resubmitted": action == "answer"},
            key=key("submitted-reviewers"),
        )
    elif action == "request_information":
        queue_emails(
            "information_requested",
            applicant,
            subject=_("The secretariat needs more information: %(name)s") % {"name": name},
            context=ctx,
            key=key("information-requested"),
        )
    elif action == "approve":
        recipients = applicant + [c.user.email for c in app.member.contacts.select_related("user")]
        queue_emails(
            "approved",
            recipients,
            subject=_("Welcome to the alliance, %(name)s") % {"name": name},
            context={**ctx, "member": app.member},
            key=key("approved"),
        )
    elif action == "decline":
        queue_emails(
            "declined",
            applicant,
            subject=_("Your application: %(name)s") % {"name": name},
            context=ctx,
            key=key("declined"),
        )
    elif action == "withdraw" and event.from_status != Application.Status.DRAFT:
        queue_emails(
            "withdrawn",
            applicant + ([app.reviewer.email] if app.reviewer_id else []),
            subject=_("Application withdrawn: %(name)s") % {"name": name},
            context=ctx,
            key=key("withdrawn"),
        )
