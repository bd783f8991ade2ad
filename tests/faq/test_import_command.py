"""``manage.py import_faq PATH``: what an admin sees when importing a FAQ file."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from faq.models import Article, Category
from tests.factories import make_article

SEED = Path(__file__).parent / "data" / "seed_faq.txt"
PROJECT = Path(__file__).resolve().parents[2]


def run_import(*args: str) -> str:
    out = io.StringIO()
    call_command("import_faq", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
class TestImportFaqCommand:
    def test_it_prints_what_it_created_then_what_it_updated(self):
        assert run_import(str(SEED)) == "created 26, updated 0\n"
        assert run_import(str(SEED)) == "created 0, updated 26\n"
        assert Article.objects.published().count() == 26

    def test_articles_go_into_a_faq_category_by_default(self):
        run_import(str(SEED))
        assert set(Article.objects.values_list("category__name", flat=True)) == {"FAQ"}

    def test_category_and_draft_options(self):
        run_import(str(SEED), "--category", "Imported answers", "--draft")
        category = Category.objects.get(slug="imported-answers")
        assert category.articles.count() == 26
        assert not Article.objects.published().exists()

    def test_an_existing_category_is_reused(self):
        Category.objects.create(name="Billing", slug="billing")
        run_import(str(SEED), "--category", "Billing")
        assert Category.objects.count() == 1

    def test_it_warns_when_an_anchor_is_declared_by_another_article_too(self):
        make_article(slug="elsewhere", body="Also here.[](id:jump)")
        err = io.StringIO()
        out = io.StringIO()
        call_command("import_faq", str(SEED), stdout=out, stderr=err)
        assert out.getvalue() == "created 26, updated 0\n"
        assert "may go to either article" in err.getvalue() and err.getvalue().rstrip().endswith(": jump")

    def test_it_does_not_warn_about_its_own_anchors_on_a_reimport(self):
        run_import(str(SEED))
        err = io.StringIO()
        call_command("import_faq", str(SEED), stdout=io.StringIO(), stderr=err)
        assert err.getvalue() == ""

    def test_a_malformed_file_imports_nothing_and_says_why(self, tmp_path):
        bad = tmp_path / "bad.md"
        bad.write_text("### Good\nBody\n### Good\nAgain\n", encoding="utf-8")
        with pytest.raises(CommandError) as caught:
            run_import(str(bad), "--category", "New one")
        assert "nothing was imported" in str(caught.value)
        assert "line 3: the title 'Good' is used twice" in str(caught.value)
        assert not Article.objects.exists() and not Category.objects.exists()

    def test_a_missing_file_is_a_clear_error(self, tmp_path):
        with pytest.raises(CommandError, match="Cannot read"):
            run_import(str(tmp_path / "nope.md"))

    def test_a_file_that_is_not_utf8_is_a_clear_error(self, tmp_path):
        latin = tmp_path / "latin.md"
        latin.write_bytes("### Caf\xe9\nBody".encode("latin-1"))
        with pytest.raises(CommandError, match="Cannot read"):
            run_import(str(latin))

    def test_a_category_name_without_letters_is_refused(self):
        with pytest.raises(CommandError, match="--category"):
            run_import(str(SEED), "--category", "!!!")
        assert not Article.objects.exists()


def test_a_malformed_file_exits_non_zero_with_the_reason(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("Intro without a heading\n### Title\nBody\n", encoding="utf-8")
    env = {**os.environ, "DJANGO_DEBUG": "True", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    done = subprocess.run(
        [sys.executable, "manage.py", "import_faq", str(bad)],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode != 0
    assert "line 1: text before the first '### ' heading" in done.stderr
    assert "created" not in done.stdout
