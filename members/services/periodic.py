"""Periodic membership work, called by the beat tasks in ``members.tasks``: reminders to reviewers
and applicants, and the yearly renewal of members' commitment."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from portal.identity import absolute_url

from ..models import (
    Application,
    MemberOrganisation,
    add_years,
)
from .notifications import application_url, queue_emails
from .reviewers import reviewers


def remind_reviewers(today=None):
    """Daily: tell reviewers which applications have waited longer than the set number of days.

    One message per reviewer per day, whatever the number of runs.
    """
    today = today or timezone.localdate()
    days = settings.MEMBERS_REVIEW_REMINDER_DAYS
    waiting = list(Application.objects.overdue(days).select_related("reviewer").order_by("pk"))
    if not waiting:
        return 0
    sent = queue_emails(
        "reviewers_reminder",
        reviewers(),
        context={
            "applications": waiting,
            "days": days,
            "admin_url": absolute_url(reverse("members_applications:index")),
        },
        key=lambda r: f"application-reminder:reviewers:{today.isoformat()}:{r}",
    )
    return len(sent)


def remind_applicants(today=None):
    """Remind applicants of an information request left unanswered; once per request."""
    days = settings.MEMBERS_INFORMATION_REMINDER_DAYS
    cutoff = timezone.now() - timedelta(days=days)
    apps = Application.objects.filter(
        status=Application.Status.INFORMATION_REQUESTED, status_changed_at__lt=cutoff
    ).select_related("applicant")
    count = 0
    for app in apps:
        request_event = app.events.filter(action="request_information").order_by("-pk").first()
        if request_event is None:
            continue
        count += len(
            queue_emails(
                "information_reminder",
                [app.applicant],
                context={"application": app, "event": request_event, "url": application_url(app)},
                key=lambda r, a=app, e=request_event: (
                    f"application:{a.pk}:information-reminder:{r}:{e.pk}"
                ),
            )
        )
    return count


def check_commitment_renewals(today=None):
    """Yearly renewal: remind contacts before the anniversary, flag the lapse for the secretariat.

    Keys carry the due date, so each year gets one reminder and one flag per recipient.
    """
    today = today or timezone.localdate()
    ahead = settings.MEMBERS_RENEWAL_REMINDER_DAYS
    candidates = MemberOrganisation.objects.active().filter(
        commitment_endorsed_on__lte=add_years(today + timedelta(days=ahead), -1)
    )
    reminded = lapsed = 0
    reviewer_list = None
    for member in candidates.prefetch_related("contacts__user"):
        due = member.commitment_due_on
        contacts = [c.user for c in member.contacts.all()]
        url = absolute_url(reverse("members:organisation", kwargs={"slug": member.slug}))
        if today < due:
            reminded += len(
                queue_emails(
                    "renewal_reminder",
                    contacts,
                    context={"member": member, "due": due, "url": url},
                    key=lambda r, m=member, d=due: f"member:{m.pk}:renewal-reminder:{d}:{r}",
                )
            )
        elif member.commitment_lapsed_on is None:
            member.commitment_lapsed_on = due
            member.save(update_fields=["commitment_lapsed_on", "updated_at"])
            if reviewer_list is None:
                reviewer_list = list(reviewers())
            lapsed += 1
            queue_emails(
                "renewal_lapsed",
                reviewer_list,
                context={
                    "member": member,
                    "due": due,
                    "admin_url": absolute_url(
                        reverse("members_organisations:inspect", args=[member.pk])
                    ),
                },
                key=lambda r, m=member, d=due: f"member:{m.pk}:renewal-lapsed:{d}:{r}",
            )
    return {"reminded": reminded, "lapsed": lapsed}
