"""Which real services this test run can reach, and what a marked test does when one is missing.

A test marked ``integration``, ``browser``, ``elasticsearch`` or ``postgres`` skips when its
service is missing, unless ``REQUIRE_SERVICES`` (``postgres,redis,chromium,elasticsearch``) names
it: then it fails.
"""

import functools
import os
import socket
from urllib.parse import urlparse

from django.conf import settings
from django.db import connection

MARKER_SERVICES = {
    "integration": ("postgres", "redis"),
    "browser": ("postgres", "redis", "chromium"),
    "elasticsearch": ("elasticsearch",),
    "postgres": ("postgres",),
}


def required_services():
    return {s.strip() for s in os.environ.get("REQUIRE_SERVICES", "").split(",") if s.strip()}


def _port_open(url, default_port):
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


@functools.cache
def missing_reason(service):
    """Why ``service`` cannot be used here, or ``None`` when it can."""
    if service == "postgres":
        if connection.vendor != "postgresql":
            return "DATABASE_URL does not point at PostgreSQL"
        return None
    if service == "redis":
        url = settings.CELERY_BROKER_URL
        if not url.startswith("redis"):
            return "CELERY_BROKER_URL does not point at Redis"
        if not _port_open(url, 6379):
            return f"Redis at {url} does not answer"
        return None
    if service == "chromium":
        if not os.path.exists("/usr/bin/chromium"):
            return "Chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
        try:
            import axe_playwright_python  # noqa: F401
            import playwright  # noqa: F401
        except ImportError:
            return "Playwright for Python or axe-playwright-python is not installed"
        return None
    if service == "elasticsearch":
        url = settings.ELASTICSEARCH_URL
        if not url:
            return "ELASTICSEARCH_URL is not set"
        if not _port_open(url, 9200):
            return f"Elasticsearch at {url} does not answer"
        return None
    raise ValueError(f"Unknown service {service!r}")
