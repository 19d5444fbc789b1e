"""The portal's URLs, and before them the benchmark's baseline: a minimal Django view served by
the same server, settings and middleware as every page."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import handler500
from portal.urls import urlpatterns as portal_urlpatterns

BASELINE_PATH = "/bench/baseline/"


def baseline(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path(BASELINE_PATH.strip("/") + "/", baseline), *portal_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
