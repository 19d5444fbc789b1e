"""Requests refused before any of the portal's code sees them.

``RequestLimitsMiddleware`` comes right after Django's security middleware, before anything
reads the body or the query:

- a body announced (``Content-Length``) larger than ``MAX_REQUEST_BYTES`` is answered 413 at
  once, without reading a byte of it (a 100 MB upload is never read to be refused);
- an address whose path or query string holds a control character (a NUL byte above all, which
  PostgreSQL refuses in any text and which would end as a server error) is answered 400 with a
  page saying so, whichever view or filter it was meant for.

Both pages are rendered from templates that need no database, session or user.
"""

import re
from urllib.parse import unquote

from django.conf import settings
from django.shortcuts import render

# C0 control characters and DEL, except tab, line feed and carriage return (harmless in a
# keyword search box, and some browsers send pasted text with them).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def body_too_large(request):
    """The announced length of the body, when it is over ``MAX_REQUEST_BYTES``."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None  # Django reads such a body as empty
    return length if length > settings.MAX_REQUEST_BYTES else None


def has_control_characters(request):
    """Whether the path or the (decoded) query string holds a control character."""
    query = unquote(request.META.get("QUERY_STRING", ""), errors="replace")
    return bool(CONTROL_CHARACTERS.search(request.path) or CONTROL_CHARACTERS.search(query))


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = body_too_large(request)
        if length is not None:
            megabyte = 1024 * 1024
            context = {
                "size_mb": length / megabyte,
                "limit_mb": settings.MAX_REQUEST_BYTES / megabyte,
                "document_mb": settings.WAGTAILDOCS_MAX_UPLOAD_SIZE / megabyte,
                "image_mb": settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE / megabyte,
            }
            return render(request, "413.html", context, status=413)
        if has_control_characters(request):
            path = request.path
            context = {"page_path": "/" if CONTROL_CHARACTERS.search(path) else path}
            return render(request, "400_control_characters.html", context, status=400)
        return self.get_response(request)
