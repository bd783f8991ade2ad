"""Drop `head_vector`, the title/codes/keywords vector of migration 0004.

Broad PostgreSQL searches used to rank it first; they now take the one scoring path of
faq.search.backends.postgresql.match, so nothing writes or reads it, and it only cost disk and
write time. Dropping the column drops its GIN index with it on PostgreSQL; SQLite drops it with
ALTER TABLE DROP COLUMN, which keeps migration 0003's FTS5 triggers. Going back re-adds the column
and, on PostgreSQL, fills and indexes it as 0004 did.
"""
from django.db import migrations

RESTORE_ON_POSTGRESQL = [
    """UPDATE faq_searchdocument SET head_vector =
        setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, COALESCE(codes, '') || ' ' || COALESCE(keywords, '')), 'B')""",
    "CREATE INDEX faq_searchdocument_head_vector_gin ON faq_searchdocument USING gin (head_vector)",
]


def _restore(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in RESTORE_ON_POSTGRESQL:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("faq", "0007_article_popularity")]

    # Backwards these run last to first: the column comes back, then PostgreSQL fills and indexes it.
    operations = [
        migrations.RunPython(migrations.RunPython.noop, _restore),
        migrations.RemoveField(model_name="searchdocument", name="head_vector"),
    ]
