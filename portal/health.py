"""Reachability checks for ``/healthz``: the database, the cache, the broker and the search
backend. The portal serves pages without the cache (slower, from the database), but reports it:
the check fails and ``/healthz`` answers 503, naming it."""

import time

from django.conf import settings
from django.db import connection


def _timed(check):
    started = time.monotonic()
    try:
        detail = check()
    except Exception as exc:  # noqa: BLE001 - any failure means the part does not answer
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    result = {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}
    if detail:
        result.update(detail)
    return result


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def check_cache():
    """Ping Redis (the cache fails soft, so its own calls raise nothing), or with another
    backend write, read and delete a key."""
    from .content_version import content_cache

    config = settings.CACHES[settings.CONTENT_CACHE_ALIAS]
    backend = config["BACKEND"].rsplit(".", 1)[-1]
    location = config.get("LOCATION", "")
    location = location[0] if isinstance(location, (list, tuple)) else location.split(",")[0]
    if location.startswith(("redis://", "rediss://", "unix://")):
        from redis import Redis

        timeout = settings.HEALTHCHECK_TIMEOUT
        client = Redis.from_url(location, socket_timeout=timeout, socket_connect_timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
        return {"backend": backend}
    cache = content_cache()
    key = "healthz:probe"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what was written")
    cache.delete(key)
    return {"backend": backend}


def check_broker():
    from kombu import Connection

    with Connection(
        settings.CELERY_BROKER_URL, connect_timeout=settings.HEALTHCHECK_TIMEOUT
    ) as conn:
        conn.ensure_connection(
            max_retries=1, interval_start=0, timeout=settings.HEALTHCHECK_TIMEOUT
        )
        transport = conn.transport.driver_type
    return {"transport": transport}


def check_search():
    """The backend that actually serves queries (``search.backends``): Elasticsearch's version
    and whether its alias exists, or the database's index table."""
    from search.backends import backend_name

    if backend_name() == "elasticsearch":
        from elasticsearch import Elasticsearch

        from search.documents import alias_name

        client = Elasticsearch(
            settings.ELASTICSEARCH_URL, request_timeout=settings.HEALTHCHECK_TIMEOUT
        )
        info = client.info()
        if not client.indices.exists_alias(name=alias_name()):
            raise RuntimeError(f"no index behind {alias_name()}: run search_index rebuild")
        return {"backend": "elasticsearch", "version": info["version"]["number"]}
    from search.models import SearchDocument

    SearchDocument.objects.exists()
    return {"backend": "database", "vendor": connection.vendor}


def run_checks():
    """Return ``(healthy, report)``; a part that is not configured is reported, not checked."""
    report = {"database": _timed(check_database), "cache": _timed(check_cache)}
    if settings.CELERY_BROKER_URL:
        report["broker"] = _timed(check_broker)
    else:
        report["broker"] = {"ok": True, "configured": False, "mode": "eager"}
    report["search"] = _timed(check_search)
    healthy = all(part["ok"] for part in report.values())
    return healthy, report
