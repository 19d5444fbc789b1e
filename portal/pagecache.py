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
  (``LocaleMiddleware`` chooses it from ``Accept-Language``), and a generation token:
  ``purge_page_cache()`` replaces the token, so every cached page goes at once. Publishing,
  unpublishing, moving or deleting a page, saving or deleting a site or a page's view
  restriction, and saving site settings purge it once the transaction commits (a view
  restriction at once as well);
- what is stored is bounded, so that neither a crawler nor an attacker can fill the cache with
  query strings: the query is normalised (empty values, repeated pairs and tracking parameters
  such as ``utm_source`` dropped, sorted by name); a page is stored only when every parameter
  left is one its page type reads (``cached_query_parameters`` on the page model: the library's
  filters, the news tag, pages), so ``?x=random`` is rendered but never stored; at most
  ``PAGE_CACHE_MAX_VARIANTS`` query strings per path and generation, none longer than
  ``PAGE_CACHE_MAX_QUERY_LENGTH``, and no response over ``PAGE_CACHE_MAX_BYTES``. Redis itself
  is given a memory limit and an eviction policy (docker/compose.yaml, README).

The generation also names what each process keeps of the site between requests (``remember``:
the site, its settings and navigation, see ``portal.sites``).

Responses say ``X-Page-Cache: hit``, ``miss`` (rendered and stored), or ``bypass``.
"""

import hashlib
import threading
import uuid
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, patch_vary_headers

HEADER = "X-Page-Cache"
GENERATION_KEY = "pagecache:generation"
# Headers that belong to one response and are never replayed from the cache.
_SKIPPED_HEADERS = {"set-cookie", "content-length", HEADER.lower()}


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", False)


def _generation(cache, create=True):
    generation = cache.get(GENERATION_KEY)
    if generation is None and create:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def current_generation():
    """The token that names what is cached now; it changes whenever the cache is purged, so
    other caches of rendered content (the navigation) can key on it too."""
    return _generation(_cache())


def request_generation(request):
    """The generation for this request: read from the cache once, then kept on the request."""
    generation = getattr(request, "_page_cache_generation", None)
    if generation is None:
        generation = request._page_cache_generation = current_generation()
    return generation


# What each process keeps until the generation changes: {key: (generation, value)}.
_remembered = {}
_remembered_lock = threading.Lock()
REMEMBERED_MAX = 256


def remember(request, key, compute):
    """``compute()``, kept in this process until the generation changes, for what changes only
    when the page cache is purged (the site, its settings, its navigation, its routes). A process
    checks the generation once per request (or per call, with no request), so a change made in
    another process shows at its next request. What ``compute`` returns is shared by every
    request: callers hand out copies of what a request might change."""
    generation = current_generation() if request is None else request_generation(request)
    entry = _remembered.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    value = compute()
    with _remembered_lock:
        if len(_remembered) >= REMEMBERED_MAX:  # keys come from hosts: never let them pile up
            _remembered.clear()
        _remembered[key] = (generation, value)
    return value


def purge_page_cache():
    """Forget every cached page now (a new generation token makes the old keys unreachable)."""
    _cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def purge_page_cache_now_and_on_commit(**kwargs):
    """Signal receiver for what guards pages (view restrictions): purge at once as well, so that
    even the transaction that makes a page private never serves it from a cache again."""
    purge_page_cache()
    transaction.on_commit(purge_page_cache)


def purge_page_cache_on_commit(**kwargs):
    """Signal receiver: purge once the change is committed, so that no request renders the old
    content into the new generation (nor keeps it in its process under it)."""
    transaction.on_commit(purge_page_cache)


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


def _key(request, generation, query):
    language = translation.get_language() or ""
    digest = _digest(request.scheme, request.get_host(), request.path, query, language)
    return f"pagecache:{generation}:{digest}"


def _variants_key(request, generation):
    return f"pagecache:{generation}:variants:{_digest(request.get_host(), request.path)}"


def note_served_page(page, request, serve_args, serve_kwargs):
    """``before_serve_page`` hook: which query parameters the page about to render reads."""
    request.page_cache_query_parameters = frozenset(getattr(page, "cached_query_parameters", ()))


def _query_is_storable(request, pairs):
    """Whether a page rendered for this query may be stored: only when every parameter is one
    its page reads, so a random or misspelt one never makes an entry (and a page that reads a
    parameter it did not declare is rendered every time, never served the wrong variant)."""
    read = getattr(request, "page_cache_query_parameters", frozenset())
    return all(name in read for name, _value in pairs)


def _within_variant_bound(cache, request, generation):
    """Count one more stored query string for this path; false once over the bound."""
    key = _variants_key(request, generation)
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
        generation = request._page_cache_generation = _generation(cache)
        key = _key(request, generation, query)
        entry = cache.get(key)
        if entry is not None:
            response = _replay(entry, request)
            response[HEADER] = "hit"
            return response

        response = self.get_response(request)
        if (
            _cacheable_response(request, response)
            and len(response.content) <= settings.PAGE_CACHE_MAX_BYTES
            and _query_is_storable(request, pairs)
            and (not pairs or _within_variant_bound(cache, request, generation))
        ):
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
            headers = [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in _SKIPPED_HEADERS
            ]
            cache.set(key, (response.status_code, headers, response.content),
                      settings.PAGE_CACHE_TIMEOUT)  # fmt: skip
            response[HEADER] = "miss"
        elif _is_wagtail_page(request):
            response[HEADER] = "bypass"
        return response


def _purge_for_new_alias(sender, instance, created=False, **kwargs):
    if created and getattr(instance, "alias_of_id", None):  # only pages have ``alias_of``
        purge_page_cache_now_and_on_commit()


def connect_signals():
    """Purge the page cache when what the public sees may have changed."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail import hooks
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    hooks.register("before_serve_page", note_served_page)
    uid = "portal.pagecache"
    page_published.connect(purge_page_cache_on_commit, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(purge_page_cache_on_commit, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(purge_page_cache_on_commit, dispatch_uid=f"{uid}.moved")
    post_delete.connect(purge_page_cache_on_commit, sender=Page, dispatch_uid=f"{uid}.deleted")
    post_save.connect(purge_page_cache_on_commit, sender=Site, dispatch_uid=f"{uid}.site")
    post_delete.connect(purge_page_cache_on_commit, sender=Site, dispatch_uid=f"{uid}.site-gone")
    # A page made private (or its restriction changed) must stop being served from the cache.
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            purge_page_cache_now_and_on_commit,
            sender=PageViewRestriction,
            dispatch_uid=f"{uid}.restriction-{name}",
        )
    # An alias takes its source's restrictions: portal.sites stops trusting what it knows of them.
    post_save.connect(_purge_for_new_alias, dispatch_uid=f"{uid}.alias")
    m2m_changed.connect(
        purge_page_cache_now_and_on_commit,
        sender=PageViewRestriction.groups.through,
        dispatch_uid=f"{uid}.restriction-groups",
    )
    for model in apps.get_models():
        if not issubclass(model, BaseSiteSetting):
            continue
        post_save.connect(
            purge_page_cache_on_commit, sender=model, dispatch_uid=f"{uid}.{model._meta.label}"
        )
