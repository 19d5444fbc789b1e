from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton, MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail_localize.views import report as wagtail_localize_report

from . import mail
from .models import OutgoingEmail


class OutboxPermissionPolicy(ModelPermissionPolicy):
    """The outbox is a record of what happened: it can be read, never written, in the admin;
    a failed message can be sent again.

    Reading it takes ``portal.view_outgoingemail`` and sending a failed message again
    ``portal.resend_outgoingemail``, which only superusers and the Outbox operators role hold
    (``portal.roles``); other staff do not see it at all.
    """

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class ResendURLMixin:
    resend_url_name = None

    def get_resend_url(self, instance):
        """Where to send ``instance`` again, for a user allowed to and a message that can be."""
        if instance.status != OutgoingEmail.Status.FAILED:
            return None
        if not self.permission_policy.user_has_permission(self.request.user, "resend"):
            return None
        return reverse(self.resend_url_name, args=(instance.pk,))


class OutgoingEmailIndexView(ResendURLMixin, IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if resend_url := self.get_resend_url(instance):
            buttons.append(MenuItem(_("Send again"), url=resend_url, icon_name="mail", priority=5))
        return buttons


class OutgoingEmailInspectView(ResendURLMixin, InspectView):
    @cached_property
    def header_buttons(self):
        if resend_url := self.get_resend_url(self.object):
            return [HeaderButton(_("Send again"), url=resend_url, icon_name="mail")]
        return []


class ResendView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Ask, then put a failed message back in the queue (POST, with Django's CSRF check)."""

    permission_required = "resend"
    template_name = "portal/admin/outgoing_email_resend.html"
    page_title = gettext_lazy("Send again")
    model = None
    index_url_name = None
    inspect_url_name = None
    header_icon = "mail"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(self.model, pk=self.kwargs["pk"])

    @cached_property
    def inspect_url(self):
        return reverse(self.inspect_url_name, args=(self.object.pk,))

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Outgoing e-mail")},
            {"url": self.inspect_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            refusal=mail.resend_refusal(self.object),
            inspect_url=self.inspect_url,
            resend_url=self.request.path,
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            mail.requeue_failed_email(self.object.pk)
        except mail.CannotResend as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("“%(subject)s” is queued to be sent again to %(to)s.")
                % {"subject": self.object.subject, "to": ", ".join(self.object.to)},
            )
        return redirect(self.inspect_url)


class OutgoingEmailViewSet(ModelViewSet):
    model = OutgoingEmail
    icon = "mail"
    menu_label = gettext_lazy("Outgoing e-mail")
    menu_order = 850
    add_to_admin_menu = True
    index_view_class = OutgoingEmailIndexView
    inspect_view_enabled = True
    inspect_view_class = OutgoingEmailInspectView
    list_display = ["subject", "to", "category", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "category"]
    search_fields = ["subject", "to"]
    ordering = ["-created_at"]
    inspect_view_fields = [
        "subject",
        "to",
        "from_email",
        "category",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "claimed_at",
        "sent_at",
        "message_id",
        # The model's ``body`` never returns the text of a message that carries a secret.
        "body",
    ]
    list_export = ["subject", "to", "category", "status", "attempts", "last_error", "created_at"]
    # No form is ever shown (the policy forbids add and change); Wagtail still wants one named.
    form_fields = ["subject"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(resend_url_name=self.get_url_name("resend"), **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            resend_url_name=self.get_url_name("resend"), **kwargs
        )

    @property
    def resend_view(self):
        return self.construct_view(ResendView, inspect_url_name=self.get_url_name("inspect"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("resend/<int:pk>/", self.resend_view, name="resend"),
        ]


register_permission_policy(OutgoingEmail, OutboxPermissionPolicy(OutgoingEmail))


@hooks.register("register_admin_viewset")
def register_outgoing_email_viewset():
    return OutgoingEmailViewSet("outgoing_email")


class TranslationsReportView(wagtail_localize_report.TranslationsReportView):
    """wagtail-localize's report of translations, newest first.

    Its own queryset has no order, so Django's paginator warns that pages may repeat or skip
    rows (an error under the test settings). This subclass only adds an order; it is served at
    wagtail-localize's own address (``portal`` comes before ``wagtail_localize`` in
    ``INSTALLED_APPS``, so these patterns are matched first), and the names it reverses stay
    wagtail-localize's. tests/resources/test_translation_admin.py checks that the address still
    reaches it.
    """

    def get_queryset(self):
        return super().get_queryset().order_by("-created_at", "-pk")


@hooks.register("register_admin_urls")
def register_ordered_translations_report():
    return [
        path(
            "localize/reports/translations/",
            TranslationsReportView.as_view(),
            name="ordered_translations_report",
        ),
        path(
            "localize/reports/translations/results/",
            TranslationsReportView.as_view(results_only=True),
            name="ordered_translations_report_results",
        ),
    ]
