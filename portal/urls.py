from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap

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
    path("accounts/", include("allauth.urls")),
    # Wagtail's document URLs, with members-only files marked private (resources/views.py).
    path("documents/", include("resources.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("dashboard/privacy/", include("portal.privacy.urls")),
    path("", include("members.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "portal.views.server_error"
