"""``manage.py import_faq PATH``: import a FAQ Markdown file in the seed's format."""
from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from faq.importer import FaqFormatError, import_articles, parse_faq
from faq.models import Article, Category

DEFAULT_CATEGORY = "FAQ"


class Command(BaseCommand):
    help = (
        "Import a FAQ Markdown file in the seed's format (each '### ' heading starts an article). "
        "Articles are matched on their slug, so importing again updates them. Prints 'created N, updated M'."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="The FAQ file (UTF-8 Markdown).")
        parser.add_argument(
            "--category",
            default=DEFAULT_CATEGORY,
            help=f"The category the articles go into, created if missing (default: {DEFAULT_CATEGORY!r}).",
        )
        parser.add_argument(
            "--draft", action="store_true",
            help="Import the articles as drafts instead of publishing them (on a re-import too).",
        )

    def handle(self, *args, path: Path, category: str, draft: bool, **options) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            parsed = parse_faq(text)
        except FaqFormatError as error:
            raise CommandError(f"{path} is not in the FAQ seed format, nothing was imported: {error}") from error
        name = category.strip()
        if not slugify(name):
            raise CommandError("--category needs a name with at least one letter or digit.")
        status = Article.Status.DRAFT if draft else Article.Status.PUBLISHED
        # The category and the articles go in together or not at all.
        with transaction.atomic():
            target = (
                Category.objects.filter(name=name).first()
                or Category.objects.filter(slug=slugify(name)).first()
                or Category.objects.create(name=name, slug=slugify(name))
            )
            result = import_articles(parsed, category=target, status=status)
        self.stdout.write(str(result))
        if result.shared_anchors:
            self.stderr.write(
                "Warning: other articles declare these anchors too, so links to them may go to either "
                f"article; rename them in one place: {', '.join(result.shared_anchors)}"
            )
