"""The WSGI application ``make bench`` serves under gunicorn: the portal with its production
settings (tests/benchmarks/settings.py), and, for the one path ``BARE_PATH``, the same Django with
no middleware at all.

Both are Django's own ``WSGIHandler`` in the same process, with the same settings and URLs; the
second is built while ``MIDDLEWARE`` is empty (``override_settings``), so a request to
``BARE_PATH`` costs what Django costs without middleware (the request object, the signals, URL
resolution and the view), the floor every figure of the benchmark is a ratio to.
"""

import os

from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application
from django.test.utils import override_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.benchmarks.settings")

portal = get_wsgi_application()

with override_settings(MIDDLEWARE=[]):
    without_middleware = WSGIHandler()

from tests.benchmarks.urls import BARE_PATH  # noqa: E402 (after Django's set-up)


def application(environ, start_response):
    if environ.get("PATH_INFO") == BARE_PATH:
        return without_middleware(environ, start_response)
    return portal(environ, start_response)
