"""No page type renders with more than 15 queries, signed in or not (tests/pages.py lists them)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
    client.get(url)  # the first view fills per-process caches (content types, site root paths)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == page_type.status
    # Savepoints exist only because the test runs inside a transaction; they are not queries.
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(sql) <= QUERY_BUDGET, "\n".join(sql)
    signed_out = "Sign out" not in response.content.decode()
    assert signed_out is not page_type.signed_in
