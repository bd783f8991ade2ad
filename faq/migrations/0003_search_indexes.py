"""Each database's own search index; the other database skips the step, so both still migrate.

SQLite: an FTS5 table reading faq_searchdocument as external content (porter stemming, bm25),
and an FTS5 trigram table over the vocabulary for typo correction, both kept in step by triggers.
A later migration that makes Django rebuild faq_searchdocument or faq_searchterm on SQLite drops
these triggers: re-create them there (manage.py rebuild_search_index refills the tables).

PostgreSQL: a GIN index on the stored weighted vector, pg_trgm, and a trigram GIN index on the
vocabulary so that typo correction is an index lookup, not a table scan.
"""
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE faq_search_fts USING fts5(
        title, codes, keywords, body,
        content='faq_searchdocument', content_rowid='article_id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER faq_search_fts_ai AFTER INSERT ON faq_searchdocument BEGIN
        INSERT INTO faq_search_fts(rowid, title, codes, keywords, body)
        VALUES (new.article_id, new.title, new.codes, new.keywords, new.body);
    END""",
    """CREATE TRIGGER faq_search_fts_ad AFTER DELETE ON faq_searchdocument BEGIN
        INSERT INTO faq_search_fts(faq_search_fts, rowid, title, codes, keywords, body)
        VALUES ('delete', old.article_id, old.title, old.codes, old.keywords, old.body);
    END""",
    """CREATE TRIGGER faq_search_fts_au AFTER UPDATE ON faq_searchdocument BEGIN
        INSERT INTO faq_search_fts(faq_search_fts, rowid, title, codes, keywords, body)
        VALUES ('delete', old.article_id, old.title, old.codes, old.keywords, old.body);
        INSERT INTO faq_search_fts(rowid, title, codes, keywords, body)
        VALUES (new.article_id, new.title, new.codes, new.keywords, new.body);
    END""",
    """CREATE VIRTUAL TABLE faq_searchterm_fts USING fts5(
        word, content='faq_searchterm', content_rowid='id', tokenize='trigram'
    )""",
    """CREATE TRIGGER faq_searchterm_fts_ai AFTER INSERT ON faq_searchterm BEGIN
        INSERT INTO faq_searchterm_fts(rowid, word) VALUES (new.id, new.word);
    END""",
    """CREATE TRIGGER faq_searchterm_fts_ad AFTER DELETE ON faq_searchterm BEGIN
        INSERT INTO faq_searchterm_fts(faq_searchterm_fts, rowid, word) VALUES ('delete', old.id, old.word);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS faq_searchterm_fts_ad",
    "DROP TRIGGER IF EXISTS faq_searchterm_fts_ai",
    "DROP TABLE IF EXISTS faq_searchterm_fts",
    "DROP TRIGGER IF EXISTS faq_search_fts_au",
    "DROP TRIGGER IF EXISTS faq_search_fts_ad",
    "DROP TRIGGER IF EXISTS faq_search_fts_ai",
    "DROP TABLE IF EXISTS faq_search_fts",
]
POSTGRES_FORWARD = [
    "CREATE INDEX faq_searchdocument_vector_gin ON faq_searchdocument USING gin (vector)",
    "CREATE INDEX faq_searchterm_word_trgm ON faq_searchterm USING gin (word gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS faq_searchterm_word_trgm",
    "DROP INDEX IF EXISTS faq_searchdocument_vector_gin",
]


def _run_on(vendor: str, statements: list[str]):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != vendor:
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("faq", "0002_search")]

    operations = [
        TrigramExtension(),  # Django's operation already does nothing on other databases.
        migrations.RunPython(_run_on("sqlite", SQLITE_FORWARD), _run_on("sqlite", SQLITE_BACKWARD)),
        migrations.RunPython(_run_on("postgresql", POSTGRES_FORWARD), _run_on("postgresql", POSTGRES_BACKWARD)),
    ]
