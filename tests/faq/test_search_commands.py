"""The search index commands, and the index following the importer."""
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from faq import search
from faq.models import Article, SearchDocument, SearchTerm, Synonym
from faq.search.synonyms import DEFAULT_SYNONYMS
from tests.factories import make_article

pytestmark = pytest.mark.django_db
SEED = Path(__file__).parent / "data" / "seed_faq.txt"


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_rebuild_indexes_published_articles_changed_behind_djangos_back():
    make_article(slug="a", title="Invoices")
    make_article(slug="b", title="Invoice drafts", status=Article.Status.DRAFT)
    Article.objects.filter(slug="b").update(status=Article.Status.PUBLISHED)
    Article.objects.filter(slug="a").update(status=Article.Status.DRAFT)
    assert run("rebuild_search_index") == "indexed 1 published article\n"
    assert [result.article.slug for result in search.search("invoice").results] == ["b"]
    assert SearchTerm.objects.filter(word="invoice").exists()


def test_loading_synonyms_twice_adds_them_once():
    assert run("load_search_synonyms") == f"added {len(DEFAULT_SYNONYMS)} synonym groups\n"
    assert run("load_search_synonyms") == "added 0 synonym groups\n"
    assert Synonym.objects.count() == len(DEFAULT_SYNONYMS)


def test_importing_the_seed_indexes_every_article_with_its_error_codes():
    run("import_faq", str(SEED))
    assert SearchDocument.objects.count() == 26
    document = SearchDocument.objects.get(article__title__contains="error 1014")
    assert document.codes == "1014"
    run("import_faq", str(SEED), "--draft")
    assert SearchDocument.objects.count() == 0
    assert search.search("1014").results == []
