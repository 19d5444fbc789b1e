"""The portal's URLs, and before them the benchmark's two reference views: the same minimal
Django view at ``BARE_PATH``, which tests/benchmarks/wsgi.py serves with no middleware, and at
``FULL_STACK_PATH``, served behind the portal's whole middleware stack like every page."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import handler500
from portal.urls import urlpatterns as portal_urlpatterns

BARE_PATH = "/bench/bare/"
FULL_STACK_PATH = "/bench/full-stack/"


def minimal(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path(BARE_PATH.strip("/") + "/", minimal),
    path(FULL_STACK_PATH.strip("/") + "/", minimal),
    *portal_urlpatterns,
]

__all__ = ["handler500", "urlpatterns"]
