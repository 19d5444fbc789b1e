from pathlib import Path

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from .health import run_checks


@never_cache
@require_GET
def healthz(request):
    healthy, report = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": report},
        status=200 if healthy else 503,
    )


def server_error(request):
    """Render the 500 page without touching the database, which may be what failed."""
    return render(request, "500.html", status=500)


# The folders of MEDIA_ROOT that hold images (Wagtail's originals and renditions): the only
# uploads with a public address. Documents (MEDIA_ROOT/documents) are served only through
# Wagtail's permission-checked document view, and letters of endorsement live outside MEDIA_ROOT.
PUBLIC_MEDIA_FOLDERS = ("images", "original_images")
IMAGE_MAX_AGE = 60 * 60 * 24  # a day: a replaced image gets a new rendition name anyway


@require_GET
def media_image(request, folder, path):
    """An uploaded image from ``MEDIA_ROOT/<folder>/``, for every visitor.

    ``folder`` is one of ``PUBLIC_MEDIA_FOLDERS`` (the URL pattern allows no other);
    ``django.views.static.serve`` keeps ``path`` inside that folder (``..`` and absolute paths
    are refused). A reverse proxy may serve the same two folders itself, and nothing else.
    """
    if folder not in PUBLIC_MEDIA_FOLDERS:
        raise Http404
    response = serve(request, path, document_root=Path(settings.MEDIA_ROOT) / folder)
    patch_cache_control(response, public=True, max_age=IMAGE_MAX_AGE)
    response["X-Content-Type-Options"] = "nosniff"
    return response
