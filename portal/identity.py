"""Who and where the portal is: the alliance's one name and the one address every absolute link
starts with.

The address is the default Wagtail site's (``Site.root_url``), which is also what the sitemap,
the feeds and Wagtail's own page links use. ``SITE_URL`` sets it: after every ``migrate`` and
every ``seed_demo`` the default site's hostname and port are made to match it, and ``make run``
sets ``SITE_URL`` from ``HOST`` and ``PORT``. E-mails (the portal's, allauth's and Wagtail's
moderation notices through ``WAGTAILADMIN_BASE_URL``, also ``SITE_URL``) therefore link where
the pages are served.

Each function reads the database afresh, except inside ``read_once()``: work that builds many
links at once (an e-mail names the alliance and links the portal half a dozen times) reads the
site and the name once for the whole block.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings

# What ``read_once`` has read so far in the current block; ``None`` outside any block.
_read = ContextVar("portal_identity_read", default=None)


@contextmanager
def read_once():
    """Within the block, ``default_site()`` and ``alliance_name()`` query the database once.
    A block inside another shares the outer one's reading. Also a decorator."""
    if _read.get() is not None:
        yield
        return
    token = _read.set({})
    try:
        yield
    finally:
        _read.reset(token)


def _once(name, read):
    memo = _read.get()
    if memo is None:
        return read()
    if name not in memo:
        memo[name] = read()
    return memo[name]


def default_site():
    from wagtail.models import Site

    return _once(
        "site", lambda: Site.objects.filter(is_default_site=True).select_related(None).first()
    )


def site_root_url():
    """``https://portal.example.org``: no trailing slash."""
    site = default_site()
    return site.root_url if site is not None else settings.SITE_URL


def absolute_url(path):
    """``path`` (``/news/``, ``reverse(...)``) as a full address on the portal."""
    return site_root_url() + path


def site_address(url):
    """``(hostname, port)`` of ``url``, as a Wagtail site stores them."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname, port


def sync_default_site(url=None):
    """Give the default site the hostname and port of ``url`` (``SITE_URL``). Returns whether
    anything changed; there is nothing to do before a default site exists."""
    site = default_site()
    if site is None:
        return False
    hostname, port = site_address(url or settings.SITE_URL)
    if (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save()
    return True


def alliance_name():
    """The alliance's name as editors set it (Settings → Alliance), else ``ALLIANCE_NAME``."""
    return _once("alliance_name", _read_alliance_name)


def _read_alliance_name():
    from .models import AllianceSettings

    site = default_site()
    if site is not None:
        name = AllianceSettings.for_site(site).name
        if name:
            return name
    return settings.WAGTAIL_SITE_NAME
