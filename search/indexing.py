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
    entry = entry_for(searchable, obj)
    path = getattr(obj, "path", "") if searchable.pages else ""
    document, _ = SearchDocument.objects.update_or_create(
        source=searchable.label,
        source_id=str(obj.pk),
        defaults={
            "kind": searchable.kind,
            "title": clean(entry.title)[:500],
            "url": entry.url or "",
            "language": (entry.language or "en")[:12],
            "public_text": clean(entry.public_text),
            "members_text": clean(entry.members_text),
            "path": path,
            "date": entry.date,
        },
    )
    values = {("kind", searchable.kind), ("language", document.language)}
    for facet, attribute in FACET_FIELDS.items():
        values.update((facet, str(value)[:100]) for value in getattr(entry, attribute) if value)
    SearchFacetValue.objects.filter(document=document).delete()
    SearchFacetValue.objects.bulk_create(
        [SearchFacetValue(document=document, facet=f, value=v) for f, v in sorted(values)]
    )
    refresh_vectors(SearchDocument.objects.filter(pk=document.pk))
    if not restricted(path):
        add_terms(f"{document.title} {document.public_text}")
    return document


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


def rebuild_database(progress=None):
    """Rewrite every document from the registered types; remove documents whose object is gone.
    ``progress(done, total)`` is called as it goes. Returns the number of documents."""
    kept = set()
    pending = [(searchable, searchable.queryset()) for searchable in registry.types()]
    total = sum(queryset.count() for _, queryset in pending)
    done = 0
    SearchTerm.objects.all().delete()
    for searchable, queryset in pending:
        for obj in queryset.iterator(chunk_size=500):
            with transaction.atomic():
                write(searchable, obj)
            kept.add((searchable.label, str(obj.pk)))
            done += 1
            if progress:
                progress(done, total)
    stale = [
        pk
        for pk, source, source_id in SearchDocument.objects.values_list("pk", "source", "source_id")
        if (source, source_id) not in kept
    ]
    SearchDocument.objects.filter(pk__in=stale).delete()
    return done


def expected_counts():
    """How many documents each registered type should have, from the database."""
    return {searchable.label: searchable.queryset().count() for searchable in registry.types()}
