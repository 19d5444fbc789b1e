"""A GIN index on the combined title and body vectors of Wagtail's database search index.

Wagtail's PostgreSQL search backend matches a query against ``title || body``; each of the two
columns has its own GIN index, but an expression is only served by an index on the same
expression, so without this one every search reads and concatenates the vectors of every
indexed object (wagtail/wagtail#6546 added the same index for the old backend). Other databases
have their own full-text machinery and get nothing.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"
INDEX = "search_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
