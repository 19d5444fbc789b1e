"""Wagtail's moderation notices (an item waits for a moderator; an editor's item was approved or
rejected), written in each recipient's language and sent through the outbox.

Wagtail's own notifiers render them in the language of the recipient's admin preference, or of
the request when there is none, and hand them to the mail server from the request itself.
The notifiers here are Wagtail's, with ``send_emails`` changed: each message is rendered inside
``translation.override(language_of(recipient))`` and queued with ``portal.mail.queue_email``, so
it leaves once the transaction commits and the outbox records it. ``connect`` (called by
``portal.apps`` before ``wagtail.admin`` is ready: it comes earlier in INSTALLED_APPS) connects
them under the ``dispatch_uid`` Wagtail uses for its own, and Django ignores a second connection
with the same ``dispatch_uid``: each notice is sent once, by the portal
(tests/portal/test_moderation.py).

Wagtail's comment notices (``updated_comments``) are sent by a function, not a notifier, and stay
Wagtail's.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
)
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from .mail import language_of, queue_email


class OutboxNotifierMixin:
    """``send_emails`` of Wagtail's e-mail notifiers, through the outbox in each recipient's
    language."""

    def send_emails(self, template_set, context, recipients, **kwargs):
        for recipient in recipients:
            ctx = {**context, "user": recipient}
            with translation.override(language_of(recipient)):
                subject = render_to_string(template_set["subject"], ctx)
                body_text = render_to_string(template_set["text"], ctx).strip()
                body_html = ""
                if getattr(settings, "WAGTAILADMIN_NOTIFICATION_USE_HTML", False):
                    body_html = render_to_string(template_set["html"], ctx)
            queue_email(
                to=recipient.email,
                subject=subject,
                body_text=body_text,
                body_html=body_html,
                from_email=getattr(settings, "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL", None),
                headers={"Auto-Submitted": "auto-generated"},
                category=f"wagtail.{self.notification}",
            )
        return True


class TaskSubmissionNotifier(OutboxNotifierMixin, GroupApprovalTaskStateSubmissionEmailNotifier):
    pass


class WorkflowSubmissionNotifier(OutboxNotifierMixin, WorkflowStateSubmissionEmailNotifier):
    pass


class WorkflowApprovalNotifier(OutboxNotifierMixin, WorkflowStateApprovalEmailNotifier):
    pass


class WorkflowRejectionNotifier(OutboxNotifierMixin, WorkflowStateRejectionEmailNotifier):
    pass


# (signal, sender, notifier, the dispatch_uid of Wagtail's notifier in wagtail.admin)
NOTICES = [
    (
        task_submitted,
        TaskState,
        TaskSubmissionNotifier(),
        "group_approval_task_submitted_email_notification",
    ),
    (
        workflow_submitted,
        WorkflowState,
        WorkflowSubmissionNotifier(),
        "workflow_state_submitted_email_notification",
    ),
    (
        workflow_rejected,
        WorkflowState,
        WorkflowRejectionNotifier(),
        "workflow_state_rejected_email_notification",
    ),
    (
        workflow_approved,
        WorkflowState,
        WorkflowApprovalNotifier(),
        "workflow_state_approved_email_notification",
    ),
]


def connect():
    for signal, sender, notifier, dispatch_uid in NOTICES:
        signal.connect(notifier, sender=sender, dispatch_uid=dispatch_uid)
