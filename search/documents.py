"""The Elasticsearch index, with ``elasticsearch.dsl``: one ``Document`` class with an explicit
mapping. Texts are analysed once with the standard analyzer and once per language (sub-fields
``.english``, ``.french``, ``.spanish``, ``.arabic``, Elasticsearch's built-in language analyzers
with their stemmers), so a query stems in every language the portal writes in; facets are
keywords; ``path`` is a keyword for the view-restriction prefixes (``search.visibility``).

Index names carry the environment (``SEARCH_INDEX_PREFIX``) and a timestamp, behind an alias:
``<prefix>-documents`` → ``<prefix>-documents-20261201070000``. ``search_index rebuild`` fills a
new index and moves the alias in one atomic ``update_aliases`` call
(``search.backends.elasticsearch``)."""

from django.conf import settings
from elasticsearch.dsl import Date, Document, Keyword, Text

LANGUAGE_ANALYZERS = {
    "english": "english",
    "french": "french",
    "spanish": "spanish",
    "arabic": "arabic",
}


def multilingual_text(**kwargs):
    return Text(
        analyzer="standard",
        fields={name: Text(analyzer=analyzer) for name, analyzer in LANGUAGE_ANALYZERS.items()},
        **kwargs,
    )


def alias_name():
    return f"{settings.SEARCH_INDEX_PREFIX}-documents"


class SearchEntry(Document):
    source = Keyword()
    source_id = Keyword()
    kind = Keyword()
    language = Keyword()
    title = multilingual_text(copy_to="vocabulary")
    url = Keyword(index=False)
    public_text = multilingual_text(copy_to="vocabulary")
    # Matched and highlighted only for readers of members-only content (search.visibility);
    # never in the vocabulary that suggestions come from.
    members_text = multilingual_text()
    vocabulary = Text(analyzer="standard")
    path = Keyword()
    date = Date()
    category = Keyword()
    country = Keyword()
    region = Keyword()
    capability = Keyword()

    class Index:
        # Replaced by the alias at run time (SearchEntry._index is cloned with the real name).
        name = "portal-documents"
        settings = {"number_of_shards": 1, "number_of_replicas": 0}

    @classmethod
    def from_row(cls, document):
        """The Elasticsearch form of a ``search.models.SearchDocument`` (facet values
        prefetched or read)."""
        facets = {}
        for row in document.facet_values.all():
            facets.setdefault(row.facet, []).append(row.value)
        return cls(
            meta={"id": f"{document.source}:{document.source_id}"},
            source=document.source,
            source_id=document.source_id,
            kind=document.kind,
            language=document.language,
            title=document.title,
            url=document.url,
            public_text=document.public_text,
            members_text=document.members_text,
            path=document.path,
            date=document.date,
            category=facets.get("category", []),
            country=facets.get("country", []),
            region=facets.get("region", []),
            capability=facets.get("capability", []),
        )
