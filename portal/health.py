"""Reachability checks for ``/healthz``: the database, the broker and the search backend."""

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
    if settings.ELASTICSEARCH_URL:
        from elasticsearch import Elasticsearch

        client = Elasticsearch(
            settings.ELASTICSEARCH_URL, request_timeout=settings.HEALTHCHECK_TIMEOUT
        )
        info = client.info()
        return {"backend": "elasticsearch", "version": info["version"]["number"]}
    # The database backend answers when the database does; query its index table to be sure.
    from wagtail.search.models import IndexEntry

    IndexEntry.objects.exists()
    return {"backend": "database"}


def run_checks():
    """Return ``(healthy, report)``; a part that is not configured is reported, not checked."""
    report = {"database": _timed(check_database)}
    if settings.CELERY_BROKER_URL:
        report["broker"] = _timed(check_broker)
    else:
        report["broker"] = {"ok": True, "configured": False, "mode": "eager"}
    report["search"] = _timed(check_search)
    healthy = all(part["ok"] for part in report.values())
    return healthy, report
