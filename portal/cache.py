"""The Redis cache, failing soft: django-redis with ``IGNORE_EXCEPTIONS``, so that when Redis
does not answer the cache behaves as an empty cache that keeps nothing (``get`` finds nothing,
``set`` keeps nothing, ``add`` succeeds as on an empty cache), and says so in the log once in a
while.

Everything the portal keeps in the cache can be computed again: pages from the database
(``portal.pagecache``, ``portal.content_version``), Wagtail's own site root paths, the admin
link of the account menu. So a Redis outage makes the portal slower, never unavailable, and
``/healthz`` reports the cache (``portal.health``). The settings select this backend whenever
``CACHE_URL`` names Redis (``redis_cache``).

django-redis rather than Django's own Redis backend: it keeps one Redis client per process,
where Django's builds a new client for every cache call (Django ticket 35651), which cost a page
served from the cache about a quarter of its time.

The trade-off, accepted on purpose: during an outage the limits kept in the cache (allauth's
sign-in and code limits, ``members.ratelimit``) count nothing. Sign-in keeps working instead
of answering an error to everyone, and the outage is in the log and on ``/healthz``.
"""

import logging
import time

from django_redis.cache import RedisCache

# The logger django-redis reports an ignored error to (settings: DJANGO_REDIS_LOGGER).
LOGGER_NAME = "portal.cache"
# An outage fails every call: one line in the log per interval is enough to tell.
LOG_INTERVAL = 10.0


def redis_cache(location, *, timeout=0.5, key_prefix=""):
    """The ``CACHES`` entry of a Redis cache at ``location`` that fails soft. Without the
    timeouts, a Redis host that drops packets would hold each request for the operating
    system's TCP timeout."""
    return {
        "BACKEND": "portal.cache.FailSoftRedisCache",
        "LOCATION": location,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": timeout,
            "SOCKET_TIMEOUT": timeout,
            "IGNORE_EXCEPTIONS": True,
        },
    }


class FailSoftRedisCache(RedisCache):
    """django-redis answers ``None`` for every call the cache did not answer (with
    ``IGNORE_EXCEPTIONS``). For ``add`` that reads as "not added", and a lock taken with it
    (allauth's rate limits, the facet table's build) would never be granted: here it is granted,
    as on an empty cache."""

    def add(self, *args, **kwargs):
        added = super().add(*args, **kwargs)
        return True if added is None else added


def count(cache, key, timeout):
    """Count one more use under ``key`` (kept ``timeout`` seconds) and return the count. With the
    cache unreachable every count is 1: nothing counts during an outage."""
    cache.add(key, 0, timeout)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout)
        used = 1
    return used or 1  # None: the cache did not answer


class OneLinePerInterval(logging.Filter):
    """Lets one record through per ``LOG_INTERVAL`` seconds (for the cache's outage errors)."""

    last = float("-inf")

    def filter(self, record):
        now = time.monotonic()
        if now - OneLinePerInterval.last < LOG_INTERVAL:
            return False
        OneLinePerInterval.last = now
        return True
