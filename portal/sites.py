"""The current site, its settings and which pages are private, kept in each process.

Wagtail looks up the site of every request with a query (``Site.find_for_request``), then its
root page with another, and every page's header reads the alliance's settings with a third;
serving a page then asks for the view restrictions of it and its ancestors with two more. All
of these change only when an editor saves a site, a setting or a view restriction, or
publishes, moves or deletes a page, and each of those moves the content version
(``portal.content_version``). So each process keeps them under the version it read them at: a
request pays one cache read, which the page cache and the navigation share, instead of five
queries. The same goes for where a path leads (``KnownRoutesRoot``). With the cache
unreachable, the version is unknown and each request reads them from the database.

Every request gets its own copies, so nothing one request sets on them reaches another.
"""

import copy

from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site

from .content_version import kept_per_process


def find_site(request):
    """``Site.find_for_request``, from the process's copy while the content version holds."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]
    key = ("site", hostname, request.get_port())
    site = kept_per_process(request, key, lambda: Site._find_for_request(request))
    if site is not None:
        site = copy.copy(site)
        site.root_page = copy.copy(site.root_page)
    request._wagtail_site = site  # where Wagtail looks first
    return site


class SiteMiddleware:
    """Hands Wagtail's page view the site from ``find_site`` and its root page, with which
    Wagtail starts routing (it would query both)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name != "wagtail_serve":
            return
        site = find_site(request)
        if site is None:
            return
        root = site.root_page
        stored = kept_per_process(request, ("root", site.pk), lambda: copy.copy(root).specific)
        root.specific = copy.copy(stored)


class RememberedSiteSetting:
    """For a ``BaseSiteSetting``: ``for_request`` reads the process's copy of the setting."""

    @classmethod
    def for_request(cls, request):
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = find_site(request)
        key = ("setting", cls._meta.label, site.pk if site else None)
        stored = kept_per_process(request, key, lambda: cls.for_site(site))
        setting = copy.copy(stored)
        setting._page_url_cache = {}
        setting._request = request  # as Wagtail does, for its page URLs
        setattr(request, attr_name, setting)
        return setting


def restricted_paths():
    """The tree paths of the pages that carry a view restriction, or ``None`` when the tree has
    aliases (an alias takes its source's restrictions: Wagtail's own check is needed then)."""

    def read():
        if Page.objects.filter(alias_of__isnull=False).exists():
            return None
        return frozenset(PageViewRestriction.objects.values_list("page__path", flat=True))

    # No request here: Wagtail asks the page alone.
    return kept_per_process(None, "restricted paths", read)


class KnownRestrictionsPage:
    """For a page model: ``get_view_restrictions`` answers "none" without a query when neither
    the page nor an ancestor carries a restriction (Wagtail checks it on every page served)."""

    def get_view_restrictions(self):
        paths = restricted_paths()
        if paths is not None:
            step = self.steplen
            if not any(self.path[:end] in paths for end in range(step, len(self.path) + 1, step)):
                return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


ROUTES_MAX = 20_000


class KnownRoutesRoot:
    """For the site's root page model: a path routed once is found again with one query for the
    page at its end. Wagtail's routing fetches each page along the path, then its specific
    object (two queries per level: four for a resource). What a path leads to changes only when
    a page is published, moved or deleted, which moves the content version."""

    def route(self, request, path_components):
        # {(root page's pk, *slugs): (pk, page class)}, shared by the process's requests.
        routes = kept_per_process(request, "routes", dict)
        for end in range(len(path_components), 0, -1):
            known = routes.get((self.pk, *path_components[:end]))
            if known is not None:
                pk, model = known
                page = model.objects.filter(pk=pk).first()
                if page is not None:
                    return page.route(request, path_components[end:])
                break
        result = super().route(request, path_components)
        page = result[0]
        if page.pk != self.pk and page.path.startswith(self.path):
            if len(routes) >= ROUTES_MAX:
                routes.clear()
            routes[(self.pk, *path_components[: page.depth - self.depth])] = (page.pk, type(page))
        return result
