"""The membership e-mails: rendered from ``members/email/<template>_subject.txt|.txt|.html`` in
each recipient's language (``portal.mail.language_of``) and queued through
``portal.mail.queue_email``, whose idempotency key makes sending again a no-op (each key below
names what the message is about and its recipient)."""

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal.identity import absolute_url, alliance_name, site_root_url
from portal.mail import language_of, queue_email

from ..models import (
    Application,
)
from .reviewers import reviewers


def queue_emails(template, recipients, *, context, key, secret=False):
    """Render ``members/email/<template>_subject.txt|.txt|.html`` and queue one message per
    recipient, each in the recipient's language.

    ``recipients`` are users or e-mail addresses (an address without an account gets the
    language of the current request, ``portal.mail.language_of``); ``key(address)`` is the
    idempotency key: the same key never produces a second message. ``secret`` marks a message
    whose link acts for the recipient (``portal.mail``).
    """
    User = get_user_model()
    base = {"site_url": site_root_url(), "alliance": alliance_name()}
    by_address = {}
    for recipient in recipients:
        address = recipient.email if isinstance(recipient, User) else recipient
        if address:
            by_address.setdefault(address, recipient)
    sent = []
    for address, recipient in by_address.items():
        ctx = {**base, **context, "recipient": address}
        with translation.override(language_of(recipient)):
            subject = render_to_string(f"members/email/{template}_subject.txt", ctx)
            body_text = render_to_string(f"members/email/{template}.txt", ctx)
            body_html = render_to_string(f"members/email/{template}.html", ctx)
        sent.append(
            queue_email(
                to=address,
                subject=subject,
                body_text=body_text,
                body_html=body_html,
                category=f"members.{template}",
                idempotency_key=key(address),
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
    applicant = [app.applicant] if app.applicant_id else []
    ctx = {
        "application": app,
        "event": event,
        "url": application_url(app),
        "admin_url": _admin_url(app),
    }

    def key(kind):
        return lambda r: f"application:{app.pk}:{kind}:{r}:{event.pk}"

    if action in {"submit", "answer"}:
        queue_emails(
            "application_submitted",
            applicant,
            context={**ctx, "resubmitted": action == "answer"},
            key=key("submitted"),
        )
        # An answer goes to the application's reviewer (the one who asked); a new application,
        # or an answer nobody is assigned to, to every reviewer.
        to_review = [app.reviewer] if action == "answer" and app.reviewer_id else reviewers()
        queue_emails(
            "application_submitted_reviewers",
            to_review,
            context={**ctx, "resubmitted": action == "answer"},
            key=key("submitted-reviewers"),
        )
    elif action == "request_information":
        queue_emails(
            "information_requested", applicant, context=ctx, key=key("information-requested")
        )
    elif action == "approve":
        recipients = applicant + [c.user for c in app.member.contacts.select_related("user")]
        queue_emails(
            "approved", recipients, context={**ctx, "member": app.member}, key=key("approved")
        )
    elif action == "decline":
        queue_emails("declined", applicant, context=ctx, key=key("declined"))
    elif action == "withdraw" and event.from_status != Application.Status.DRAFT:
        queue_emails(
            "withdrawn",
            applicant + ([app.reviewer] if app.reviewer_id else []),
            context=ctx,
            key=key("withdrawn"),
        )
