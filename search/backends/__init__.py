"""The search backends: one interface (``base.SearchBackend``), two implementations. The
configuration chooses (``settings.SEARCH_BACKEND``: ``elasticsearch`` when ``ELASTICSEARCH_URL``
is set, ``database`` otherwise); callers go through ``search.service`` and never branch."""

from django.conf import settings
from django.utils.module_loading import import_string

BACKENDS = {
    "database": "search.backends.database.DatabaseBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
}


def get_backend(name=None):
    """The backend serving queries (or the one named)."""
    return import_string(BACKENDS[name or settings.SEARCH_BACKEND])()


def backend_name():
    return settings.SEARCH_BACKEND


def index_backend():
    """The backend that keeps an index of its own beside the database rows, or ``None`` (the
    database backend queries the rows themselves)."""
    backend = get_backend()
    return backend if backend.has_own_index else None
