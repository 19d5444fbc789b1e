import os

import pytest
from django.core.cache import cache, caches
from django.utils import translation
from wagtail.models import Page, Site

from portal import content_version
from portal.factories import HomePageFactory, UserFactory
from portal.roles import (
    MEMBERS,
    MEMBERSHIP_REVIEWERS,
    SECRETARIAT_EDITORS,
    SECRETARIAT_MODERATORS,
)
from resources.filters import forget_facet_table
from tests.mfa import STAFF_TOTP_SECRET
from tests.services import (
    MARKER_SERVICES,
    missing_reason,
    required_services,
    skipped_for_services,
)


def pytest_configure(config):
    required = required_services()
    if "postgres" in required and "DATABASE_URL" not in os.environ:
        raise pytest.UsageError("REQUIRE_SERVICES names postgres but DATABASE_URL is not set.")


def pytest_runtest_setup(item):
    required = required_services()
    for marker, services in MARKER_SERVICES.items():
        if item.get_closest_marker(marker) is None:
            continue
        for service in services:
            reason = missing_reason(service)
            if reason is None:
                continue
            if service in required:
                pytest.fail(f"{service} is required (REQUIRE_SERVICES) but unavailable: {reason}")
            pytest.skip(f"{service} unavailable: {reason}")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter):
    """End, after pytest's short summary, with one plain line when tests skipped because a
    service is missing (also under pytest-xdist: the reports carry their markers)."""
    result = yield
    line = skipped_for_services(terminalreporter.stats.get("skipped", []))
    if line:
        terminalreporter.write_line("")
        terminalreporter.write_line(line)
    return result


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in another language leaves that
    language active in the thread (LocaleMiddleware activates it; nothing deactivates it), and the
    next test run by the same worker would render in it."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def page_cache_on(settings):
    """The page cache on, and empty: the test database is rolled back after each test, but the
    cache is not, so a page cached by an earlier test would be a hit."""
    settings.PAGE_CACHE_ENABLED = True
    caches[settings.CONTENT_CACHE_ALIAS].clear()
    yield
    caches[settings.CONTENT_CACHE_ALIAS].clear()


@pytest.fixture
def fragments_not_kept(monkeypatch):
    """No ``{% contentcache %}`` fragment is stored, every other cache works: a page's query
    count is that of computing its fragments, as at the first render after content changed."""
    from portal.templatetags import content_cache

    monkeypatch.setattr(content_cache, "MAX_VARIANTS", 0)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits live in the cache (allauth's, the membership forms'), and so does whether
    to offer each user the admin (by primary key, which SQLite hands out again after a rollback):
    each test starts with none. What is kept under the content version does not rely on this
    clear (``fresh_content_version``)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_content_version():
    """Each test starts under a content version of its own and without this thread's memo of
    the facet table: nothing an earlier test kept under a version (pages in the page cache, the
    facet table, a site's settings and navigation, the restricted paths) is read again."""
    content_version.move()
    forget_facet_table()


def _wagtail_tree():
    """The rows Wagtail's migrations (and resources' MNR framework) create, which a
    transactional test's flush removes, and the roles' grants on them (the flush's post_migrate
    found no root page or collection to grant on, so the secretariat could edit nothing)."""
    from wagtail.models import Collection, Locale

    from portal.roles import ensure_roles
    from tests.pages import restore_mnr_framework

    Locale.objects.get_or_create(language_code="en")
    restore_mnr_framework()
    restored = False
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
        restored = True
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
        restored = True
    if restored:
        ensure_roles()
    return root


@pytest.fixture
def search_index(db):
    """Call it after making content: the site-wide search's index (``search.indexing``) brought
    in line with it, as the tasks enqueued on commit keep it (a test's transaction never
    commits). The library's keywords and ``/search/`` read it."""
    from search import indexing

    return indexing.rebuild_database


@pytest.fixture
def home_page(db):
    root = _wagtail_tree()
    for stale in root.get_children():
        stale.delete()
    home = HomePageFactory(parent=root, title="Home", slug="home")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Test"},
    )
    return home


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def user(db):
    return UserFactory(email="person@example.org")


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Group

    return UserFactory(
        email="editor@example.org",
        groups=[Group.objects.get(name=SECRETARIAT_EDITORS)],
        totp_secret=STAFF_TOTP_SECRET,
    )


@pytest.fixture
def moderator(db):
    from django.contrib.auth.models import Group

    return UserFactory(
        email="moderator@example.org",
        groups=[
            Group.objects.get(name=SECRETARIAT_EDITORS),
            Group.objects.get(name=SECRETARIAT_MODERATORS),
        ],
        totp_secret=STAFF_TOTP_SECRET,
    )


@pytest.fixture
def reviewer(db):
    from django.contrib.auth.models import Group

    return UserFactory(
        email="reviewer@example.org",
        groups=[Group.objects.get(name=MEMBERSHIP_REVIEWERS)],
        totp_secret=STAFF_TOTP_SECRET,
    )


@pytest.fixture
def member(db):
    from django.contrib.auth.models import Group

    return UserFactory(email="member@example.org", groups=[Group.objects.get(name=MEMBERS)])
