"""The sitemaps: ``/sitemap.xml`` is an index of one sitemap per language (``/sitemap-en.xml``,
``/sitemap-fr.xml``...), each listing what the portal serves in that language with its
alternates in the others (``hreflang``, and ``x-default`` for the English version), through
Django's sitemaps framework.

A language's sitemap lists:

- the live, public pages (no page under a view restriction, ``PageQuerySet.public()``) of the
  site's tree in that language (the translations of its home page and their descendants); where
  the site has no home page in that language, Wagtail serves the default language's tree under
  the language's prefix, and those pages are listed at those URLs;
- the public Django views: the membership application and the member list, and each listed
  member's page.

Alternates follow the same rule as the language switcher (``portal.languages.page_urls``): a
page's live, public translations, or, for a language with no home page, the default-language
page under its prefix.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, Site

from members.models import MemberOrganisation

from .languages import in_language, site_root

VIEWS = ("members:join", "members:list")


@dataclass
class Entry:
    """One page of the portal: its URL in each language it exists in, and when each was last
    published (pages only)."""

    urls: dict = field(default_factory=dict)
    lastmods: dict = field(default_factory=dict)


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def site_entries(request):
    """Every page and public view of the request's site, once each, with its URL in each
    language; read once per request however many sitemaps ask."""
    if not hasattr(request, "portal_sitemap_entries"):
        request.portal_sitemap_entries = page_entries(request) + view_entries()
    return request.portal_sitemap_entries


def page_entries(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    roots = list(site.root_page.get_translations(inclusive=True).live().select_related("locale"))
    if not roots:
        return []
    in_site = Q()
    for root in roots:
        in_site |= Q(path__startswith=root.path)
    pages = Page.objects.live().public().filter(in_site).select_related("locale").order_by("path")
    entries = {}
    for page in pages:
        url = page.get_url(request)
        if url is None:
            continue
        entry = entries.setdefault(page.translation_key, Entry())
        entry.urls[page.locale.language_code] = url
        entry.lastmods[page.locale.language_code] = page.last_published_at
    # A language without a home page of its own is served the default language's tree.
    untranslated = set(language_codes()) - {root.locale.language_code for root in roots}
    for entry in entries.values():
        source = entry.urls.get(settings.LANGUAGE_CODE)
        if source is None:
            continue
        for code in untranslated:
            entry.urls[code] = in_language(source, code)
            entry.lastmods[code] = entry.lastmods[settings.LANGUAGE_CODE]
    return list(entries.values())


def view_entries():
    entries = []
    names = [(name, ()) for name in VIEWS]
    names += [
        ("members:detail", (slug,))
        for slug in MemberOrganisation.objects.visible()
        .order_by("name")
        .values_list("slug", flat=True)
    ]
    for name, args in names:
        entry = Entry()
        for code in language_codes():
            with translation.override(code):
                entry.urls[code] = reverse(name, args=args)
        entries.append(entry)
    return entries


def alternate_language(code):
    return settings.LANGUAGE_CODE if code == "x-default" else code


class LanguageSitemap(Sitemap):
    """What the portal serves in one language."""

    def __init__(self, request, language):
        self.request = request
        self.language = language
        root = urlsplit(site_root(request))
        self.protocol, self.domain = root.scheme, root.netloc

    def get_domain(self, site=None):
        return self.domain

    def items(self):
        return [entry for entry in site_entries(self.request) if self.language in entry.urls]

    def location(self, entry):
        return entry.urls[self.language]

    def lastmod(self, entry):
        return entry.lastmods.get(self.language)

    def get_urls(self, page=1, site=None, protocol=None):
        """Django's URL entries, each with its alternates in the other languages."""
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        base = f"{self.protocol}://{self.domain}"
        for url in urls:
            entry = url["item"]
            codes = [code for code in language_codes() if code in entry.urls]
            if settings.LANGUAGE_CODE in entry.urls:
                codes.append("x-default")
            url["alternates"] = [
                {"lang_code": code, "location": base + entry.urls[alternate_language(code)]}
                for code in codes
            ]
        return urls


def index(request):
    """The index of the languages' sitemaps (Django's template; each sitemap's further pages
    when it holds more than a sitemap's limit of URLs)."""
    root = site_root(request)
    items = []
    for code, sitemap in language_sitemaps(request).items():
        location = root + reverse("sitemap_language", kwargs={"section": code})
        items.append(SitemapIndexItem(location))
        items += [
            SitemapIndexItem(f"{location}?p={number}")
            for number in range(2, sitemap.paginator.num_pages + 1)
        ]
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def language_sitemaps(request):
    return {code: LanguageSitemap(request, code) for code in language_codes()}


def language_sitemap(request, section):
    if section not in language_codes():
        raise Http404
    return sitemap_views.sitemap(request, language_sitemaps(request), section=section)
