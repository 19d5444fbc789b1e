from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count, Q
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from . import admin_views, assessment_admin, services
from .models import Application, CommitmentStatement, MemberContact, MemberOrganisation

register_permission_policy(Application, admin_views.ApplicationPermissionPolicy(Application))
register_permission_policy(
    MemberOrganisation, admin_views.MemberPermissionPolicy(MemberOrganisation)
)
register_permission_policy(
    CommitmentStatement, admin_views.CommitmentPermissionPolicy(CommitmentStatement)
)


class ApplicationViewSet(ModelViewSet):
    model = Application
    icon = "form"
    menu_label = _("Applications")
    index_view_class = admin_views.ApplicationIndexView
    index_template_name = "members/admin/application_index.html"
    inspect_view_enabled = True
    inspect_view_class = admin_views.ApplicationReviewView
    filterset_class = admin_views.ApplicationFilterSet
    list_display = ["__str__", "kind", "status", "region", "reviewer", "status_changed_at"]
    search_fields = ["name", "contact_email", "applicant__email"]
    ordering = ["status_changed_at"]
    list_export = [
        "pk", "display_name", "kind", "status", "region", "submitted_at", "status_changed_at",
    ]  # fmt: skip
    form_fields = ["name"]  # never shown: nobody may edit an application in the admin

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/act/<slug:action>/", admin_views.application_action, name="act"),
            path("<int:pk>/letter/", admin_views.endorsement_letter, name="letter"),
        ]


class MemberOrganisationViewSet(ModelViewSet):
    model = MemberOrganisation
    icon = "group"
    menu_label = _("Members")
    inspect_view_enabled = True
    inspect_view_class = admin_views.MemberInspectView
    filterset_class = admin_views.MemberFilterSet
    list_display = ["name", "kind", "country", "status", "joined_on", "commitment_lapsed_on"]
    search_fields = ["name", "website"]
    list_export = ["name", "kind", "country", "region", "status", "joined_on", "website"]
    form_fields = [
        "name", "slug", "kind", "country", "website", "description", "logo", "joined_on",
        "commitment", "commitment_endorsed_on", "commitment_lapsed_on", "assessment_enabled",
    ]  # fmt: skip

    def formfield_for_dbfield(self, db_field, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, **kwargs)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/status/<slug:status>/", admin_views.member_status, name="status"),
        ]


class CommitmentStatementViewSet(ModelViewSet):
    model = CommitmentStatement
    icon = "doc-full"
    menu_label = _("Statement of commitments")
    list_display = ["__str__", "published", "created_at"]
    form_fields = ["title", "text", "published"]
    copy_view_enabled = True
    edit_view_class = admin_views.CommitmentEditView
    delete_view_class = admin_views.CommitmentDeleteView


class SecretariatMenuItem(MenuItem):
    def is_shown(self, request):
        return services.is_secretariat(request.user)


class AssessmentViewSet(ViewSet):
    """The MNR self-assessments: aggregates, exports, the list, reopening
    (``members.assessment_admin``)."""

    icon = "table"
    menu_label = _("MNR self-assessments")
    menu_item_class = SecretariatMenuItem

    def get_urlpatterns(self):
        return [
            path("", assessment_admin.AssessmentOverviewView.as_view(), name="index"),
            path("<int:pk>/reopen/", assessment_admin.assessment_reopen, name="reopen"),
        ]


class MembershipViewSetGroup(ViewSetGroup):
    menu_label = _("Membership")
    menu_icon = "group"
    menu_order = 250
    items = (
        ApplicationViewSet("members_applications"),
        MemberOrganisationViewSet("members_organisations"),
        CommitmentStatementViewSet("members_commitments"),
        AssessmentViewSet("mnr_assessments_admin", url_prefix="mnr-assessments"),
    )


@hooks.register("register_admin_viewset")
def register_membership_viewsets():
    return MembershipViewSetGroup()


class MembershipPanel(Component):
    """On the admin dashboard: what waits for the secretariat and what is overdue."""

    name = "membership"
    order = 90
    template_name = "members/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        days = settings.MEMBERS_REVIEW_REMINDER_DAYS
        cutoff = timezone.now() - timezone.timedelta(days=days)
        S = Application.Status
        waiting = [S.SUBMITTED, S.UNDER_REVIEW]
        counts = Application.objects.aggregate(
            submitted=Count("pk", filter=Q(status=S.SUBMITTED)),
            under_review=Count("pk", filter=Q(status=S.UNDER_REVIEW)),
            information_requested=Count("pk", filter=Q(status=S.INFORMATION_REQUESTED)),
            overdue=Count("pk", filter=Q(status__in=waiting, status_changed_at__lt=cutoff)),
        )
        oldest = (
            Application.objects.filter(status__in=waiting)
            .order_by("status_changed_at")
            .select_related("reviewer")[:5]
        )
        return {
            "counts": counts,
            "days": days,
            "oldest": oldest,
            "lapsed": MemberOrganisation.objects.active()
            .filter(commitment_lapsed_on__isnull=False)
            .count(),
        }


@hooks.register("construct_homepage_panels")
def add_membership_panel(request, panels):
    if services.is_reviewer(request.user):
        panels.append(MembershipPanel())


@hooks.register("home_page_panels")
def member_counts_panel(request, page):
    counts = services.member_counts()
    return {
        "template": "members/includes/home_members.html",
        "order": 10,
        "counts": counts,
        "total": sum(c["count"] for c in counts),
    }


# --- Audit log: membership decisions outside applications (see members.services) -------------


def person(user_id):
    """A person named in a log entry, looked up when the report is read: deleting an account
    leaves no copy of the name in the log."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return str(user) if user else gettext("a deleted account")


class ContactFormatter(LogFormatter):
    def format_message(self, log_entry):
        return self.message % {
            "person": person(log_entry.data.get("contact_id")),
            "role": MemberContact.Role(log_entry.data.get("role", "contact")).label,
        }


@hooks.register("register_log_actions")
def register_membership_log_actions(actions):
    actions.register_action(
        services.LOG_SUSPEND, _("Suspend membership"), _("Membership suspended")
    )
    actions.register_action(services.LOG_END, _("End membership"), _("Membership ended"))
    actions.register_action(
        services.LOG_REINSTATE, _("Reinstate membership"), _("Membership reinstated")
    )

    @actions.register_action(services.LOG_ADD_CONTACT)
    class AddContact(ContactFormatter):
        label = _("Add member contact")
        message = _("%(person)s became a contact (%(role)s)")

    @actions.register_action(services.LOG_REMOVE_CONTACT)
    class RemoveContact(ContactFormatter):
        label = _("Remove member contact")
        message = _("%(person)s removed as a contact (%(role)s)")

    @actions.register_action(services.LOG_HAND_OVER)
    class HandOver(LogFormatter):
        label = _("Hand over the primary contact role")

        def format_message(self, log_entry):
            return _("Primary contact role handed over from %(from)s to %(to)s") % {
                "from": person(log_entry.data.get("from_id")),
                "to": person(log_entry.data.get("to_id")),
            }
