"""The views and context builders that the library's page models hand their work to.

The page models (``resources/models/``) hold fields, admin panels and routes. What a page shows
besides its own fields is read by modules that import the models: the library's listing and its
feed (``resources.views``, ``resources.filters``, ``resources.feeds``), a resource's, a news
item's and /mnr/'s lists (``resources.page_context``). So that the dependency goes one way, a
model calls those through ``page_views``, which ``ResourcesConfig.ready()`` connects, and
imports none of them (tests/resources/test_layers.py reads the models' imports).
"""

from django.core.exceptions import ImproperlyConfigured


class PageViews:
    """One attribute per piece of work a page model hands on, each ``(page, request)``."""

    NAMES = (
        "library_listing",  # ResourceIndexPage at its own address: a response
        "library_feed",  # ResourceIndexPage's feed/: a response
        "resource_context",  # ResourcePage: what get_context adds
        "mnr_context",  # MNRPage: what get_context adds
        "mnr_domain_context",  # MNRDomainPage: what get_context adds
        "mnr_capability_context",  # MNRCapabilityPage: what get_context adds
        "news_listing",  # NewsIndexPage at its own address: a response
        "news_feed",  # NewsIndexPage's feed/: a response
        "news_context",  # NewsPage: what get_context adds
    )

    def connect(self, **views):
        unknown = set(views) - set(self.NAMES)
        if unknown:
            raise ImproperlyConfigured(f"No page model hands on {sorted(unknown)}")
        for name, view in views.items():
            setattr(self, name, view)

    def __getattr__(self, name):  # only for a name not connected
        if name in self.NAMES:
            raise ImproperlyConfigured(f"{name} is not connected (ResourcesConfig.ready)")
        raise AttributeError(name)


page_views = PageViews()
