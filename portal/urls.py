import re

from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap

from members.destination import ConfirmEmailKeepingDestination

from . import views


class AdminLoginRedirect(RedirectView):
    """Wagtail's own sign-in form would bypass allauth's MFA and rate limits: send people to
    allauth's, keeping where they were going."""

    pattern_name = "account_login"
    query_string = True


urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/login/", AdminLoginRedirect.as_view()),
    # Wagtail's front-end login form (for restricted pages and documents) would bypass MFA too.
    path("_util/login/", AdminLoginRedirect.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    # allauth's confirmation, leading on to where the new account was going (/join/, say).
    path("accounts/confirm-email/<str:key>/", ConfirmEmailKeepingDestination.as_view()),
    path("accounts/", include("allauth.urls")),
    # Wagtail's document URLs, with members-only files marked private (resources/views.py).
    path("documents/", include("resources.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("dashboard/privacy/", include("portal.privacy.urls")),
    # Images only: documents and letters have no address under MEDIA_URL (see views.media_image).
    re_path(
        r"^{}(?P<folder>{})/(?P<path>.+)$".format(
            re.escape(settings.MEDIA_URL.lstrip("/")), "|".join(views.PUBLIC_MEDIA_FOLDERS)
        ),
        views.media_image,
        name="media_image",
    ),
    path("", include("members.urls")),
]

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "portal.views.server_error"
