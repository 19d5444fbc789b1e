"""Fixtures of the browser tests: the portal served by real processes, and Chromium.

The portal (gunicorn, a Celery worker on Redis, e-mail to an SMTP sink) and Chromium start once
per test session, on the first browser test; each test gets the test database through
``transactional_db`` (its rows are committed, so the server sees them, and flushed afterwards),
an empty server cache, and a fresh browser context.
"""

import gc
import os
import re
import warnings
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections

from portal.identity import sync_default_site
from tests.pages import build_content, make_home_page

from .helpers import sign_in
from .server import serve_portal, start_smtp_sink

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_smtp():
    sink = start_smtp_sink()
    try:
        yield sink
    finally:
        sink.controller.stop()


@pytest.fixture(scope="session")
def portal(django_db_setup, django_db_blocker, browser_smtp, tmp_path_factory):
    """The portal served by gunicorn on loopback, with a Celery worker: yields its base URL
    (``portal("/path/")`` gives a full URL)."""
    logs = tmp_path_factory.mktemp("browser-servers")
    with django_db_blocker.unblock(), serve_portal(browser_smtp.url, logs) as running:
        yield running


@pytest.fixture(scope="module")
def chromium(portal):
    """Headless Chromium, for one test module.

    Playwright's synchronous API keeps an event loop running in this thread while it is started,
    which Django takes for async code: the ORM calls the tests make between two browser steps
    are plain synchronous code, so Django's guard is lifted for exactly that long. Chromium stops
    at the end of the module, so that tests of other modules run with the guard in place.
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield browser
            finally:
                # While Playwright's loop runs, Django keeps this context's database connections
                # apart from the thread's: close them, or the test database cannot be dropped.
                connections.close_all()
                browser.close()
        # Playwright leaves its event loop and a socket to the garbage collector: collect them
        # now, quietly, rather than during the next test, where the ResourceWarning would fail it.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            gc.collect()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def live_portal(portal, transactional_db, site, home_page):
    """The running portal with a fresh database (a home page as the default site's root, at
    the server's address, which e-mails link to) and an empty cache."""
    sync_default_site(portal.url)
    portal.clear_cache()
    yield portal
    portal.clear_cache()


@pytest.fixture
def content(live_portal, home_page):
    """Everything ``tests.pages.PAGE_TYPES`` needs (a standard page, a member account, …)."""
    return build_content(home_page)


@pytest.fixture(scope="module")
def shared_content(portal, django_db_blocker):
    """The content of ``tests.pages`` committed once for a module of read-only checks, which
    then need no database of their own; flushed afterwards as a transactional test's would be."""
    with django_db_blocker.unblock():
        names = build_content(make_home_page())
        sync_default_site(portal.url)
    yield names
    with django_db_blocker.unblock():
        call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=False)


@pytest.fixture(scope="module")
def member_state(chromium, portal, shared_content):
    """A member's signed-in browser state (cookies), signed in once through the form for a
    module of checks."""
    context = chromium.new_context()
    try:
        sign_in(context.new_page(), portal)
        return context.storage_state()
    finally:
        context.close()


@pytest.fixture
def checked_portal(portal, shared_content):
    """The running portal with ``shared_content``, and an empty cache for each check."""
    portal.clear_cache()
    yield portal
    portal.clear_cache()


@pytest.fixture
def smtp(browser_smtp):
    """The SMTP sink; ``smtp.messages`` holds only what this test caused."""
    with browser_smtp.handler.lock:
        browser_smtp.handler.messages.clear()
    return browser_smtp


@pytest.fixture
def context(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A browser tab."""
    return context.new_page()


@pytest.fixture
def journey(page, request):
    """A browser tab for a journey: its last page is saved to test-artifacts/screenshots/ (also
    when the journey fails, to show where)."""
    yield page
    save_screenshot(page, request.node.name)


def save_screenshot(page, name):
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") + ".png")
    if not page.is_closed():
        page.screenshot(path=str(path), full_page=True)
    return path


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Mark the browser tests, and run them after every other test (pytest-django has already
    put the database tests after the others, and the transactional ones last): their servers
    need the test database committed, and flushing it between modules would take from later
    tests the rows that migrations created."""
    here = os.path.dirname(__file__)
    browser = [item for item in items if str(item.path).startswith(here)]
    for item in browser:
        item.add_marker(pytest.mark.browser)
        # Playwright leaves an event loop and a socket to the garbage collector, whose
        # ResourceWarning can land in whichever browser test runs next on the worker.
        item.add_marker(
            pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
        )
        # The servers need pytest-django's test database even for checks that read only
        # module-wide committed content (a test asking for transactional_db stays one).
        if item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db)
    if browser:
        chosen = set(map(id, browser))
        items[:] = [item for item in items if id(item) not in chosen] + browser
