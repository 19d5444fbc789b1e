"""The public page cache: anonymous views of Wagtail pages, served without touching the database.

``PageCacheMiddleware`` (last in ``MIDDLEWARE``) answers a GET or HEAD for a Wagtail page from
Django's cache (Redis in production, through ``CACHE_URL``) when the request carries neither a
session nor a messages cookie, and stores the rendered page when it is safe for everyone:

- only requests without a session or messages cookie are ever read from or written to the cache,
  so a signed-in person (who always has a session cookie) never receives the public copy, and
  nothing rendered for them is ever stored for a visitor;
- only 200 responses of Wagtail's page view, for a user who is not signed in, that set no cookie,
  used no CSRF token (a page with a POST form is never cached), and are not marked private or
  no-store;
- the key holds the scheme, host, path, normalised query and active language
  (``LocaleMiddleware`` chooses it from ``Accept-Language``), and the content version
  (``portal.content_version``): when published content changes the version moves, and every
  cached page goes at once;
- what is stored is bounded, so that neither a crawler nor an attacker can fill the cache with
  query strings: the query is normalised (empty values, repeated pairs and tracking parameters
  such as ``utm_source`` dropped, sorted by name); a page is stored only when every parameter
  left is one its page type reads (``cached_query_parameters`` on the page model: the library's
  filters, the news tag, pages), so ``?x=random`` is rendered but never stored; at most
  ``PAGE_CACHE_MAX_VARIANTS`` query strings per path and version, none longer than
  ``PAGE_CACHE_MAX_QUERY_LENGTH``, and no response over ``PAGE_CACHE_MAX_BYTES``. Redis itself
  is given a memory limit and an eviction policy (docker/compose.yaml, README).

The cache failing never fails a page: a read or a write that the cache does not answer is
logged and the page is rendered from the database (``portal.content_version`` says the version
is unknown, and nothing is then read from or stored in the cache).

Responses say ``X-Page-Cache: hit``, ``miss`` (rendered and stored), or ``bypass``.
"""

import hashlib
import logging
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, patch_vary_headers

from . import content_version
from .content_version import CACHE_ERRORS, UNKNOWN

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"
# Headers that belong to one response and are never replayed from the cache.
_SKIPPED_HEADERS = {"set-cookie", "content-length", HEADER.lower()}


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", False)


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


# Parameters that only tell analytics where a visitor came from: no page reads them.
TRACKING_PARAMETERS = {"fbclid", "gclid", "msclkid", "mc_cid", "mc_eid", "_ga"}


def _is_tracking(name):
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def normalised_query(query_string):
    """The query's (name, value) pairs as the cache sees them: tracking parameters, empty
    values and repeated pairs dropped, sorted by name (the values of one name keep their order,
    which a page reading the last one relies on)."""
    pairs = []
    for name, value in parse_qsl(query_string, keep_blank_values=False):
        if not _is_tracking(name) and (name, value) not in pairs:
            pairs.append((name, value))
    return sorted(pairs, key=lambda pair: pair[0])


def _digest(*parts):
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _key(request, version, query):
    language = translation.get_language() or ""
    digest = _digest(request.scheme, request.get_host(), request.path, query, language)
    return f"pagecache:{version}:{digest}"


def _variants_key(request, version):
    return f"pagecache:{version}:variants:{_digest(request.get_host(), request.path)}"


def note_served_page(page, request, serve_args, serve_kwargs):
    """``before_serve_page`` hook: which query parameters the page about to render reads."""
    request.page_cache_query_parameters = frozenset(getattr(page, "cached_query_parameters", ()))


def _query_is_storable(request, pairs):
    """Whether a page rendered for this query may be stored: only when every parameter is one
    its page reads, so a random or misspelt one never makes an entry (and a page that reads a
    parameter it did not declare is rendered every time, never served the wrong variant)."""
    read = getattr(request, "page_cache_query_parameters", frozenset())
    return all(name in read for name, _value in pairs)


def _within_variant_bound(cache, request, version):
    """Count one more stored query string for this path; false once over the bound."""
    key = _variants_key(request, version)
    cache.add(key, 0, settings.PAGE_CACHE_TIMEOUT)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, settings.PAGE_CACHE_TIMEOUT)
        count = 1
    return count <= settings.PAGE_CACHE_MAX_VARIANTS


def _is_wagtail_page(request):
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "wagtail_serve"


def _cacheable_response(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if not _is_wagtail_page(request):
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and messages.added_new:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    directives = {
        d.strip().split("=")[0].lower()
        for d in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not directives & {"private", "no-store", "no-cache"}


def _replay(entry, request):
    status, headers, content = entry
    response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
    for name, value in headers:
        response[name] = value
    response["Content-Length"] = str(len(content))
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pairs = query = None
        if _enabled() and _cacheable_request(request):
            pairs = normalised_query(request.META.get("QUERY_STRING", ""))
            query = urlencode(pairs)
            if len(query) > settings.PAGE_CACHE_MAX_QUERY_LENGTH:
                pairs = None  # never stored, so not worth a cache read either
        if pairs is None:
            response = self.get_response(request)
            if _enabled() and _is_wagtail_page(request):
                response[HEADER] = "bypass"
            return response

        cache = _cache()
        version = content_version.for_request(request)
        key = None if version is UNKNOWN else _key(request, version, query)
        entry = _read(cache, key)
        if entry is not None:
            response = _replay(entry, request)
            response[HEADER] = "hit"
            return response

        response = self.get_response(request)
        if (
            key is not None
            and _cacheable_response(request, response)
            and len(response.content) <= settings.PAGE_CACHE_MAX_BYTES
            and _query_is_storable(request, pairs)
            and _store(cache, key, request, response, pairs, version)
        ):
            response[HEADER] = "miss"
        elif _is_wagtail_page(request):
            response[HEADER] = "bypass"
        return response


def _read(cache, key):
    """The stored page under ``key``, or ``None`` (none stored, or the cache does not answer)."""
    if key is None:
        return None
    try:
        return cache.get(key)
    except CACHE_ERRORS as exc:
        logger.warning("Page cache unreadable, page rendered: %s", exc)
        return None


def _store(cache, key, request, response, pairs, version):
    """Store the page; false when it is over the bound of variants or the cache does not answer."""
    try:
        if pairs and not _within_variant_bound(cache, request, version):
            return False
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        headers = [
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in _SKIPPED_HEADERS
        ]
        cache.set(key, (response.status_code, headers, response.content),
                  settings.PAGE_CACHE_TIMEOUT)  # fmt: skip
    except CACHE_ERRORS as exc:
        logger.warning("Page cache unwritable, page not stored: %s", exc)
        return False
    return True


def connect_signals():
    """Which query parameters each page reads (published content moving the version is
    ``portal.content_version``'s business)."""
    from wagtail import hooks

    hooks.register("before_serve_page", note_served_page)
