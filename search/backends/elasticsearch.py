"""The Elasticsearch 8 backend, written with ``elasticsearch.dsl``.

- Queries: a ``FacetedSearch`` (``PortalSearch``) over the alias: ``multi_match`` on the title
  (boosted) and the public text in every language sub-field, members' text only for its
  readers; the visibility's hidden paths as ``must_not`` prefix filters on the base search, so
  they bind hits and facet counts alike; ``TermsFacet`` per facet, whose aggregations keep the
  other facets' filters (``FacetedSearch.aggregate``): disjunctive counts; highlights with
  control characters around matches, turned into a ``Snippet`` (the template escapes and marks).
- Suggestions: the term suggester on the public vocabulary (``SearchEntry.vocabulary``); the
  service offers a correction only if it finds results for the person asking.
- Indexing: documents are the database's ``SearchDocument`` rows (``search.indexing``);
  ``add`` and ``remove`` keep the alias's index current (tasks on commit), ``rebuild`` fills a new
  index in bulk and swaps the alias atomically.
"""

import contextlib
from datetime import UTC, datetime

from django.conf import settings
from elasticsearch import NotFoundError
from elasticsearch.dsl import FacetedSearch, Q, Search, TermsFacet, connections
from elasticsearch.helpers import bulk

from ..documents import SearchEntry, alias_name
from ..models import SearchDocument
from .base import Hit, Results, SearchBackend, highlight, marked

# What Elasticsearch puts around a match in a highlight (never in the text itself).
MATCH_START, MATCH_STOP = "\x02", "\x03"

CONNECTION = "search"
BULK_CHUNK = 500
TITLE_BOOST = 3
# Elasticsearch's ``index.max_result_window``: the most hits one request may page through.
MAX_RESULT_WINDOW = 10_000


def client():
    """The connection to ``ELASTICSEARCH_URL`` (created once per process and URL)."""
    url = settings.ELASTICSEARCH_URL
    try:
        existing = connections.get_connection(CONNECTION)
    except KeyError:
        existing = None
    if existing is None or getattr(client, "url", None) != url:
        connections.create_connection(CONNECTION, hosts=[url], request_timeout=10)
        client.url = url
    return connections.get_connection(CONNECTION)


def fields(visibility):
    names = [f"title^{TITLE_BOOST}", f"title.*^{TITLE_BOOST}", "public_text", "public_text.*"]
    if visibility.members_text:
        names += ["members_text^0.8", "members_text.*^0.8"]
    return names


def keywords(query, fields, language):
    """``query`` over ``fields``, a hair more for documents in ``language``."""
    matched = Q("multi_match", query=query, fields=fields, type="best_fields")
    same_language = Q("term", language={"value": language, "boost": 0.01})
    return Q("bool", must=[matched], should=[same_language])


def visible(search, visibility):
    for path in visibility.hidden_paths:
        search = search.exclude("prefix", path=path)
    return search


class PortalSearch(FacetedSearch):
    doc_types = [SearchEntry]
    using = CONNECTION

    def __init__(self, query, filters, visibility, facets, language):
        self.index = alias_name()
        self.visibility = visibility
        self.language = language
        self.fields = fields(visibility)
        self.facets = {facet: TermsFacet(field=facet, size=50) for facet in facets}
        # A filter on a facet not counted still narrows the results.
        self.extra_filters = {f: v for f, v in filters.items() if f not in self.facets}
        super().__init__(query or None, {f: v for f, v in filters.items() if f in self.facets})

    def search(self):
        search = visible(super().search(), self.visibility)
        for facet, values in self.extra_filters.items():
            search = search.filter("terms", **{facet: values})
        search = search.extra(track_total_hits=True)
        return search.source(["kind", "title", "url", "language", "date", "public_text"])

    def query(self, search, query):
        if not query:
            return search
        return search.query(keywords(query, self.fields, self.language))

    def highlight(self, search):
        texts = ["public_text", "public_text.*"]
        if self.visibility.members_text:
            texts += ["members_text", "members_text.*"]
        return search.highlight_options(
            pre_tags=[MATCH_START],
            post_tags=[MATCH_STOP],
            fragment_size=120,
            number_of_fragments=2,
            require_field_match=False,
        ).highlight(*texts)

    def sort(self, search):
        if self._query:
            return search
        return search.sort("-date", "_doc")


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"
    has_own_index = True

    def search(self, query, filters, facets, visibility, language, offset, limit):
        for facet in filters:  # every filtered facet is counted, so that filters combine right
            if facet not in facets:
                facets = [*facets, facet]
        faceted = PortalSearch(query, filters, visibility, facets, language)[
            offset : offset + limit
        ]
        response = faceted.execute()
        counts = {
            facet: [(value, count) for value, count, _selected in response.facets[facet] if count]
            for facet in facets
        }
        hits = []
        words = query.split()
        for result in response:
            fragments = []
            highlighted = getattr(result.meta, "highlight", None)
            if highlighted is not None:
                for field in highlighted:
                    fragments.extend(highlighted[field])
            snippet = (
                marked(" … ".join(dict.fromkeys(fragments)), MATCH_START, MATCH_STOP)
                if fragments
                else highlight(getattr(result, "public_text", "") or "", words)
            )
            hits.append(
                Hit(
                    kind=result.kind,
                    title=result.title,
                    url=result.url,
                    language=result.language,
                    snippet=snippet,
                    date=getattr(result, "date", None),
                    score=result.meta.score or 0.0,
                )
            )
        total = response.hits.total.value
        return Results(hits=hits, total=total, facets=counts, backend=self.name)

    def count(self, query, visibility):
        return PortalSearch(query, {}, visibility, [], "en").count()

    def ranked_ids(self, kind, query, visibility, language, limit):
        search = visible(Search(using=CONNECTION, index=alias_name()), visibility)
        search = search.filter("term", kind=kind).query(
            keywords(query, fields(visibility), language)
        )
        # By score, then the newest, as the database backend orders ties.
        search = search.sort("_score", {"date": {"order": "desc", "missing": "_last"}})
        search = search.source(["source_id"]).extra(track_total_hits=False)
        return [hit.source_id for hit in search[: min(limit, MAX_RESULT_WINDOW)].execute()]

    def suggest_words(self, words):
        words = [word.lower() for word in words if 3 <= len(word) <= 40]
        if not words:
            return {}
        search = Search(using=CONNECTION, index=alias_name())[:0]
        for number, word in enumerate(words):
            search = search.suggest(
                f"w{number}", word, term={"field": "vocabulary", "suggest_mode": "missing"}
            )
        response = search.execute()
        suggestions = {}
        for number, word in enumerate(words):
            for entry in response.suggest[f"w{number}"]:
                if entry.options:
                    suggestions[word] = entry.options[0].text
        return suggestions

    def complete(self, prefix, visibility, limit):
        search = visible(Search(using=CONNECTION, index=alias_name()), visibility)
        search = search.query("match_phrase_prefix", title=prefix).source(["title", "url"])
        return [(hit.title, hit.url) for hit in search[:limit].execute()]

    # --- the index ---------------------------------------------------------------------------

    def add(self, documents):
        connection = client()
        # Before the first rebuild there is no index: writing to the alias's name would create
        # an index with guessed mappings where the alias belongs. The rebuild will index them.
        if connection.indices.exists_alias(name=alias_name()):
            bulk(connection, _with_alias(documents))

    def has_index(self):
        return client().indices.exists_alias(name=alias_name())

    def remove(self, keys):
        connection = client()
        for source, source_id in keys:
            with contextlib.suppress(NotFoundError):
                connection.delete(index=alias_name(), id=f"{source}:{source_id}")

    def rebuild(self, progress=None):
        """A new index under the environment's prefix, filled from every ``SearchDocument`` in
        bulk, then the alias moved to it and the old indexes removed, in one atomic call.
        Returns the new index's name."""
        connection = client()
        alias = alias_name()
        name = f"{alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        index = SearchEntry._index.clone(name=name, using=CONNECTION)
        index.create()
        rows = SearchDocument.objects.prefetch_related("facet_values").order_by("pk")
        total = rows.count()
        done = 0
        chunk = []
        for document in rows.iterator(chunk_size=BULK_CHUNK):
            chunk.append(document)
            if len(chunk) == BULK_CHUNK:
                bulk(connection, _with_alias(chunk, name))
                done += len(chunk)
                chunk = []
                if progress:
                    progress(done, total)
        if chunk:
            bulk(connection, _with_alias(chunk, name))
            done += len(chunk)
        if progress:
            progress(done, total)
        connection.indices.refresh(index=name)
        old = []
        if connection.indices.exists_alias(name=alias):
            old = list(connection.indices.get_alias(name=alias).keys())
        actions = [{"remove": {"index": index_name, "alias": alias}} for index_name in old]
        actions.append({"add": {"index": name, "alias": alias}})
        connection.indices.update_aliases(actions=actions)
        for index_name in old:
            connection.indices.delete(index=index_name, ignore_unavailable=True)
        return name

    def status(self):
        """{"index": name, "documents": n, "by_source": {label: n}} of the alias's index."""
        connection = client()
        alias = alias_name()
        if not connection.indices.exists_alias(name=alias):
            return {"index": None, "documents": 0, "by_source": {}}
        search = Search(using=CONNECTION, index=alias)[:0]
        search.aggs.bucket("sources", "terms", field="source", size=100)
        response = search.execute()
        return {
            "index": ", ".join(connection.indices.get_alias(name=alias).keys()),
            "documents": response.hits.total.value,
            "by_source": {b.key: b.doc_count for b in response.aggregations.sources.buckets},
        }


def _with_alias(documents, index=None):
    for document in documents:
        action = SearchEntry.from_row(document).to_dict(include_meta=True)
        action["_index"] = index or alias_name()
        yield action


def drop_indexes():
    """Remove the alias's indexes (tests: each run has its own prefix)."""
    connection = client()
    connection.indices.delete(index=f"{alias_name()}-*", ignore_unavailable=True)
