"""The Elasticsearch index's own duties, against a real server (marker ``elasticsearch``: skipped
without ELASTICSEARCH_URL, failing instead under REQUIRE_SERVICES=elasticsearch)."""

import os
import time

import pytest

from search import indexing

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]


@pytest.fixture
def backend(settings):
    """Elasticsearch only (the corpus fixture indexes into it)."""
    from search.backends.elasticsearch import drop_indexes

    settings.SEARCH_BACKEND = "elasticsearch"
    settings.SEARCH_INDEX_PREFIX = f"portal-test-{os.getpid()}-{int(time.time())}"
    yield "elasticsearch"
    drop_indexes()


@pytest.fixture
def elasticsearch(backend):
    from search.backends import get_backend

    return get_backend()


def test_a_rebuild_swaps_the_alias_to_a_new_index_and_drops_the_old(elasticsearch, corpus):
    from search.backends.elasticsearch import client
    from search.documents import alias_name

    first = elasticsearch.rebuild()
    second = elasticsearch.rebuild()
    assert first != second
    assert list(client().indices.get_alias(name=alias_name())) == [second]
    assert not client().indices.exists(index=first)
    status = elasticsearch.status()
    assert status["by_source"] == indexing.expected_counts() | status["by_source"]
    assert status["documents"] == sum(indexing.expected_counts().values())


def test_an_update_on_commit_reaches_the_index(
    elasticsearch, corpus, django_capture_on_commit_callbacks
):
    from search import service
    from search.backends.elasticsearch import client
    from search.documents import alias_name

    page = corpus["other"]
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Model legislation on grooming"
        page.save_revision().publish()
    client().indices.refresh(index=alias_name())
    assert [hit.title for hit in service.search("grooming").hits] == [page.title]
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    client().indices.refresh(index=alias_name())
    assert service.search("grooming").total == 0
