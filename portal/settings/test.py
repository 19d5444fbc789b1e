"""Test settings: fast, isolated and deterministic."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKL"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Uploaded files go to a throwaway folder: documents are served from disk as in production.
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# The page cache is off for the suite; tests/portal/test_page_cache.py and the browser tests turn
# it on.
PAGE_CACHE_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
# Database search unless a test asks for Elasticsearch (tests/search, marker elasticsearch).
SEARCH_BACKEND = "database"
SEARCH_INDEX_PREFIX = "portal-test"
ANYMAIL = {
    "WEBHOOK_SECRET": "hook-user:hook-password",
    "MAILGUN_WEBHOOK_SIGNING_KEY": "test-mailgun-signing-key",
}
NEWSLETTER_RETRY_BACKOFF = 0
