"""The WSGI application the browser tests serve.

Between two tests the test database is flushed, and migrations' ``post_migrate`` recreates the
content types with new ids: the server forgets the ids it cached before each request, as a fresh
process would.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.browser.settings")

_application = get_wsgi_application()


def application(environ, start_response):
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    return _application(environ, start_response)
