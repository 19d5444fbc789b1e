"""A signed-in person without access to the Wagtail admin is told so, instead of being sent to
the sign-in page.

Wagtail answers such a request with a redirect to ``WAGTAILADMIN_LOGIN_URL`` (``?next=/admin/``),
and allauth sends a signed-in person straight back to ``next``: the browser bounced between the
two until it gave up. The check is Wagtail's own permission (``wagtailadmin.access_admin``, as
``wagtail.admin.auth.require_admin_access`` asks it); what the admin shows inside is left to
Wagtail.
"""

from django.shortcuts import render
from django.urls import reverse

ADMIN_PERMISSION = "wagtailadmin.access_admin"


class AdminAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        user = getattr(request, "user", None)
        if (
            request.path.startswith(self.admin_prefix)
            and user is not None
            and user.is_authenticated
            and not user.has_perm(ADMIN_PERMISSION)
        ):
            return render(request, "portal/no_admin_access.html", status=403)
        return self.get_response(request)
