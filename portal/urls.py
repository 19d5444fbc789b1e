import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path, reverse
from django.views.generic import RedirectView, TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from members.destination import ConfirmEmailKeepingDestination

from . import languages, sitemaps, views
from .api import api


class AdminLoginRedirect(RedirectView):
    """Wagtail's own sign-in form would bypass allauth's MFA and rate limits: send people to
    allauth's, keeping where they were going."""

    pattern_name = "account_login"
    query_string = True


class RobotsTxt(TemplateView):
    """Where the sitemaps are, and what crawlers may leave alone."""

    template_name = "robots.txt"
    content_type = "text/plain"

    def get_context_data(self, **kwargs):
        sitemap = languages.site_root(self.request) + reverse("sitemap")
        return super().get_context_data(sitemap=sitemap, **kwargs)


# Outside the language prefixes: what is the same in every language, or has a language of its
# own (the admin's is each person's preference in it).
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # The public read API, the same in every language (portal/api.py).
    path("api/", api.urls),
    path("admin/login/", AdminLoginRedirect.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document URLs, with members-only files marked private (resources/views.py).
    path("documents/", include("resources.urls")),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<str:section>.xml", sitemaps.language_sitemap, name="sitemap_language"),
    path("robots.txt", RobotsTxt.as_view(), name="robots_txt"),
    # The mail provider's bounce and complaint webhooks (basic auth, ANYMAIL["WEBHOOK_SECRET"]).
    path("anymail/", include("anymail.urls")),
    # The language switcher's link to English: remembers the choice (portal/languages.py).
    path("language/<str:language>/", languages.choose_language, name="choose_language"),
    # Images only: documents and letters have no address under MEDIA_URL (see views.media_image).
    re_path(
        r"^{}(?P<folder>{})/(?P<path>.+)$".format(
            re.escape(settings.MEDIA_URL.lstrip("/")), "|".join(views.PUBLIC_MEDIA_FOLDERS)
        ),
        views.media_image,
        name="media_image",
    ),
]

# The public pages, in English at the root (every address already shared keeps working) and
# under /fr/, /es/ and /ar/: the URL decides the language (portal/languages.py).
urlpatterns += i18n_patterns(
    # Wagtail's front-end login form (for restricted pages and documents) would bypass MFA too,
    # in any language.
    path("_util/login/", AdminLoginRedirect.as_view()),
    # allauth's confirmation, leading on to where the new account was going (/join/, say).
    path("accounts/confirm-email/<str:key>/", ConfirmEmailKeepingDestination.as_view()),
    path("accounts/", include("allauth.urls")),
    path("dashboard/privacy/", include("portal.privacy.urls")),
    path("search/", include("search.urls")),
    path("", include("members.urls")),
    path("", include("directory.urls")),
    path("", include("events.urls")),
    path("", include("newsletters.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler500 = "portal.views.server_error"
