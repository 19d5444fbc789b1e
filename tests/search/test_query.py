"""Keyword matching by key: the same matches, in the same order, as Wagtail's search results,
and on PostgreSQL an index that serves the backend's match."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.search.backends import get_search_backend

from resources.factories import ResourceIndexPageFactory, ResourcePageFactory
from resources.models import ResourcePage
from search.query import ranked_keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def resources(home_page):
    library = ResourceIndexPageFactory(parent=home_page)
    made = [
        # "hotline" in the title, in the summary, twice, or not at all.
        ResourcePageFactory(parent=library, title="Hotline operations", summary="Staffing."),
        ResourcePageFactory(parent=library, title="Helplines", summary="A national hotline."),
        ResourcePageFactory(
            parent=library, title="Hotline hotline", summary="Hotline quality and hotline data."
        ),
        ResourcePageFactory(parent=library, title="Model law", summary="Definitions."),
        ResourcePageFactory(
            parent=library,
            title="Hotline draft",
            summary="Not published.",
            publication_date=datetime.date(2020, 1, 1),
        ),
    ]
    made[-1].unpublish()
    return made


def test_ranked_keys_are_the_search_results_keys_in_the_same_order(resources):
    live = ResourcePage.objects.live()
    expected = [page.pk for page in get_search_backend().search("hotline", live)]

    keys = ranked_keys(live, "hotline")

    assert keys == expected
    assert set(keys) == {resources[0].pk, resources[1].pk, resources[2].pk}
    assert keys[0] == resources[2].pk  # the most mentions ranks first
    assert ranked_keys(live, "definitions") == [resources[3].pk]
    assert ranked_keys(live, "nowhere") == []


def test_ranked_keys_keep_the_querysets_filters(resources):
    guides = ResourcePage.objects.live().exclude(pk=resources[0].pk)

    assert set(ranked_keys(guides, "hotline")) == {resources[1].pk, resources[2].pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_the_backends_match_is_served_by_the_combined_vector_index(resources):
    """Wagtail's PostgreSQL backend matches ``title || body``; the migration's expression index
    must be on exactly that expression, and the one the planner picks for it once the index is
    large."""
    combined = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body")'
    results = get_search_backend().search("hotline", ResourcePage.objects.live())
    sql, _params = results.get_queryset().query.sql_with_params()
    assert f"{combined} @@" in sql, sql

    with connection.cursor() as cursor:
        # 5,000 more entries, none about hotlines.
        cursor.execute(
            """
            INSERT INTO wagtailsearch_indexentry
                (content_type_id, object_id, title_norm, autocomplete, title, body,
                 title_text, body_text)
            SELECT %s, 'other-' || n, 1.0, '', to_tsvector('Model law ' || n),
                   to_tsvector('Definitions of offences and victims, part ' || n), '', ''
            FROM generate_series(1, 5000) AS n
            """,
            [ContentType.objects.get_for_model(ResourcePage).pk],
        )
        cursor.execute("ANALYZE wagtailsearch_indexentry")
        cursor.execute(
            f"EXPLAIN SELECT object_id FROM wagtailsearch_indexentry "  # noqa: S608
            f"WHERE {combined} @@ to_tsquery('hotline')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "search_indexentry_title_body_gin" in plan, plan
