"""The secretariat's views in the Wagtail admin: review an application, act on it, read its
documents; suspend, end or reinstate a membership."""

import django_filters
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import DeleteView, EditView, IndexView, InspectView
from wagtail.permission_policies import ModelPermissionPolicy

from portal.regions import region_choices

from . import services
from .forms import AssignForm, ReviewActionForm
from .models import Application, MemberOrganisation

# --- Permission policies ------------------------------------------------------------------------


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Reviewers see applications; every change goes through the review actions (the service)."""

    def user_has_permission(self, user, action):
        return action == "view" and services.is_reviewer(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return services.reviewers() if "view" in actions else super().users_with_any_permission([])


class MemberPermissionPolicy(ModelPermissionPolicy):
    """Members are never deleted (the history matters): they are ended."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class FrozenWhenEndorsedMixin:
    """Edit and delete views refuse a statement version that someone endorsed."""

    def get_object(self, queryset=None):
        statement = super().get_object(queryset)
        if statement.is_endorsed:
            raise PermissionDenied
        return statement


class CommitmentEditView(FrozenWhenEndorsedMixin, EditView):
    pass


class CommitmentDeleteView(FrozenWhenEndorsedMixin, DeleteView):
    pass


class CommitmentPermissionPolicy(ModelPermissionPolicy):
    """A version someone endorsed is frozen: the secretariat publishes a new version instead."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action in {"change", "delete"} and instance.is_endorsed:
            return False
        return super().user_has_permission_for_instance(user, action, instance)


# --- Applications -------------------------------------------------------------------------------

AGE_CHOICES = [
    ("week", gettext_lazy("Waiting up to a week")),
    ("month", gettext_lazy("Waiting one week to a month")),
    ("older", gettext_lazy("Waiting over a month")),
    ("overdue", gettext_lazy("Overdue")),
]


class ApplicationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=Application.Status.choices
    )
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Kind"), choices=Application.Kind.choices)
    region = django_filters.ChoiceFilter(label=gettext_lazy("Region"), choices=region_choices)
    age = django_filters.ChoiceFilter(
        label=gettext_lazy("Age"), choices=AGE_CHOICES, method="filter_age"
    )

    class Meta:
        model = Application
        fields = ["status", "kind", "region"]

    def filter_age(self, queryset, name, value):
        now = timezone.now()
        week, month = now - timezone.timedelta(days=7), now - timezone.timedelta(days=30)
        if value == "overdue":
            return queryset.overdue(settings.MEMBERS_REVIEW_REMINDER_DAYS)
        if value == "week":
            return queryset.filter(status_changed_at__gte=week)
        if value == "month":
            return queryset.filter(status_changed_at__lt=week, status_changed_at__gte=month)
        return queryset.filter(status_changed_at__lt=month)


class ApplicationIndexView(IndexView):
    """The list, with counts by status (one query) above it."""

    def get_base_queryset(self):
        return Application.objects.submitted().select_related("applicant", "reviewer")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = Application.objects.exclude(status=Application.Status.DRAFT).aggregate(
            **{
                status: Count("pk", filter=Q(status=status))
                for status in Application.Status.values
                if status != Application.Status.DRAFT
            },
            overdue=Count(
                "pk",
                filter=Q(
                    status__in=[Application.Status.SUBMITTED, Application.Status.UNDER_REVIEW],
                    status_changed_at__lt=timezone.now()
                    - timezone.timedelta(days=settings.MEMBERS_REVIEW_REMINDER_DAYS),
                ),
            ),
        )
        context["status_counts"] = [
            {"label": label, "count": counts[value], "value": value}
            for value, label in Application.Status.choices
            if value != Application.Status.DRAFT
        ]
        context["overdue_count"] = counts["overdue"]
        return context


class ApplicationReviewView(InspectView):
    """An application as the secretariat reviews it: the answers, the letter, possible
    duplicates, the history, and the actions open to it now."""

    template_name = "members/admin/application_review.html"

    def get_fields(self):
        return []  # the template lays the answers out itself

    def get_fields_context(self):
        return []

    def get_object(self, queryset=None):
        return get_object_or_404(Application.objects.submitted(), pk=self.pk)

    def get_page_title(self):
        return _("Review application")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        app = self.object
        targets = services.allowed_targets(app.status, services.REVIEWER)
        S = Application.Status
        actions = []
        for action, target, label in [
            ("start_review", S.UNDER_REVIEW, _("Start review")),
            ("request_information", S.INFORMATION_REQUESTED, _("Request information")),
            ("approve", S.APPROVED, _("Approve")),
            ("decline", S.DECLINED, _("Decline")),
        ]:
            if target in targets:
                actions.append(
                    {
                        "name": action,
                        "label": label,
                        "form": ReviewActionForm(prefix=action),
                        "message_required": action in services.MESSAGE_REQUIRED,
                    }
                )
        context.update(
            {
                "application": app,
                "actions": actions,
                "assign_form": AssignForm(prefix="assign", initial={"reviewer": app.reviewer_id})
                if app.is_open
                else None,
                "duplicates": services.find_possible_duplicates(app),
                "events": app.events.select_related("actor"),
                "further_contacts": app.further_contacts.all(),
                "submission_errors": services.submission_errors(app) if app.is_open else [],
            }
        )
        return context


ACTIONS = {
    "start_review": services.start_review,
    "request_information": services.request_information,
    "approve": services.approve_application,
    "decline": services.decline_application,
}


def _require_reviewer(request):
    if not services.is_reviewer(request.user):
        raise PermissionDenied


@require_POST
def application_action(request, pk, action):
    """Run one review action through the service; a refused one shows its error."""
    _require_reviewer(request)
    app = get_object_or_404(Application, pk=pk)
    if action == "assign":
        form = AssignForm(request.POST, prefix="assign")
    elif action in ACTIONS:
        form = ReviewActionForm(request.POST, prefix=action)
    else:
        raise Http404
    if not form.is_valid():
        messages.error(request, _("The action could not be recorded: check the form."))
        return redirect("members_applications:inspect", app.pk)
    message = form.cleaned_data["message"]
    try:
        if action == "assign":
            services.assign_reviewer(
                app, actor=request.user, reviewer=form.cleaned_data["reviewer"], message=message
            )
        else:
            ACTIONS[action](app, actor=request.user, message=message)
    except services.MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Done: the application is now “%(status)s”.") % {"status": app.get_status_display()},
        )
    return redirect("members_applications:inspect", app.pk)


def endorsement_letter(request, pk):
    """The letter of endorsement of a submitted application, to reviewers only; nobody else
    learns it exists. A draft's letter stays the applicant's until they submit it."""
    if not services.is_reviewer(request.user):
        raise Http404
    app = get_object_or_404(Application.objects.submitted(), pk=pk)
    if not app.endorsement_letter:
        raise Http404
    response = FileResponse(
        app.endorsement_letter.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=app.endorsement_letter_name or f"letter-{app.pk}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- Members ------------------------------------------------------------------------------------


class MemberFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Kind"), choices=MemberOrganisation.Kind.choices
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=MemberOrganisation.Status.choices
    )
    region = django_filters.ChoiceFilter(label=gettext_lazy("Region"), choices=region_choices)
    lapsed = django_filters.BooleanFilter(
        label=gettext_lazy("Commitment lapsed"),
        field_name="commitment_lapsed_on",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = MemberOrganisation
        fields = ["kind", "status", "region"]


class MemberInspectView(InspectView):
    template_name = "members/admin/member_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = self.object
        targets = services.MEMBERSHIP_TRANSITIONS.get(member.status, set())
        M = MemberOrganisation.Status
        labels = {
            M.SUSPENDED: _("Suspend membership"),
            M.ENDED: _("End membership"),
            M.ACTIVE: _("Reinstate membership"),
        }
        context.update(
            {
                "member": member,
                "contacts": member.contacts.select_related("user"),
                "status_actions": [
                    {"status": s, "label": labels[s]}
                    for s in [M.ACTIVE, M.SUSPENDED, M.ENDED]
                    if s in targets
                ],
                "can_act": services.is_reviewer(self.request.user),
            }
        )
        return context


@require_POST
def member_status(request, pk, status):
    _require_reviewer(request)
    member = get_object_or_404(MemberOrganisation, pk=pk)
    if status not in MemberOrganisation.Status.values:
        raise Http404
    try:
        services.set_membership_status(member, status, actor=request.user)
    except services.MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(member)s is now “%(status)s”.")
            % {"member": member, "status": member.get_status_display()},
        )
    return redirect("members_organisations:inspect", member.pk)
