from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import OutgoingEmail


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """The outbox is a record of what happened: it can be read, never written, in the admin.

    Reading it takes ``portal.view_outgoingemail``, which only superusers and the Outbox
    operators role hold (``portal.roles``); other staff do not see it at all.
    """

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class OutgoingEmailViewSet(ModelViewSet):
    model = OutgoingEmail
    icon = "mail"
    menu_label = _("Outgoing e-mail")
    menu_order = 850
    add_to_admin_menu = True
    inspect_view_enabled = True
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
        "sent_at",
        # The model's ``body`` never returns the text of a message that carries a secret.
        "body",
    ]
    list_export = ["subject", "to", "category", "status", "attempts", "last_error", "created_at"]
    # No form is ever shown (the policy forbids add and change); Wagtail still wants one named.
    form_fields = ["subject"]


register_permission_policy(OutgoingEmail, ReadOnlyPermissionPolicy(OutgoingEmail))


@hooks.register("register_admin_viewset")
def register_outgoing_email_viewset():
    return OutgoingEmailViewSet("outgoing_email")
