"""The database backend: queries ``SearchDocument`` rows.

On PostgreSQL: full-text search with stemming in each document's language (``search.models
.REGCONFIGS``: english, french, spanish; Arabic word for word with 'simple'), the title weighted
above the text (A, B; members' text C), ranked with ``ts_rank``, snippets from ``ts_headline``,
and "did you mean" from trigram similarity (pg_trgm) over the vocabulary of public words. The
query is parsed like a web search box (``websearch_to_tsquery``: quotes, ``or``, ``-word``; it
never raises on odd input) in each configuration, OR-ed, so that GIN indexes serve it.

Elsewhere (SQLite, the embedded default): every word must appear, case-insensitively, in the
title or the text; a title match ranks first; suggestions come from ``difflib``.

Facets are counted from ``SearchFacetValue`` rows, one query per facet, disjunctively.
"""

import difflib
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
)
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat

from ..models import REGCONFIGS, SearchDocument, SearchFacetValue, SearchTerm
from .base import FACETS, Hit, Results, SearchBackend, highlight, marked

CONFIGS = tuple(dict.fromkeys(REGCONFIGS.values()))
TRIGRAM_THRESHOLD = 0.3
START, STOP = "\x02", "\x03"


def postgres():
    return connection.vendor == "postgresql"


def words_of(query):
    return [word for word in query.replace('"', " ").split() if word.strip("-")]


class DatabaseBackend(SearchBackend):
    name = "database"

    # --- the set of matching documents -------------------------------------------------------

    def visible(self, visibility):
        documents = SearchDocument.objects.all()
        if visibility.hidden_paths:
            documents = documents.exclude(
                reduce(or_, (Q(path__startswith=path) for path in visibility.hidden_paths))
            )
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

    @staticmethod
    def filtered(documents, filters, leave_out=None):
        for facet, values in filters.items():
            if facet == leave_out or not values:
                continue
            documents = documents.filter(
                Exists(
                    SearchFacetValue.objects.filter(
                        document=OuterRef("pk"), facet=facet, value__in=values
                    )
                )
            )
        return documents

    # --- the contract ------------------------------------------------------------------------

    def search(self, query, filters, facets, visibility, language, offset, limit):
        matching = self.matching(query, visibility)
        total, counts = self.total_and_facets(matching, filters, facets)
        documents = self.filtered(matching, filters)
        hits = self.page(documents, query, visibility, language, offset, limit) if total else []
        return Results(hits=hits, total=total, facets=counts, backend=self.name)

    def count(self, query, visibility):
        return self.matching(query, visibility).count()

    def total_and_facets(self, matching, filters, facets):
        """The number of results and every facet's counts in one query, matching the text once:
        each matching document carries a flag per filtered facet (does it have a chosen value),
        and a facet's values are counted over the documents that pass every *other* facet's
        filter (disjunctive counts); the total over those that pass them all."""
        flags = {
            f"ok_{facet}": Exists(
                SearchFacetValue.objects.filter(
                    document=OuterRef("pk"), facet=facet, value__in=values
                )
            )
            for facet, values in filters.items()
            if facet in FACETS
        }
        sql, params = matching.annotate(**flags).values(*flags, doc=F("pk")).query.sql_with_params()
        params = list(params)

        def passing(names):
            return "".join(f" AND m.{name}" for name in names)

        # Names in the SQL are the facets' (FACETS, a fixed list) and the table's; values are
        # parameters.
        selects = [f"SELECT '', '', COUNT(*) FROM m WHERE 1 = 1{passing(flags)}"]  # noqa: S608
        for facet in facets:
            if facet not in FACETS:
                continue
            others = [name for name in flags if name != f"ok_{facet}"]
            selects.append(
                "SELECT fv.facet, fv.value, COUNT(*) FROM m JOIN "  # noqa: S608
                f"{SearchFacetValue._meta.db_table} fv ON fv.document_id = m.doc "
                f"WHERE fv.facet = %s{passing(others)} GROUP BY fv.facet, fv.value"
            )
            params.append(facet)
        with connection.cursor() as cursor:
            cursor.execute(f"WITH m AS ({sql}) " + " UNION ALL ".join(selects), params)
            rows = cursor.fetchall()
        total = 0
        counts = {facet: [] for facet in facets if facet in FACETS}
        for facet, value, number in rows:
            if facet == "":
                total = number
            else:
                counts[facet].append((value, number))
        for values in counts.values():
            values.sort(key=lambda row: (-row[1], row[0]))
        return total, counts

    def page(self, documents, query, visibility, language, offset, limit):
        same_language = Case(
            When(language=language, then=Value(0.001)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        text = (
            Concat("public_text", Value(" "), "members_text", output_field=TextField())
            if visibility.members_text
            else F("public_text")
        )
        words = [word.lstrip("-") for word in words_of(query)]
        if query and postgres():
            tsquery = self.tsquery(query)
            vector = "vector_all" if visibility.members_text else "vector_public"
            config = Case(
                *(When(language=code, then=Value(name)) for code, name in REGCONFIGS.items()),
                default=Value("simple"),
            )
            documents = documents.annotate(
                score=SearchRank(F(vector), tsquery) + same_language,
                headline=SearchHeadline(
                    text,
                    tsquery,
                    config=config,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            ).order_by("-score", "-date", "pk")
        elif query:
            title_match = reduce(or_, (Q(title__icontains=word) for word in words), Q(pk=None))
            documents = documents.annotate(
                score=Case(When(title_match, then=Value(1.0)), default=Value(0.5)) + same_language,
                headline=text,
            ).order_by("-score", "-date", "pk")
        else:
            documents = documents.annotate(score=same_language, headline=text).order_by(
                "-score", "-date", "title", "pk"
            )
        rows = documents.values("kind", "title", "url", "language", "date", "score", "headline")
        hits = []
        for row in rows[offset : offset + limit]:
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
