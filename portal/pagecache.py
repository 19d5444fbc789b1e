"""The public page cache: anonymous views of Wagtail pages, answered before the middleware stack.

``PageCacheMiddleware`` is the first of ``middleware()`` (portal/settings/base.py). For a GET or
HEAD that carries neither a session nor a messages cookie it looks the page up in Django's cache
(Redis in production, through ``CACHE_URL``) before any other middleware runs: a hit is answered
at once, with the status, body and headers the full stack produced when the page was stored
(security headers, Content-Security-Policy, X-Frame-Options, Vary, Content-Language...), and no
session, authentication, CSRF, locale or view code runs. A miss goes through the whole stack, and
the response it returns is stored when it is safe for everyone:

- only requests without a session or messages cookie are ever read from or written to the cache,
  so a signed-in person (who always has a session cookie) never receives the public copy, and
  nothing rendered for them is ever stored for a visitor;
- only 200 responses to GET of Wagtail's page view (or of a Django view that declares itself the
  same for every visitor with ``cacheable_view``, such as the directory's pages), for a user who
  is not signed in, that set no cookie, used no CSRF token (a page with a POST form is never
  cached), modified no session, showed or kept no message, generated no CSP nonce, and are not
  marked private, no-cache or no-store;
- the key holds the scheme, host (validated against ``ALLOWED_HOSTS`` first: a host not allowed
  is answered by the stack, with its 400), path, normalised query and language; the entry holds
  the content version (``portal.content_version``) it was rendered under, and is served only
  while the version is the same: when published content changes the version moves, and every
  cached page goes at once. The version and the page are read together, in one round trip to
  the cache. The language is the URL's (``page_language``: ``/ar/resources/`` is Arabic,
  ``/resources/`` English), as ``LocaleMiddleware`` activates it; a page is stored only when
  the language it was rendered in is that one, so each language has its own copy;
- a request that ``portal.languages.first_visit_redirect`` would send to its language's prefix
  is never answered from the cache (an English copy would undo the redirect): the stack
  answers it with the redirect;
- what is stored is bounded, so that neither a crawler nor an attacker can fill the cache with
  query strings: the query is normalised (empty values, repeated pairs and tracking parameters
  such as ``utm_source`` dropped, sorted by name); a page is stored only when every parameter
  left is one its page type reads (``cached_query_parameters`` on the page model: the library's
  filters, the news tag, pages), so ``?x=random`` is rendered but never stored; at most
  ``PAGE_CACHE_MAX_VARIANTS`` query strings per path and version, none longer than
  ``PAGE_CACHE_MAX_QUERY_LENGTH``, and no response over ``PAGE_CACHE_MAX_BYTES``. Redis itself
  is given a memory limit and an eviction policy (docker/compose.yaml, README).

Static and media files (``STATIC_URL``, ``MEDIA_URL``) are never looked up.

The cache failing never fails a page: a read or a write that the cache does not answer is
logged and the page is rendered from the database (``portal.content_version`` says the version
is unknown, and nothing is then read from or stored in the cache).

Responses say ``X-Page-Cache: hit``, ``miss`` (rendered and stored), or ``bypass`` (a Wagtail
page rendered and not stored).
"""

import hashlib
import logging
from functools import wraps
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_vary_headers

from . import content_version, languages
from .cache import count
from .content_version import CACHE_ERRORS, UNKNOWN

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"
# Headers that belong to one response and are never replayed from the cache.
SKIPPED_HEADERS = {"set-cookie", "content-length", HEADER.lower()}


def page_cache():
    """The content version's cache (``CONTENT_CACHE_ALIAS``): a page is read with the version,
    in one round trip."""
    return content_version.content_cache()


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", False)


def page_language(request):
    """The language of the URL, which ``LocaleMiddleware`` activates for a page: its prefix's,
    ``LANGUAGE_CODE`` without one (portal/languages.py)."""
    return languages.url_language(request.path_info)


def file_prefixes():
    """Where static and media files are served from, when this server serves them."""
    urls = (settings.STATIC_URL, settings.MEDIA_URL)
    return tuple(url for url in urls if url and url.startswith("/"))


# Parameters that only tell analytics where a visitor came from: no page reads them.
TRACKING_PARAMETERS = {"fbclid", "gclid", "msclkid", "mc_cid", "mc_eid", "_ga"}


def is_tracking(name):
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def normalised_query(query_string):
    """The query's (name, value) pairs as the cache sees them: tracking parameters, empty
    values and repeated pairs dropped, sorted by name (the values of one name keep their order,
    which a page reading the last one relies on)."""
    pairs = []
    for name, value in parse_qsl(query_string, keep_blank_values=False):
        if not is_tracking(name) and (name, value) not in pairs:
            pairs.append((name, value))
    return sorted(pairs, key=lambda pair: pair[0])


def digest(*parts):
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


class Lookup:
    """What identifies one cached page: the request's scheme, host, path, normalised query and
    language. ``for_request`` returns ``None`` for a request the cache never answers."""

    def __init__(self, request, host, pairs, query, language):
        self.request = request
        self.host = host
        self.pairs = pairs
        self.query = query
        self.language = language

    @classmethod
    def for_request(cls, request):
        if request.method not in ("GET", "HEAD"):
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
            return None
        if request.path_info.startswith(file_prefixes()):
            return None
        if languages.first_visit_redirect(request) is not None:
            return None
        pairs = normalised_query(request.META.get("QUERY_STRING", ""))
        query = urlencode(pairs)
        if len(query) > settings.PAGE_CACHE_MAX_QUERY_LENGTH:
            return None  # never stored, so not worth a cache read either
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # the stack answers it (400), as for any other request
        return cls(request, host, pairs, query, page_language(request))

    @property
    def key(self):
        """Where the page is stored, with the content version it was rendered under (a page
        stored under an older version is not served: it is rendered and stored again)."""
        request = self.request
        parts = (request.scheme, self.host, request.path, self.query, self.language)
        return f"pagecache:{digest(*parts)}"

    def variants_key(self, version):
        return f"pagecache:{version}:variants:{digest(self.host, self.request.path)}"


def note_served_page(page, request, serve_args, serve_kwargs):
    """``before_serve_page`` hook: which query parameters the page about to render reads."""
    request.page_cache_query_parameters = frozenset(getattr(page, "cached_query_parameters", ()))


def query_is_storable(request, pairs):
    """Whether a page rendered for this query may be stored: only when every parameter is one
    its page reads, so a random or misspelt one never makes an entry (and a page that reads a
    parameter it did not declare is rendered every time, never served the wrong variant)."""
    read = getattr(request, "page_cache_query_parameters", frozenset())
    return all(name in read for name, _value in pairs)


def within_variant_bound(cache, lookup, version):
    """Count one more stored query string for this path; false once over the bound."""
    stored = count(cache, lookup.variants_key(version), settings.PAGE_CACHE_TIMEOUT)
    return stored <= settings.PAGE_CACHE_MAX_VARIANTS


def cacheable_view(*parameters):
    """Decorator for a Django view whose page, for a visitor, depends only on its URL, its
    language and the query ``parameters`` it names (as a page model's ``cached_query_parameters``):
    its responses are stored and served like a Wagtail page's, under the same rules. The view
    may set ``request.page_cache_view = False`` for a response that depends on more (a request
    header, say)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request.page_cache_view = True
            request.page_cache_query_parameters = frozenset(parameters)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def is_wagtail_page(request):
    """Whether the response is a page the cache may store: Wagtail's page view, or a view
    declared with ``cacheable_view``."""
    if getattr(request, "page_cache_view", False):
        return True
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "wagtail_serve"


def cacheable_response(request, response, lookup):
    """Whether this response, rendered by the whole stack, is the same for every visitor whose
    request has ``lookup``'s key."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if not is_wagtail_page(request):
        return False
    if getattr(request, "LANGUAGE_CODE", None) != lookup.language:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    # Messages shown on this page or kept for the next one (a message kept sets the messages
    # cookie or the session, seen above; one shown leaves nothing but the page).
    if len(messages.get_messages(request)):
        return False
    # A nonce in the page must be new on every response: never replayed.
    if getattr(request, "csp_nonce", None):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    directives = {
        d.strip().split("=")[0].lower()
        for d in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not directives & {"private", "no-store", "no-cache"}


def replay(entry, request):
    _version, status, headers, content = entry
    response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
    for name, value in headers:
        response[name] = value
    response["Content-Length"] = str(len(content))
    response[HEADER] = "hit"
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        lookup = Lookup.for_request(request)
        version = UNKNOWN
        if lookup is not None:
            version, found = content_version.for_request_with(request, [lookup.key])
            entry = found.get(lookup.key)
            if entry is not None and entry[0] == version:
                return replay(entry, request)

        response = self.get_response(request)
        if not is_wagtail_page(request):
            return response
        if (
            version is not UNKNOWN
            and cacheable_response(request, response, lookup)
            and len(response.content) <= settings.PAGE_CACHE_MAX_BYTES
            and query_is_storable(request, lookup.pairs)
            and store(lookup, response, version)
        ):
            response[HEADER] = "miss"
        else:
            response[HEADER] = "bypass"
        return response


def store(lookup, response, version):
    """Store the page; false when it is over the bound of variants or the cache does not answer.
    The response keeps the headers it is stored with, so the hits that follow replay them."""
    cache = page_cache()
    try:
        if lookup.pairs and not within_variant_bound(cache, lookup, version):
            return False
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        headers = [
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in SKIPPED_HEADERS
        ]
        entry = (version, response.status_code, headers, response.content)
        cache.set(lookup.key, entry, settings.PAGE_CACHE_TIMEOUT)
    except CACHE_ERRORS as exc:
        logger.warning("Page cache unwritable, page not stored: %s", exc)
        return False
    return True


def connect_signals():
    """Which query parameters each page reads (published content moving the version is
    ``portal.content_version``'s business)."""
    from wagtail import hooks

    hooks.register("before_serve_page", note_served_page)
