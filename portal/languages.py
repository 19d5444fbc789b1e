"""Languages in the URL: English at the root, ``/fr/``, ``/es/`` and ``/ar/`` for the others.

The public pages are in ``i18n_patterns`` (portal/urls.py) with ``prefix_default_language`` off,
so every address already shared keeps working, and ``LocaleMiddleware`` activates the language
of the URL: ``/fr/join/`` is French, ``/join/`` English, whatever the browser or a cookie says.

The browser's ``Accept-Language`` only chooses a first redirect. ``first_visit_redirect`` alone
decides it (``FirstVisitRedirectMiddleware`` answers it, and the page cache's early lookup,
portal/pagecache.py, never answers a request it would redirect): a GET or HEAD of an
unprefixed public URL, without a language cookie, not coming from one of the portal's own pages,
from a browser whose preferred offered language is not English, goes once to the same URL under
that language's prefix.

Choosing English is remembered by a cookie set in one place, ``choose_language``
(``/language/en/?next=...``, outside the prefixes): the switcher's link to English goes through
it. A prefixed URL is never redirected, so the other languages need no memory and the switcher
links to them directly. The cookie is set on that view's redirect only, never on a page (so the
page cache, which stores no response that sets a cookie, is not bypassed), and with it no
unprefixed URL is redirected again.
"""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import Http404, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_safe

from . import content_version

# What a redirect depends on, for any cache between the portal and the browser.
REDIRECT_VARY = ("Accept-Language", "Cookie", "Referer")


def site_root(request):
    """The address every absolute link starts with: the Wagtail site's (``SITE_URL``'s, see
    portal/identity.py), the request's for a host no site answers."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    return site.root_url if site is not None else f"{request.scheme}://{request.get_host()}"


def url_language(path):
    """The language of a URL path: its prefix's, English (``LANGUAGE_CODE``) without one."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def in_language(url, language):
    """``url`` (a path of the portal, with its query) in ``language``: the same view under
    that language's prefix, by Django's ``translate_url``. A URL outside the prefixes (the
    admin, documents, /healthz) or that resolves to nothing comes back unchanged."""
    with translation.override(url_language(urlsplit(url).path)):
        return translate_url(url, language)


def comes_from_the_portal(request, host):
    referer = request.META.get("HTTP_REFERER", "")
    return bool(referer) and url_has_allowed_host_and_scheme(referer, allowed_hosts={host})


def first_visit_redirect(request):
    """Where to send this request before answering it, or ``None`` to answer it: the same URL
    under the prefix of the browser's preferred language, for a GET or HEAD of an unprefixed
    public URL, with no language cookie, not coming from one of the portal's own pages (so that
    choosing English in the switcher is never undone), whose ``Accept-Language`` prefers an
    offered language other than English."""
    if request.method not in ("GET", "HEAD"):
        return None
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return None
    if not request.META.get("HTTP_ACCEPT_LANGUAGE"):
        return None
    if translation.get_language_from_path(request.path_info):
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the stack answers it (400)
    if comes_from_the_portal(request, host):
        return None
    # Without a language cookie this is Accept-Language's best offered language.
    language = translation.get_language_from_request(request)
    if language == settings.LANGUAGE_CODE:
        return None
    target = in_language(request.get_full_path_info(), language)
    if translation.get_language_from_path(urlsplit(target).path) != language:
        return None  # outside the prefixes, or not a URL of the portal
    return target


class FirstVisitRedirectMiddleware:
    """Answers ``first_visit_redirect``'s redirect (a 302: the browser's preference may
    change)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        target = first_visit_redirect(request)
        if target is None:
            return self.get_response(request)
        response = HttpResponseRedirect(target)
        patch_vary_headers(response, REDIRECT_VARY)
        return response


@require_safe
def choose_language(request, language):
    """Remember the visitor's choice of ``language`` in Django's language cookie, then go on
    to ``next`` (a URL of this site; the home page in that language otherwise)."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    destination = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        destination, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        destination = in_language("/", language)
    response = HttpResponseRedirect(destination)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


# --- The same page in each language (the switcher, hreflang) ---------------------------------


@dataclass(frozen=True)
class LanguageVersion:
    """One language's version of the page being answered."""

    code: str
    # The language's name in that language ("Français", "العربيّة").
    name: str
    bidi: bool
    current: bool
    default: bool
    # The URL of the page in that language, or of the closest page that exists in it.
    url: str
    absolute_url: str
    # Whether ``url`` is this page (an hreflang alternate), not a page above it.
    same_page: bool
    # The switcher's link: ``url``, through ``choose_language`` for English.
    switch_url: str


# A content language's name as it reads inside a sentence of the reader's language ("Available
# in English": "Disponible en anglais", "Disponible en inglés"). Django's names are labels,
# capitalised in French and Spanish ("Anglais", "Inglés"), which a sentence is not.
IN_SENTENCE = {
    "en": pgettext_lazy("language name inside a sentence", "English"),
    "fr": pgettext_lazy("language name inside a sentence", "French"),
    "es": pgettext_lazy("language name inside a sentence", "Spanish"),
    "ar": pgettext_lazy("language name inside a sentence", "Arabic"),
}


def name_in_sentence(code):
    """``code``'s name inside a sentence of the active language (``IN_SENTENCE``; Django's name
    for a language the portal does not offer)."""
    if code in IN_SENTENCE:
        return str(IN_SENTENCE[code])
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code


def own_name(code):
    name = translation.get_language_info(code)["name_local"]
    return name[:1].upper() + name[1:]


def switch_url(code, url):
    """The switcher's link to ``url`` in language ``code``: for English, through
    ``choose_language``, which remembers the choice; for the others, the URL itself (a prefixed
    URL is never redirected)."""
    if code != settings.LANGUAGE_CODE:
        return url
    return f"{reverse('choose_language', args=[code])}?{urlencode({'next': url})}"


def versions(request, page=None, query=""):
    """Each language's version of the page being answered: the Wagtail ``page`` of the response
    or, without one, the request's Django view. ``query`` is the query string the links to the
    same page keep."""
    current = translation.get_language()
    if page is not None and page.pk is not None:
        urls = page_urls(request, page, current)
    else:
        urls = view_urls(request)
    root = site_root(request)
    found = []
    for code, _name in settings.LANGUAGES:
        url, same_page = urls[code]
        if same_page and query:
            url = f"{url}?{query}"
        found.append(
            LanguageVersion(
                code=code,
                name=own_name(code),
                bidi=translation.get_language_info(code)["bidi"],
                current=code == current,
                default=code == settings.LANGUAGE_CODE,
                url=url,
                absolute_url=url if urlsplit(url).netloc else root + url,
                same_page=same_page,
                switch_url=switch_url(code, url),
            )
        )
    return found


def view_urls(request):
    """A Django view's URL in each language (``translate_url``); where it has none (a URL that
    resolves to nothing, answered by a 404), the home page in that language."""
    urls = {}
    for code, _name in settings.LANGUAGES:
        url = in_language(request.path, code)
        if url_language(url) == code:
            urls[code] = (url, True)
        else:
            urls[code] = (in_language("/", code), False)
    return urls


def page_urls(request, page, current):
    """A Wagtail page's URL in each language (``translated_urls``), with what follows the page's
    own URL in the request (a routable page's sub-route, such as a feed) kept on the URLs of
    the same page."""
    urls = translated_urls(request, page)
    served, same_page = urls[current]
    if not same_page or not request.path.startswith(served):
        return urls
    remainder = request.path[len(served) :]
    return {code: (url + remainder if same else url, same) for code, (url, same) in urls.items()}


def translated_urls(request, page):
    """A Wagtail page's URL in each language, with whether it is the same page:

    - its live translation in that language;
    - where none of its ancestors is translated either (the site has no home page in that
      language), its default-language version under the language's prefix: Wagtail then serves
      the default language's tree, with the interface in that language;
    - otherwise (the page is not translated but the site has a home page in that language) the
      closest of its ancestors that is, which is not the same page.

    Read in one query (the live translations of the page and of its ancestors up to the site's
    root), kept in the content cache (``portal.content_version``: publishing moves it)."""
    from wagtail.models import Page, Site

    site = Site.find_for_request(request)
    if site is None:
        return {code: (in_language(request.path, code), True) for code, _ in settings.LANGUAGES}

    def compute():
        lineage = page.get_ancestors(inclusive=True).filter(depth__gte=site.root_page.depth)
        translations = (
            Page.objects.live()
            .filter(
                translation_key__in=lineage.values("translation_key"),
                depth__gte=site.root_page.depth,
            )
            .select_related("locale")
            .order_by("-depth")
        )
        deepest = {}
        for candidate in translations:
            deepest.setdefault(candidate.locale.language_code, candidate)

        def url_in(code):
            found, prefix = deepest.get(code), None
            if found is None:
                found, prefix = deepest.get(settings.LANGUAGE_CODE), code
            if found is None:
                return in_language("/", code), False
            url = found.get_url(request) or "/"
            if prefix is not None:
                url = in_language(url, prefix)
            return url, found.translation_key == page.translation_key

        return {code: url_in(code) for code, _name in settings.LANGUAGES}

    return content_version.cached(request, f"languages:{site.pk}:{page.pk}", compute)


def in_active_language(url):
    """A site-relative address of one of the portal's own views (``/members/``, ``/join/``)
    under the active language's prefix (``/ar/members/``); any other address as it is. An
    address of a page of the tree is left alone: a link to a page is a page chooser's, which
    follows translations."""
    if not url.startswith("/") or url.startswith("//"):
        return url
    language = translation.get_language() or settings.LANGUAGE_CODE
    # Resolved as written (unprefixed: the default language), reversed in the active one.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            return url
        if match.url_name == "wagtail_serve":
            return url
        return translate_url(url, language)
