"""Who gets into the Wagtail admin, and what it offers beyond each role's permissions.

- Someone who can enter the admin but has no second factor is sent to set one up first
  (``portal.mfa``).
- A signed-in person without access to the admin is told so, instead of being sent to the sign-in
  page. Wagtail answers such a request with a redirect to ``WAGTAILADMIN_LOGIN_URL``
  (``?next=/admin/``), and allauth sends a signed-in person straight back to ``next``: the browser
  bounced between the two until it gave up. The check is Wagtail's own permission
  (``wagtailadmin.access_admin``, as ``wagtail.admin.auth.require_admin_access`` asks it).
- Wagtail's page chooser lists every page of the tree, with its draft title, to anyone who may
  enter the admin. A role with no permission on any page (Membership reviewers) has no page to
  choose, so it does not get the chooser: what the secretariat drafts stays with the editors.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.permission_policies.pages import PagePermissionPolicy

from .mfa import can_enter_admin, has_second_factor

PAGE_CHOOSER_VIEWS = {
    "wagtailadmin_choose_page",
    "wagtailadmin_choose_page_child",
    "wagtailadmin_choose_page_search",
    "wagtailadmin_choose_page_chosen_multiple",
}
PAGE_ACTIONS = ["add", "change", "publish", "bulk_delete", "lock", "unlock"]


def may_choose_pages(user):
    """Whether ``user`` holds some permission on some page (Wagtail's page permission policy)."""
    return PagePermissionPolicy().user_has_any_permission(user, PAGE_ACTIONS)


class AdminAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def admin_prefix(self):
        return reverse("wagtailadmin_home")

    def __call__(self, request):
        user = getattr(request, "user", None)
        if not request.path.startswith(self.admin_prefix) or user is None:
            return self.get_response(request)
        if user.is_authenticated and not can_enter_admin(user):
            return render(request, "portal/no_admin_access.html", status=403)
        if user.is_authenticated and not has_second_factor(user):
            messages.warning(
                request,
                _(
                    "Your account can enter the administration, so it must be protected by "
                    "two-factor authentication. Set up an authenticator app or a security key "
                    "to continue."
                ),
            )
            return redirect("mfa_index")
        return self.get_response(request)


class PageChooserAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name not in PAGE_CHOOSER_VIEWS:
            return None
        if request.user.is_authenticated and not may_choose_pages(request.user):
            raise PermissionDenied
        return None
