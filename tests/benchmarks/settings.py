"""The portal's production settings, with the benchmark's URLs: its two reference views, then the
portal's own (tests/benchmarks/urls.py).

Nothing here ships in the portal: ``make bench`` serves ``tests.benchmarks.wsgi`` with these
settings; the environment gives the secrets, the database and the cache, as in production.
"""

from portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.urls"
