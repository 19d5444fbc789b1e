"""The public read API at ``/api/`` (django-ninja), with its OpenAPI schema at
``/api/openapi.json`` and its documentation at ``/api/docs``.

Each app contributes a ``router`` in its own ``api.py``; mounting another is one line of
``ROUTERS``. Every operation is a GET of public facts, the same for everyone:

- **Public only**: routers list only what a visitor may read (the library's members-only
  resources never appear, whoever asks: no operation looks at the user).
- **Paginated**: ``Paginated`` (``page``, ``page_size`` up to 100).
- **Cached**: responses are served from the page cache (``portal.pagecache``), keyed on the
  content version, so any change to what they show is seen at once (``public_get``).
- **Rate limited**: per client address (``API_RATE_LIMIT``, ninja's throttling); a cached
  response is answered before it, and costs nothing.
- **CORS open for GET**: ``Access-Control-Allow-Origin: *`` on every GET and HEAD response.
"""

from django.conf import settings
from django.utils.module_loading import import_string
from ninja import Field, NinjaAPI, Schema
from ninja.decorators import decorate_view
from ninja.pagination import PageNumberPagination
from ninja.throttling import AnonRateThrottle

from portal.pagecache import cacheable_view

# (prefix, router): one line per app.
ROUTERS = [
    ("/directory/", "directory.api.router"),
    ("/resources/", "resources.api.router"),
    ("", "events.api.router"),  # /api/events/
]

MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100


class Paginated(PageNumberPagination):
    """Pages of ``page_size`` items (default 20, at most 100), with the total ``count``."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, **kwargs):
        super().__init__(page_size=20, max_page_size=MAX_PAGE_SIZE, **kwargs)


PAGINATION_PARAMETERS = ("page", "page_size")


def public_get(*parameters):
    """Decorator for a GET operation: stored in the page cache, for the query ``parameters``
    it reads (and the pagination's)."""
    return decorate_view(cacheable_view(*parameters, *PAGINATION_PARAMETERS))


class PortalAPI(NinjaAPI):
    def create_response(self, request, *args, **kwargs):
        response = super().create_response(request, *args, **kwargs)
        return with_cors(request, response)


def with_cors(request, response):
    if request.method in ("GET", "HEAD"):
        response["Access-Control-Allow-Origin"] = "*"
    return response


api = PortalAPI(
    title="Alliance Portal API",
    version="1",
    description=(
        "Read-only public data of the alliance: the country resource directory and the "
        "library's public resources, and public upcoming events. Paginated; cached; rate "
        "limited per address."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    throttle=[AnonRateThrottle(settings.API_RATE_LIMIT)],
)

for prefix, router in ROUTERS:
    api.add_router(prefix, import_string(router))
