"""Django's Redis cache backend, failing soft: when Redis does not answer, the cache behaves as
an empty cache that keeps nothing (as Django's ``DummyCache`` does: ``add`` succeeds, ``get``
finds nothing), and says so in the log.

Everything the portal keeps in the cache can be computed again: pages from the database
(``portal.pagecache``, ``portal.content_version``), Wagtail's own site root paths, the admin
link of the account menu. So a Redis outage makes the portal slower, never unavailable, and
``/healthz`` reports the cache (``portal.health``). The settings select this backend whenever
``CACHE_URL`` names Redis.

The trade-off, accepted on purpose: during an outage the limits kept in the cache (allauth's
sign-in and code limits, ``members.ratelimit``) count nothing. Sign-in keeps working instead
of answering an error to everyone, and the outage is in the log and on ``/healthz``.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# An outage fails every call: one line in the log per interval is enough to tell.
LOG_INTERVAL = 10.0


class FailSoftRedisCache(RedisCache):
    last_logged = 0.0

    @classmethod
    def unanswered(cls, operation, error):
        now = time.monotonic()
        if now - cls.last_logged >= LOG_INTERVAL:
            cls.last_logged = now
            logger.error("Cache unreachable (%s), carrying on without it: %s", operation, error)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            self.unanswered("add", error)
            return True  # as if added to an empty cache: a lock taken with it is granted

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            self.unanswered("get", error)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            self.unanswered("set", error)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            self.unanswered("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            self.unanswered("delete", error)
            return False

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            self.unanswered("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            self.unanswered("has_key", error)
            return False

    def incr(self, key, delta=1, version=None):
        """With Redis unreachable: ``delta``, as for a counter just started (nothing counts)."""
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            self.unanswered("incr", error)
            return delta

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            self.unanswered("set_many", error)
            return list(data)  # the keys that were not set

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except RedisError as error:
            self.unanswered("delete_many", error)

    def clear(self):
        try:
            return super().clear()
        except RedisError as error:
            self.unanswered("clear", error)
            return False
