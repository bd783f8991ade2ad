"""The title/codes/keywords vector broad searches rank first (see faq.search.backends.postgresql.match).

The column is nullable without a default, so SQLite adds it with ALTER TABLE ADD COLUMN and
keeps migration 0003's FTS5 triggers (a table rebuild would drop them); SQLite never fills it.
PostgreSQL fills it for the articles already indexed (derived from the indexed text, the same
expression faq.search_index uses from then on) and indexes it with GIN.
"""
import django.contrib.postgres.search
from django.db import migrations

POSTGRES_FORWARD = [
    """UPDATE faq_searchdocument SET head_vector =
        setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, COALESCE(codes, '') || ' ' || COALESCE(keywords, '')), 'B')""",
    "CREATE INDEX faq_searchdocument_head_vector_gin ON faq_searchdocument USING gin (head_vector)",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS faq_searchdocument_head_vector_gin"]


def _on_postgresql(statements: list[str]):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("faq", "0003_search_indexes")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="head_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_on_postgresql(POSTGRES_FORWARD), _on_postgresql(POSTGRES_BACKWARD)),
    ]
