"""The newsletters in the admin: topics and issues (snippets), subscribers, deliveries and
suppressions (read-only lists, with a person's page showing what they were sent), and the
issue's actions: preview as the e-mail, send a test to oneself, approve (moderators), pause,
resume, cancel, and its progress while it sends."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import rendering, services
from .models import Delivery, NewsletterIssue, Subscriber, Suppression, Topic

ACTIONS = {
    "approve": gettext_lazy("Approve and send"),
    "pause": gettext_lazy("Pause sending"),
    "resume": gettext_lazy("Resume sending"),
    "cancel": gettext_lazy("Cancel"),
}


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Records: read them, never change them in the admin (``add`` where ``addable``)."""

    addable = False

    def user_has_permission(self, user, action):
        if action in {"change", "delete"} or (action == "add" and not self.addable):
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class AddablePolicy(ReadOnlyPolicy):
    addable = True


class IssueInspectView(InspectView):
    template_name = "newsletters/admin/issue_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issue = self.object
        user = self.request.user
        may_send = services.may_approve(user)
        actions = [
            (name, ACTIONS[name])
            for name in services.allowed_actions(issue)
            if name in ACTIONS and may_send
        ]
        context.update(
            issue=issue,
            progress=services.progress(issue),
            actions=actions,
            may_send=may_send,
            email_url=reverse("newsletter_issue_email", args=(issue.pk,)),
            test_url=reverse("newsletter_issue_test", args=(issue.pk,)),
            deliveries_url=reverse("newsletters_deliveries:index") + f"?issue={issue.pk}",
        )
        return context


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = gettext_lazy("Topics")
    list_display = ["name", "slug", "sort_order"]


class IssueViewSet(SnippetViewSet):
    model = NewsletterIssue
    icon = "mail"
    menu_label = gettext_lazy("Issues")
    list_display = ["title", "status", "audience", "send_at", "sent_at"]
    list_filter = ["status", "audience"]
    search_fields = ["title"]
    inspect_view_enabled = True
    inspect_view_class = IssueInspectView


class SubscriberInspectView(InspectView):
    """A person's page: their subscription and every newsletter copy they were sent."""

    template_name = "newsletters/admin/subscriber_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["deliveries"] = (
            Delivery.objects.filter(email=self.object.email)
            .select_related("issue")
            .order_by("-pk")[:200]
        )
        return context


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "user"
    menu_label = gettext_lazy("Subscribers")
    inspect_view_enabled = True
    inspect_view_class = SubscriberInspectView
    list_display = ["email", "status", "language", "bulletin_opt_out", "created_at"]
    list_filter = ["status", "topics", "bulletin_opt_out"]
    search_fields = ["email"]
    list_export = ["email", "status", "language", "bulletin_opt_out", "created_at", "confirmed_at"]
    form_fields = ["email"]
    inspect_view_fields = [
        "email",
        "status",
        "language",
        "bulletin_opt_out",
        "created_at",
        "confirmed_at",
    ]


class DeliveryViewSet(ModelViewSet):
    model = Delivery
    icon = "list-ul"
    menu_label = gettext_lazy("Deliveries")
    list_display = ["email", "issue", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "issue"]
    search_fields = ["email"]
    list_export = ["email", "issue", "status", "attempts", "sent_at", "last_error"]
    form_fields = ["email"]


class SuppressionViewSet(ModelViewSet):
    model = Suppression
    icon = "cross"
    menu_label = gettext_lazy("Suppressions")
    list_display = ["email", "reason", "detail", "created_at"]
    list_filter = ["reason"]
    search_fields = ["email"]
    list_export = ["email", "reason", "detail", "created_at"]
    form_fields = ["email", "reason", "detail"]


class NewsletterGroup(ViewSetGroup):
    menu_label = gettext_lazy("Newsletters")
    menu_icon = "mail"
    menu_name = "newsletters"
    menu_order = 400
    items = (
        TopicViewSet,
        IssueViewSet,
        SubscriberViewSet("newsletters_subscribers"),
        DeliveryViewSet("newsletters_deliveries"),
        SuppressionViewSet("newsletters_suppressions"),
    )


register_permission_policy(Subscriber, ReadOnlyPolicy(Subscriber))
register_permission_policy(Delivery, ReadOnlyPolicy(Delivery))
register_permission_policy(Suppression, AddablePolicy(Suppression))
register_snippet(NewsletterGroup)


def _issue_for(request, pk, permission):
    issue = get_object_or_404(NewsletterIssue, pk=pk)
    if not request.user.has_perm(f"newsletters.{permission}_newsletterissue"):
        raise PermissionDenied
    return issue


def _inspect(issue):
    return redirect(
        reverse("wagtailsnippets_newsletters_newsletterissue:inspect", args=(issue.pk,))
    )


def issue_email(request, pk):
    """The issue exactly as the e-mail (inlined HTML), links as placeholders."""
    issue = _issue_for(request, pk, "view")
    _subject, html, _text = rendering.render_issue(issue, issue.language)
    return HttpResponse(html)


@require_POST
def issue_test(request, pk):
    issue = _issue_for(request, pk, "change")
    services.send_test(issue, request.user.email)
    messages.success(
        request, _("A test copy was sent to %(email)s.") % {"email": request.user.email}
    )
    return _inspect(issue)


@require_POST
def issue_action(request, pk, action):
    issue = get_object_or_404(NewsletterIssue, pk=pk)
    if action not in ACTIONS or not services.may_approve(request.user):
        raise PermissionDenied
    try:
        if action == "approve":
            services.approve(issue, request.user)
        else:
            getattr(services, action)(issue)
    except services.NoRecipients:
        messages.error(
            request,
            _(
                "Nobody would receive this issue: choose its topics (or its members' audience) "
                "and approve it again once someone is subscribed."
            ),
        )
    except services.NotAllowed:
        messages.error(request, _("This action does not apply to the issue as it is now."))
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": ACTIONS[action]})
    return _inspect(issue)


@hooks.register("register_admin_urls")
def register_issue_urls():
    return [
        path("newsletters/issue/<int:pk>/email/", issue_email, name="newsletter_issue_email"),
        path("newsletters/issue/<int:pk>/test/", issue_test, name="newsletter_issue_test"),
        path(
            "newsletters/issue/<int:pk>/<slug:action>/",
            issue_action,
            name="newsletter_issue_action",
        ),
    ]
