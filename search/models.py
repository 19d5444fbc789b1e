"""The search index in the database: one flat row per searchable object (``SearchDocument``),
its facet values (``SearchFacetValue``) and the words of what everyone may read
(``SearchTerm``, for "did you mean").

Both backends index the same documents (``search.indexing.build``): the database backend queries
these rows; the Elasticsearch backend sends them to its index. Rows are written by tasks enqueued
on commit (``search.signals``) and by ``python manage.py search_index rebuild``.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

# PostgreSQL's text search configuration for each content language (Snowball stemmers; Arabic's
# since PostgreSQL 13). A language missing here is matched with 'simple': words as written,
# lower-cased, no stemming.
REGCONFIGS = {"en": "english", "fr": "french", "es": "spanish", "ar": "arabic"}


def regconfig(language):
    return REGCONFIGS.get(language, "simple")


class SearchDocument(models.Model):
    # "app_label.model_name" of the source (search.registry) and its primary key.
    source = models.CharField(max_length=100)
    source_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=30, db_index=True)
    title = models.CharField(max_length=500)
    url = models.CharField(max_length=1000)
    language = models.CharField(max_length=12, db_index=True)
    # What everyone may read; what only readers of members-only content may read.
    public_text = models.TextField(blank=True)
    members_text = models.TextField(blank=True)
    # A page's tree path: Wagtail's view restrictions on it or above it apply (search.visibility).
    path = models.CharField(max_length=255, blank=True, db_index=True)
    date = models.DateField(null=True, blank=True)
    # PostgreSQL only (empty elsewhere): title weighted A, public text B, members' text C.
    vector_public = SearchVectorField(null=True)
    vector_all = SearchVectorField(null=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="one_document_per_object")
        ]

    def __str__(self):
        return self.title

    @property
    def regconfig(self):
        return regconfig(self.language)


class SearchFacetValue(models.Model):
    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="facet_values"
    )
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "facet", "value"], name="one_row_per_facet_value"
            )
        ]
        indexes = [models.Index(fields=["facet", "value"], name="search_facet_value_idx")]

    def __str__(self):
        return f"{self.facet}={self.value}"


class SearchTerm(models.Model):
    """A word of a title or public text of a document everyone may see: the vocabulary the
    suggestion ("did you mean") picks from. A suggestion is only offered when it finds results
    for the person asking (search.service), so a stale word never reveals anything."""

    word = models.CharField(max_length=60, unique=True)

    def __str__(self):
        return self.word
