"""Keyword matching for lists that only need to know *which* objects match, best first.

The library filters and counts its resources from a cached table of keys (resources/filters.py),
so it asks the search backend for keys, not objects. Wagtail's search results are model
instances: building a page instance costs about a tenth of a millisecond, more than the whole
database query for a thousand matches. The database backends expose the queryset they run, so
the keys come straight from SQL, in the backend's own order; other backends (Elasticsearch)
return their hits as they do for any search.
"""

from wagtail.search.backends import get_search_backend


def ranked_keys(queryset, query, backend="default"):
    """Primary keys of the objects in ``queryset`` that match ``query``, most relevant first."""
    results = get_search_backend(backend).search(query, queryset)
    as_queryset = getattr(results, "get_queryset", None)
    if as_queryset is not None:
        return list(as_queryset().values_list("pk", flat=True))
    return [obj.pk for obj in results]
