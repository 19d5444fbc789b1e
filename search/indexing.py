"""Writing the index: from a registered object (``search.registry``) to its ``SearchDocument``,
its facet values, its PostgreSQL vectors and the vocabulary, then to the Elasticsearch index when
that backend serves queries (``search.backends``).

The database rows are written whichever backend is configured: they are what both backends index
(``search_index rebuild`` reads them for Elasticsearch) and what ``search_index status`` counts.
"""

import logging
import re

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Value
from django.utils import translation

from portal import content_version

from . import registry
from .models import REGCONFIGS, SearchDocument, SearchFacetValue, SearchTerm

logger = logging.getLogger(__name__)

FACET_FIELDS = {
    "category": "categories",
    "country": "countries",
    "region": "regions",
    "capability": "capabilities",
}
# Control characters (NUL is refused by PostgreSQL) and the headline markers are kept out.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
WORD = re.compile(r"[^\W\d_]{3,40}")
MAX_TEXT = 100_000
UPDATED_FIELDS = [
    "kind", "title", "url", "language", "public_text", "members_text", "path", "date",
]  # fmt: skip


def clean(text):
    return CONTROL.sub(" ", str(text or ""))[:MAX_TEXT].strip()


def stream_text(value):
    """The searchable text of a StreamField value, as Wagtail extracts it for its own index."""
    if not value:
        return ""
    return " ".join(str(part) for part in value.stream_block.get_searchable_content(value))


def key_of(obj):
    searchable = registry.for_model(type(obj))
    return searchable.label, str(obj.pk)


def restricted(path):
    """True when a Wagtail view restriction applies at or above ``path`` (such a document's
    words never enter the vocabulary everyone's suggestions come from)."""
    if not path:
        return False
    from resources.services import restricted_paths

    return any(path.startswith(prefix) for prefix in restricted_paths())


def entry_for(searchable, obj):
    with translation.override(
        "en"
    ):  # addresses without a language prefix unless the content has one
        return searchable.document(obj)


def write(searchable, obj):
    """Create or replace the document of ``obj``; returns it."""
    return write_many(searchable, [obj])[0]


def write_many(searchable, objects):
    """Create or replace the documents of ``objects`` (of one searchable type) in a handful of
    queries, whatever their number: the rebuild and the benchmark's volumes use it in batches.
    Returns the documents."""
    documents, values, public_words = [], [], []
    for obj in objects:
        entry = entry_for(searchable, obj)
        path = getattr(obj, "path", "") if searchable.pages else ""
        document = SearchDocument(
            source=searchable.label,
            source_id=str(obj.pk),
            kind=searchable.kind,
            title=clean(entry.title)[:500],
            url=entry.url or "",
            language=(entry.language or "en")[:12],
            public_text=clean(entry.public_text),
            members_text=clean(entry.members_text),
            path=path,
            date=entry.date,
        )
        facets = {("kind", searchable.kind), ("language", document.language)}
        for facet, attribute in FACET_FIELDS.items():
            facets.update((facet, str(value)[:100]) for value in getattr(entry, attribute) if value)
        documents.append(document)
        values.append(sorted(facets))
        if not restricted(path):
            public_words.append(f"{document.title} {document.public_text}")
    # A document keeps its primary key when written again: the facet table's bitsets
    # (search.facet_table) are indexed by it, so keys must not grow with every update.
    existing = dict(
        SearchDocument.objects.filter(
            source=searchable.label, source_id__in=[d.source_id for d in documents]
        ).values_list("source_id", "pk")
    )
    old, new = [], []
    for document in documents:
        document.pk = existing.get(document.source_id)
        (old if document.pk else new).append(document)
    if old:
        SearchDocument.objects.bulk_update(old, UPDATED_FIELDS)
        SearchFacetValue.objects.filter(document__in=[d.pk for d in old]).delete()
    SearchDocument.objects.bulk_create(new)
    if new and new[0].pk is None:  # a database that returns no keys from a bulk insert
        keys = dict(
            SearchDocument.objects.filter(
                source=searchable.label, source_id__in=[d.source_id for d in new]
            ).values_list("source_id", "pk")
        )
        for document in new:
            document.pk = keys[document.source_id]
    SearchFacetValue.objects.bulk_create(
        [
            SearchFacetValue(document=document, facet=facet, value=value)
            for document, facets in zip(documents, values, strict=True)
            for facet, value in facets
        ]
    )
    refresh_vectors(SearchDocument.objects.filter(pk__in=[d.pk for d in documents]))
    add_terms(" ".join(public_words))
    index_changed()
    return documents


def index_changed():
    """The facet table (search.facet_table) is kept under the content version: move it once
    the documents are committed."""
    transaction.on_commit(content_version.move)


def refresh_vectors(documents):
    """PostgreSQL: the weighted vectors of ``documents`` in their language's configuration (one
    UPDATE per language). Nothing to do elsewhere."""
    if connection.vendor != "postgresql":
        return
    languages = set(documents.values_list("language", flat=True).distinct())
    for language in languages:
        config = Value(REGCONFIGS.get(language, "simple"))
        public = SearchVector("title", weight="A", config=config) + SearchVector(
            "public_text", weight="B", config=config
        )
        documents.filter(language=language).update(
            vector_public=public,
            vector_all=public + SearchVector("members_text", weight="C", config=config),
        )


def add_terms(text):
    words = {word.lower() for word in WORD.findall(text)}
    if words:
        SearchTerm.objects.bulk_create(
            [SearchTerm(word=word) for word in sorted(words)], ignore_conflicts=True
        )


def index_object(label, pk):
    """Bring the index in line with one object: written when its type's queryset holds it,
    removed otherwise (unpublished, deleted, no longer on the public list). Returns the
    document or ``None``."""
    searchable = registry.for_label(label)
    if searchable is None:
        return None
    obj = searchable.queryset().filter(pk=pk).first()
    with transaction.atomic():
        if obj is None:
            SearchDocument.objects.filter(source=label, source_id=str(pk)).delete()
            index_changed()
            document = None
        else:
            document = write(searchable, obj)
    from .backends import index_backend

    backend = index_backend()
    if backend is not None:
        if document is None:
            backend.remove([(label, str(pk))])
        else:
            backend.add([document])
    return document


def rebuild_database(progress=None, batch=500):
    """Rewrite every document from the registered types, in batches; remove documents whose
    object is gone. ``progress(done, total)`` is called as it goes. Returns the number of
    documents."""
    kept = set()
    pending = [(searchable, searchable.queryset()) for searchable in registry.types()]
    total = sum(queryset.count() for _, queryset in pending)
    done = 0
    SearchTerm.objects.all().delete()
    for searchable, queryset in pending:
        chunk = []
        for obj in queryset.iterator(chunk_size=batch):
            chunk.append(obj)
            if len(chunk) == batch:
                done += write_batch(searchable, chunk, kept)
                chunk = []
                if progress:
                    progress(done, total)
        if chunk:
            done += write_batch(searchable, chunk, kept)
        if progress:
            progress(done, total)
    stale = [
        pk
        for pk, source, source_id in SearchDocument.objects.values_list("pk", "source", "source_id")
        if (source, source_id) not in kept
    ]
    SearchDocument.objects.filter(pk__in=stale).delete()
    index_changed()
    return done


def write_batch(searchable, objects, kept):
    with transaction.atomic():
        write_many(searchable, objects)
    kept.update((searchable.label, str(obj.pk)) for obj in objects)
    return len(objects)


def expected_counts():
    """How many documents each registered type should have, from the database."""
    return {searchable.label: searchable.queryset().count() for searchable in registry.types()}
