"""Settings of the portal served to the browser tests: the test settings (same secret key and
password hasher as the test process, which creates the accounts), with the real services the
fixture starts, named in the environment.

The portal runs as in production (DEBUG off, WhiteNoise for static files, the page cache in Redis,
e-mail through the outbox, the Celery worker and SMTP), without HTTPS: the browser talks to it
over plain HTTP on loopback.
"""

from portal.cache import redis_cache
from portal.settings.base import env, middleware
from portal.settings.test import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SITE_URL = env("SITE_URL")
WAGTAILADMIN_BASE_URL = SITE_URL

vars().update(env.email_url("EMAIL_URL"))

CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE")

CACHES = {
    "default": redis_cache(
        env("BROWSER_CACHE_REDIS_URL"), key_prefix=env("BROWSER_CACHE_KEY_PREFIX")
    )
}
PAGE_CACHE_ENABLED = True
# The test process's media folder, so that the documents its factories store are served.
MEDIA_ROOT = env("BROWSER_MEDIA_ROOT")

MIDDLEWARE = middleware(serve_static_files=True)
# Static files straight from the apps' folders: no collectstatic before each run.
WHITENOISE_USE_FINDERS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
