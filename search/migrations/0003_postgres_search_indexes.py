"""PostgreSQL only: the pg_trgm extension (similar words for "did you mean"), GIN indexes on the
documents' vectors and a trigram index on the vocabulary. Other databases get nothing (the
database backend matches case-insensitively there)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "search_document_public_gin": "search_searchdocument USING gin (vector_public)",
    "search_document_all_gin": "search_searchdocument USING gin (vector_all)",
    "search_term_word_trgm": "search_searchterm USING gin (word gin_trgm_ops)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, target in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_documents")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
