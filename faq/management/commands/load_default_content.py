"""``manage.py load_default_content``: load Waypoint's shipped knowledge base (idempotent)."""
from __future__ import annotations

from django.core.management.base import BaseCommand

from faq.default_content import load_default_content


class Command(BaseCommand):
    help = (
        "Load the shipped categories and published articles that are missing. Existing ones are kept "
        "as they are (an admin may have edited them) unless --overwrite is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Reset existing shipped categories and articles to the shipped text (history keeps the old one).",
        )

    def handle(self, *args, overwrite: bool, **options) -> None:
        knowledge_base = load_default_content(overwrite=overwrite)
        self.stdout.write(f"Knowledge base {knowledge_base}")
        if knowledge_base.articles.shared_anchors:
            self.stderr.write(
                "Warning: other articles declare anchors the shipped articles use, so links to them may go "
                f"to either article: {', '.join(knowledge_base.articles.shared_anchors)}"
            )
