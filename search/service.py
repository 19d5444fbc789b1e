"""The portal's search, one contract whatever the backend::

    results = search(query, filters, facets, user, language, page)

- ``query``: what was typed (cleaned here: control characters dropped, at most
  ``MAX_QUERY_LENGTH`` characters);
- ``filters``: {facet: [values]} for the facets in ``base.FACETS``; other facets are ignored,
  unknown values simply match nothing;
- ``facets``: the facets to count (disjunctive counts);
- ``user`` (or ``request``, which also carries the passwords given for restricted pages): what
  they may see (``search.visibility``);
- ``language``: ties go to documents in it;
- ``page``: 1-based; out of range reads as the nearest page.

Returns a ``Page``: the hits (ranked, with highlighted snippets), the facet counts, the total,
the page numbers and a suggestion ("did you mean") when the query finds little and a corrected
one finds more for the same person.
"""

import math
import re
from dataclasses import dataclass

from django.utils.translation import get_language

from . import visibility as visibility_rules
from .backends import get_backend
from .backends.base import FACETS, Results

MAX_QUERY_LENGTH = 200
MAX_FILTER_VALUES = 30
PER_PAGE = 10
MAX_PAGE = 100
# The most ids ``ranked_ids`` returns (Elasticsearch pages through 10,000 hits at most).
MAX_IDS = 10_000
# A query that finds fewer results than this gets a suggestion if a corrected one finds more.
SUGGEST_BELOW = 3
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class Page:
    results: Results
    query: str
    number: int
    per_page: int

    @property
    def hits(self):
        return self.results.hits

    @property
    def total(self):
        return self.results.total

    @property
    def facets(self):
        return self.results.facets

    @property
    def suggestion(self):
        return self.results.suggestion

    @property
    def num_pages(self):
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages


def clean_query(query):
    return " ".join(CONTROL.sub(" ", str(query or "")).split())[:MAX_QUERY_LENGTH]


def clean_filters(filters):
    cleaned = {}
    for facet, values in (filters or {}).items():
        if facet not in FACETS:
            continue
        values = [CONTROL.sub("", str(value))[:100] for value in values if value]
        if values:
            cleaned[facet] = sorted(set(values))[:MAX_FILTER_VALUES]
    return cleaned


def clean_page(page):
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def search(
    query,
    filters=None,
    facets=FACETS,
    user=None,
    language=None,
    page=1,
    *,
    request=None,
    per_page=PER_PAGE,
    backend=None,
):
    query = clean_query(query)
    filters = clean_filters(filters)
    facets = [facet for facet in facets if facet in FACETS]
    number = clean_page(page)
    language = (language or get_language() or "en").split("-")[0]
    seen_by = visibility_rules.for_request(request, user)
    engine = get_backend(backend)
    results = engine.search(
        query, filters, facets, seen_by, language, (number - 1) * per_page, per_page
    )
    if results.total and not results.hits and number > 1:  # past the last page: the last one
        number = max(1, math.ceil(results.total / per_page))
        results = engine.search(
            query, filters, facets, seen_by, language, (number - 1) * per_page, per_page
        )
    if query and results.total < SUGGEST_BELOW:
        results.suggestion = suggestion(engine, query, seen_by, results.total)
    return Page(results=results, query=query, number=number, per_page=per_page)


def suggestion(engine, query, seen_by, found):
    """A corrected query when it finds more for this person than ``query`` does, else ``""``:
    a word is only ever suggested through results the person may see."""
    words = query.split()
    corrections = engine.suggest_words([word.strip('"-') for word in words])
    if not corrections:
        return ""
    corrected = " ".join(corrections.get(word.strip('"-').lower(), word) for word in words)
    if corrected.lower() == query.lower():
        return ""
    return corrected if engine.count(corrected, seen_by) > found else ""


def ranked_ids(kind, query, user=None, *, request=None, language=None, limit=MAX_IDS, backend=None):
    """The ids (``source_id``) of the objects of ``kind`` that ``query`` matches for this
    person, most relevant first, at most ``limit``: for a list that filters, counts and pages
    its objects itself (the library's listing and facets, ``resources.filters``), with the same
    matching, stemming and visibility as ``search``. An empty query matches nothing here."""
    query = clean_query(query)
    if not query:
        return []
    language = (language or get_language() or "en").split("-")[0]
    seen_by = visibility_rules.for_request(request, user)
    return get_backend(backend).ranked_ids(kind, query, seen_by, language, limit)


def complete(prefix, user=None, *, request=None, limit=8, backend=None):
    """Titles (and addresses) of what this person may see, for suggestions as they type."""
    prefix = clean_query(prefix)
    if len(prefix) < 2:
        return []
    seen_by = visibility_rules.for_request(request, user)
    return get_backend(backend).complete(prefix, seen_by, limit)
