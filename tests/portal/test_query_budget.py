"""No page type renders with more than ``QUERY_BUDGET`` (20) queries, signed in or not
(tests/pages.py lists them). Each Wagtail page pays Wagtail's own per-request work: one query
for the site, one for the active language's locale (Wagtail's internationalisation routes from
the site root's translation in it), one for the root page and two for each level of the tree
while routing, and two for the view-restriction check; the alliance's settings, the navigation
and the page's versions in other languages come from the content cache. A signed-in person
adds two (session and user)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from tests.pages import (
    MEMBER_EMAIL,
    MEMBER_PASSWORD,
    OVER_BUDGET,
    PAGE_TYPES,
    QUERY_BUDGET,
    build_content,
)

pytestmark = pytest.mark.django_db


def _cases():
    for page_type in PAGE_TYPES:
        marks = []
        if page_type.id in OVER_BUDGET:
            reason = f"over the budget: {OVER_BUDGET[page_type.id]} queries (tests/pages.py)"
            marks = [pytest.mark.xfail(strict=True, reason=reason)]
        yield pytest.param(page_type, id=page_type.id, marks=marks)


@pytest.mark.parametrize("page_type", list(_cases()))
def test_page_type_renders_within_the_query_budget(client, site, home_page, page_type):
    names = build_content(home_page)
    if page_type.signed_in:
        # Through the sign-in form, as a person does.
        response = client.post(
            "/accounts/login/", {"login": MEMBER_EMAIL, "password": MEMBER_PASSWORD}
        )
        assert response.status_code == 302, response.content
    if page_type.reauthenticated:
        response = client.post("/accounts/reauthenticate/", {"password": MEMBER_PASSWORD})
        assert response.status_code == 302, response.content
    url = page_type.path(names)
    client.get(url)  # the first view fills the caches (content types, the content cache)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == page_type.status
    # Savepoints exist only because the test runs inside a transaction; they are not queries.
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(sql) <= QUERY_BUDGET, "\n".join(sql)
    # "Sign out" in the page's language (the Arabic entries are under /ar/).
    prefix = url.split("/")[1]
    with translation.override(prefix if prefix in {"fr", "es", "ar"} else "en"):
        signed_out = gettext("Sign out") not in response.content.decode()
    assert signed_out is not page_type.signed_in


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_a_wagtail_page_pays_wagtails_own_work_and_no_more(client, about, member, signed_in):
    """A standard page has no queries of its own: what it pays is the per-request work the
    module's docstring counts (1 site, 1 locale, 1 root page, 2 per level, 2 restriction
    checks)."""
    from portal.factories import StandardPageFactory

    StandardPageFactory(parent=about, title="Inner", slug="inner")
    if signed_in:
        client.force_login(member)
    person = 2 if signed_in else 0
    for path, levels in (("/about/", 1), ("/about/inner/", 2)):
        client.get(path)  # the content cache now holds the settings and the navigation
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        assert len(queries.captured_queries) == 1 + 1 + 1 + 2 * levels + 2 + person, path
