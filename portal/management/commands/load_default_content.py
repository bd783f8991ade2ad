"""``manage.py load_default_content``: load Waypoint's shipped articles and troubleshooters (idempotent)."""
from __future__ import annotations

from django.core.management.base import BaseCommand

from faq.default_content import load_default_content
from faq.search.synonyms import load_default_synonyms
from troubleshooter.treefiles import load_default_trees


class Command(BaseCommand):
    help = (
        "Load the shipped categories, published articles, search synonyms and troubleshooting trees that are missing. "
        "Existing ones are kept "
        "as they are (an admin may have edited them) unless --overwrite is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Reset existing shipped articles and trees to the shipped text (history keeps the old one).",
        )

    def handle(self, *args, overwrite: bool, **options) -> None:
        knowledge_base = load_default_content(overwrite=overwrite)
        self.stdout.write(f"Knowledge base {knowledge_base}")
        if knowledge_base.articles.shared_anchors:
            self.stderr.write(
                "Warning: other articles declare anchors the shipped articles use, so links to them may go "
                f"to either article: {', '.join(knowledge_base.articles.shared_anchors)}"
            )
        self.stdout.write(f"Search synonyms: added {load_default_synonyms()} groups")
        # Trees come second: their outcomes link the articles just loaded.
        trees = load_default_trees(overwrite=overwrite)
        self.stdout.write(
            f"Troubleshooters: created {len(trees.created)}, updated {len(trees.updated)}, "
            f"kept {len(trees.kept) + len(trees.unchanged)}"
        )
        if trees.missing_articles:
            self.stderr.write(f"Warning: trees link articles that do not exist: {', '.join(trees.missing_articles)}")
