"""`manage.py load_default_content` loads the shipped articles and troubleshooters, idempotently."""
from io import StringIO

import pytest
from django.core.management import call_command

from faq.models import Article, Synonym
from troubleshooter.models import Node, Tree


def run_command() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_default_content", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
class TestLoadDefaultContent:
    def test_it_loads_articles_then_trees_whose_outcomes_link_them(self):
        out, err = run_command()

        assert "articles: created 26" in out
        assert "Troubleshooters: created 4" in out
        assert "Search synonyms: added" in out
        assert err == ""
        assert Article.objects.published().count() == 26
        assert Tree.objects.filter(status=Tree.Status.PUBLISHED).count() == 4
        linked = Node.objects.filter(kind=Node.Kind.OUTCOME, articles__isnull=False).distinct().count()
        assert linked > 0

    def test_running_it_again_changes_nothing(self):
        run_command()
        out, _ = run_command()

        assert "articles: created 0" in out
        assert "Troubleshooters: created 0, updated 0, kept 4" in out
        assert Article.objects.count() == 26
        assert Tree.objects.count() == 4
        assert "Search synonyms: added 0 groups" in out
        assert Synonym.objects.exists()

    def test_a_freshly_migrated_database_has_no_content(self):
        assert Article.objects.count() == 0
        assert Tree.objects.count() == 0
