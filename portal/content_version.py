"""The content version: one token meaning "published content changed", and what moves it.

Every cache of what visitors see keys on this one token: the anonymous page cache
(``portal.pagecache``) and the library's facet table (``resources.filters``). When the token moves,
everything cached under the old one is unreachable at once, so nothing has a purge list of its
own and nothing goes stale.

Each app declares, in its ``AppConfig.ready``, the models whose changes move the token::

    from portal import content_version

    content_version.register(MNRDomain, MNRCapability)

- ``register(*models)``: any save or delete of these models, and any change to a many-to-many
  relation whose ``through`` model is listed, moves the version once the transaction commits.
- ``register(*models, guards=True)``: for what decides who may see a page (view restrictions):
  the version moves at once as well, so not even the transaction that makes a page private
  serves it from a cache afterwards.
- ``register_pages()`` (portal does it): publishing, unpublishing, moving or deleting a page,
  saving a live page other than its draft bookkeeping (a draft save never moves it), and making
  an alias (which takes its source's view restrictions).

The version is read once per request (``for_request``) and kept on it. **Failing soft**: the
token lives in Django's cache. When the cache does not answer (an error of the client, or
nothing read back from a backend that fails soft, ``portal.cache``), it is logged, the version
reads as ``None`` ("unknown"), and callers then neither read nor keep anything cached: pages
render from the database, slower and correct. A move that could not be written is remembered
in the process and made at the next read that reaches the cache.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

logger = logging.getLogger(__name__)

VERSION_KEY = "content:version"
REQUEST_ATTRIBUTE = "content_version"
UNKNOWN = None

# The fields Wagtail writes when it saves a draft or locks a page: saving only these never
# changes what visitors see.
DRAFT_FIELDS = frozenset(
    {
        "comments",
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def cache_errors():
    """The exceptions a cache client raises when the cache does not answer."""
    errors = [OSError]
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - redis is a dependency (Celery's broker)
        pass
    else:
        errors.append(RedisError)
    return tuple(errors)


CACHE_ERRORS = cache_errors()


def content_cache():
    """The cache that holds the version and what is keyed on it."""
    return caches[settings.CONTENT_CACHE_ALIAS]


class State:
    """What this process knows: whether a move could not be written to the cache."""

    move_pending = False


def current():
    """The version now, read from the cache (``None`` when the cache does not answer)."""
    cache = content_cache()
    try:
        if State.move_pending:
            cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except CACHE_ERRORS as exc:
        logger.warning("Content version unreadable, caches bypassed: %s", exc)
        return UNKNOWN
    if version is not None:
        State.move_pending = False
    # ``None``: the cache failed soft (``portal.cache``), the version is unknown.
    return version


def for_request(request):
    """The version for this request: read once, then kept on the request. ``None`` (no request)
    reads it afresh."""
    if request is None:
        return current()
    if not hasattr(request, REQUEST_ATTRIBUTE):
        setattr(request, REQUEST_ATTRIBUTE, current())
    return getattr(request, REQUEST_ATTRIBUTE)


def for_request_with(request, keys):
    """The version for this request, as ``for_request``, and the values of ``keys`` in the same
    cache, read with it in one round trip (the page cache's lookup): ``(version, {key: value})``,
    with only the keys found. When the version cannot be read that way (read already for this
    request, not there yet, a move of this process pending, the cache not answering), it is read
    as ``for_request`` does and the values are read after it."""
    cache = content_cache()
    if not State.move_pending and not hasattr(request, REQUEST_ATTRIBUTE):
        try:
            values = cache.get_many([VERSION_KEY, *keys])
        except CACHE_ERRORS as exc:
            logger.warning("Content version unreadable, caches bypassed: %s", exc)
            values = {}
        version = values.pop(VERSION_KEY, None)
        if version is not None:
            setattr(request, REQUEST_ATTRIBUTE, version)
            return version, values
    version = for_request(request)
    if version is UNKNOWN:
        return UNKNOWN, {}
    try:
        return version, cache.get_many(keys)
    except CACHE_ERRORS as exc:
        logger.warning("Cache unreadable: %s", exc)
        return version, {}


def move():
    """Published content changed: every cache keyed on the old version is forgotten. The move
    is read back (a cache failing soft, ``portal.cache``, raises nothing): a move that did not
    reach the cache is made again at the next read that does."""
    cache = content_cache()
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        moved = cache.get(VERSION_KEY) is not None  # another process may have moved it since
    except CACHE_ERRORS as exc:
        logger.error("Content version not moved: %s", exc)
        moved = False
    if not moved:
        logger.error("Content version not moved (cache unreachable), moved at its return")
    State.move_pending = not moved


def move_on_commit(**kwargs):
    """Signal receiver: move once the change is committed, so that no request renders the old
    content under the new version (nor keeps it in its process under it)."""
    transaction.on_commit(move)


def move_now_and_on_commit(**kwargs):
    """Signal receiver for what guards pages: move at once as well."""
    move()
    transaction.on_commit(move)


# --- The registry --------------------------------------------------------------------------------
REGISTERED = {}


def register(*models, guards=False):
    """Declare models whose changes change what visitors see (see the module's docstring)."""
    receiver = move_now_and_on_commit if guards else move_on_commit
    for model in models:
        label = model._meta.label
        REGISTERED[label] = model
        uid = f"content_version.{label}"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}.saved")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}.deleted")
        if model._meta.auto_created:  # a many-to-many relation's ``through`` model
            m2m_changed.connect(receiver, sender=model, dispatch_uid=f"{uid}.m2m")


def _page_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    from wagtail.models import Page

    if not isinstance(instance, Page):
        return
    if created and instance.alias_of_id:  # an alias takes its source's view restrictions
        move_now_and_on_commit()
    elif instance.live and (update_fields is None or set(update_fields) - DRAFT_FIELDS):
        move_on_commit()


def register_pages():
    """Pages and their publication: what Wagtail's signals say, and saves of live pages."""
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    uid = "content_version.pages"
    page_published.connect(move_on_commit, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(move_on_commit, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(move_on_commit, dispatch_uid=f"{uid}.moved")
    # Every page model sends its own post_save/post_delete: listen to all and keep pages.
    post_save.connect(_page_saved, dispatch_uid=f"{uid}.saved")
    post_delete.connect(move_on_commit, sender=Page, dispatch_uid=f"{uid}.deleted")
    REGISTERED[Page._meta.label] = Page


# --- Kept in the cache under the version ------------------------------------------------------
CACHED_TIMEOUT = 60 * 60
MISSING = object()


def cached(request, name, compute):
    """``compute()``, kept in the content cache under the version this request read, for what
    changes only with published content (a site's settings and navigation): every process
    shares one copy, a cache read instead of queries. When the version moves, a new copy is
    computed at the next request. With the version unknown (cache unreachable) nothing is read
    or kept: ``compute()`` runs every time. ``compute`` returns what pickles; ``None`` is kept
    too."""
    version = for_request(request)
    if version is UNKNOWN:
        return compute()
    cache = content_cache()
    key = f"content:{version}:{name}"
    try:
        value = cache.get(key, MISSING)
    except CACHE_ERRORS as exc:
        logger.warning("Content cache unreadable, %s computed: %s", name, exc)
        value = MISSING
    if value is MISSING:
        value = compute()
        try:
            cache.set(key, value, timeout=CACHED_TIMEOUT)
        except CACHE_ERRORS as exc:
            logger.warning("Content cache unwritable, %s not kept: %s", name, exc)
    return value


def cached_per_site(request, name, compute):
    """``cached``, one copy per site and language: for what holds pages' addresses (a page's
    URL depends on the site that serves it) or text in the active language."""
    from wagtail.models import Site

    site = Site.find_for_request(request) if request is not None else None
    language = translation.get_language() or ""
    return cached(request, f"{name}:{site.pk if site else ''}:{language}", compute)
