"""The WSGI application ``make bench`` serves under gunicorn: the portal with its production
settings and the baseline view (tests/benchmarks/settings.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.benchmarks.settings")

application = get_wsgi_application()
