"""The database backend: queries ``SearchDocument`` rows.

On PostgreSQL: full-text search with stemming in each document's language (``search.models
.REGCONFIGS``: english, french, spanish, arabic; 'simple' for any other), the title weighted
above the text (A, B; members' text C), ranked with ``ts_rank``, snippets from ``ts_headline``,
and "did you mean" from trigram similarity (pg_trgm) over the vocabulary of public words. The
query is parsed like a web search box (``websearch_to_tsquery``: quotes, ``or``, ``-word``; it
never raises on odd input) in each configuration, OR-ed, so that GIN indexes serve it.

Elsewhere (SQLite, the embedded default): every word must appear, case-insensitively, in the
title or the text; a title match ranks first; suggestions come from ``difflib``.

Facets are counted disjunctively from the facet table (``search.facet_table``: a bitset per
facet value, cached under the content version) against the keys of the matches.
"""

import difflib
from functools import reduce
from itertools import islice
from operator import and_, or_

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
)
from django.db import connection
from django.db.models import (
    Case,
    F,
    FloatField,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat

from .. import facet_table
from ..models import REGCONFIGS, SearchDocument, SearchTerm
from .base import FACETS, Hit, Results, SearchBackend, highlight, marked

# The query is parsed in every configuration a document's vector may be in.
CONFIGS = tuple(dict.fromkeys([*REGCONFIGS.values(), "simple"]))
TRIGRAM_THRESHOLD = 0.3
START, STOP = "\x02", "\x03"


def postgres():
    return connection.vendor == "postgresql"


def words_of(query):
    return [word for word in query.replace('"', " ").split() if word.strip("-")]


class DatabaseBackend(SearchBackend):
    name = "database"

    # --- the set of matching documents -------------------------------------------------------

    def hidden_keys(self, visibility):
        """The keys of the documents this person may not see (under a view restriction they
        are not accepted by)."""
        if not visibility.hidden_paths:
            return []
        return list(
            SearchDocument.objects.filter(self.under(visibility.hidden_paths)).values_list(
                "pk", flat=True
            )
        )

    @staticmethod
    def under(paths):
        return reduce(or_, (Q(path__startswith=path) for path in paths))

    def visible(self, visibility):
        documents = SearchDocument.objects.all()
        if visibility.hidden_paths:
            documents = documents.exclude(self.under(visibility.hidden_paths))
        return documents

    def tsquery(self, query):
        return reduce(
            or_, (SearchQuery(query, config=config, search_type="websearch") for config in CONFIGS)
        )

    def matching(self, query, visibility):
        documents = self.visible(visibility)
        if not query:
            return documents
        if postgres():
            vector = "vector_all" if visibility.members_text else "vector_public"
            return documents.filter(**{vector: self.tsquery(query)})
        conditions = []
        for word in words_of(query):
            word = word.lstrip("-")
            either = Q(title__icontains=word) | Q(public_text__icontains=word)
            if visibility.members_text:
                either |= Q(members_text__icontains=word)
            conditions.append(either)
        return documents.filter(reduce(and_, conditions)) if conditions else documents

    # --- the contract ------------------------------------------------------------------------

    def search(self, query, filters, facets, visibility, language, offset, limit):
        """With keywords, two queries whatever the number of matches: the keys of every match,
        best first (ranked in SQL), counted and filtered against the facet table; then the
        page's rows with their snippets. Without keywords, the facet table's documents newest
        first, less those under a restriction the person is not accepted by; then the page."""
        table = facet_table.table()
        if query:
            matching = self.matching(query, visibility)
            ranked = self.ranked(matching, query, visibility, language)
            order = list(ranked.values_list("pk", flat=True))
            in_order = matched = facet_table.to_bitset(order)
        else:
            order, in_order = table["newest"], table["documents"]
            matched = in_order & ~facet_table.to_bitset(self.hidden_keys(visibility))
        total, counts, passing = self.total_and_facets(table, matched, filters, facets)
        if passing == in_order:
            keys = order[offset : offset + limit]
        else:  # the first of ``order`` that pass, up to the page's end
            shown = facet_table.membership(passing)
            keys = list(islice(filter(shown, order), offset, offset + limit))
        hits = self.page(keys, query, visibility, language) if keys else []
        return Results(hits=hits, total=total, facets=counts, backend=self.name)

    def ranked(self, documents, query, visibility, language):
        """``documents`` best first: by score, then the newest, then the first indexed."""
        return documents.annotate(score=self.score(query, visibility, language)).order_by(
            F("score").desc(), F("date").desc(nulls_last=True), "pk"
        )

    def count(self, query, visibility):
        return self.matching(query, visibility).count()

    def ranked_ids(self, kind, query, visibility, language, limit):
        documents = self.matching(query, visibility).filter(kind=kind)
        ranked = self.ranked(documents, query, visibility, language)
        return list(ranked.values_list("source_id", flat=True)[:limit])

    def total_and_facets(self, table, matched, filters, facets):
        """The number of results, every facet's counts and the bitset of the results: the
        bitset of the documents matched, against the facet ``table`` (``search.facet_table``).
        A facet's values are counted over the matches that pass every *other* facet's filter
        (disjunctive counts); the total over those that pass them all."""
        values_of = table["values"]
        passing = {}
        for facet, chosen in filters.items():
            bits = 0
            for value in chosen:
                bits |= values_of.get(facet, {}).get(value, 0)
            passing[facet] = bits
        everything = matched
        for bits in passing.values():
            everything &= bits
        counts = {}
        for facet in facets:
            if facet not in FACETS:
                continue
            allowed = matched
            for other, bits in passing.items():
                if other != facet:
                    allowed &= bits
            rows = [
                (value, (bits & allowed).bit_count())
                for value, bits in values_of.get(facet, {}).items()
            ]
            counts[facet] = sorted(
                ((value, number) for value, number in rows if number),
                key=lambda row: (-row[1], row[0]),
            )
        return everything.bit_count(), counts, everything

    def score(self, query, visibility, language):
        """Relevance: ``ts_rank`` of the weighted vector on PostgreSQL, a title match above a
        text match elsewhere; a hair more for documents in the reader's language."""
        same_language = Case(
            When(language=language, then=Value(0.001)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        if query and postgres():
            vector = "vector_all" if visibility.members_text else "vector_public"
            return SearchRank(F(vector), self.tsquery(query)) + same_language
        if query:
            words = [word.lstrip("-") for word in words_of(query)]
            title_match = reduce(or_, (Q(title__icontains=word) for word in words), Q(pk=None))
            return (
                Case(
                    When(title_match, then=Value(1.0)),
                    default=Value(0.5),
                    output_field=FloatField(),
                )
                + same_language
            )
        return same_language

    def page(self, keys, query, visibility, language):
        """The hits for ``keys``, in that order, with their scores and snippets
        (``ts_headline`` on PostgreSQL; members' text only for its readers)."""
        text = (
            Concat("public_text", Value(" "), "members_text", output_field=TextField())
            if visibility.members_text
            else F("public_text")
        )
        words = [word.lstrip("-") for word in words_of(query)]
        documents = SearchDocument.objects.filter(pk__in=keys).annotate(
            score=self.score(query, visibility, language)
        )
        if query and postgres():
            config = Case(
                *(When(language=code, then=Value(name)) for code, name in REGCONFIGS.items()),
                default=Value("simple"),
            )
            documents = documents.annotate(
                headline=SearchHeadline(
                    text,
                    self.tsquery(query),
                    config=config,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
        else:
            documents = documents.annotate(headline=text)
        rows = {
            row["pk"]: row
            for row in documents.values(
                "pk", "kind", "title", "url", "language", "date", "headline", "score"
            )
        }
        hits = []
        for key in keys:
            row = rows[key]
            headline = row["headline"] or ""
            if query and postgres():
                snippet = marked(headline, START, STOP)
            else:
                snippet = highlight(headline, words)
            hits.append(
                Hit(
                    kind=row["kind"],
                    title=row["title"],
                    url=row["url"],
                    language=row["language"],
                    snippet=snippet,
                    date=row["date"],
                    score=float(row["score"] or 0),
                )
            )
        return hits

    def suggest_words(self, words):
        words = [word.lower() for word in words if 3 <= len(word) <= 40]
        if not words:
            return {}
        known = set(SearchTerm.objects.filter(word__in=words).values_list("word", flat=True))
        suggestions = {}
        for word in words:
            if word in known:
                continue
            if postgres():
                from django.contrib.postgres.search import TrigramSimilarity

                best = (
                    SearchTerm.objects.annotate(similarity=TrigramSimilarity("word", word))
                    .filter(similarity__gt=TRIGRAM_THRESHOLD)
                    .order_by("-similarity", "word")
                    .values_list("word", flat=True)
                    .first()
                )
            else:
                candidates = SearchTerm.objects.filter(word__startswith=word[0]).values_list(
                    "word", flat=True
                )
                close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.75)
                best = close[0] if close else None
            if best:
                suggestions[word] = best
        return suggestions

    def complete(self, prefix, visibility, limit):
        documents = self.visible(visibility).filter(title__icontains=prefix)
        return list(documents.order_by("-date", "title").values_list("title", "url")[:limit])
