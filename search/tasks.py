"""Thin tasks: keys in, the index brought in line (``search.indexing``)."""

from celery import shared_task

from . import indexing


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def update_search_document(label, pk):
    """Write or remove the document of one object (saved, published, unpublished, moved,
    deleted, or under a view restriction that changed)."""
    indexing.index_object(label, pk)
