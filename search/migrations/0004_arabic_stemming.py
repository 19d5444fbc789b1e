"""Arabic documents stemmed with PostgreSQL's ``arabic`` configuration (a Snowball stemmer,
shipped since PostgreSQL 13) instead of matched word for word ('simple'): their vectors are
computed again. Other databases keep no vectors."""

from django.db import migrations

VECTORS = """
UPDATE search_searchdocument SET
    vector_public = setweight(to_tsvector('{config}', coalesce(title, '')), 'A')
        || setweight(to_tsvector('{config}', coalesce(public_text, '')), 'B'),
    vector_all = setweight(to_tsvector('{config}', coalesce(title, '')), 'A')
        || setweight(to_tsvector('{config}', coalesce(public_text, '')), 'B')
        || setweight(to_tsvector('{config}', coalesce(members_text, '')), 'C')
WHERE language = 'ar'
"""


def vectors_in(config):
    def update(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(VECTORS.format(config=config))

    return update


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgres_search_indexes")]

    operations = [migrations.RunPython(vectors_in("arabic"), vectors_in("simple"))]
