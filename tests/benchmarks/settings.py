"""The portal's production settings, plus one URL: the baseline view the benchmark compares with.

Nothing here ships in the portal: ``make bench`` serves ``tests.benchmarks.wsgi`` with these
settings; the environment gives the secrets, the database and the cache, as in production.
"""

from portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.urls"
