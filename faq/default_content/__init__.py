"""Waypoint's shipped knowledge base, and loading it into the database.

The content is data in this package, not code:

* ``content.toml`` lists the categories in home-page order. Each ``[[category]]`` has a ``slug``,
  ``name``, ``description`` and ``file``, and one ``[[category.article]]`` per article with its fixed
  ``slug`` (troubleshooter outcomes link to these), its ``title`` (exactly as the heading in the file),
  a one-sentence ``summary`` and the ``keywords`` customers use.
* Each category's Markdown ``file`` is in the seed FAQ format, read by the same importer as
  ``manage.py import_faq``: a ``### `` heading starts an article; ``[](id:NAME)`` anchors and
  ``[text](#NAME)`` links work across files; error codes are found in the text.

Loading is idempotent and never overwrites an admin's work unless asked to: categories and
articles that already exist (by slug) are kept as they are, unless ``overwrite=True``.
"""
from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from ..importer import FaqFormatError, ImportResult, ParsedArticle, import_articles, parse_faq
from ..models import Article, Category

CONTENT_DIR = Path(__file__).resolve().parent
MANIFEST = CONTENT_DIR / "content.toml"


class DefaultContentError(ValueError):
    """The shipped content is inconsistent (a bug in the repository, caught by the test suite)."""


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    name: str
    description: str
    position: int


@dataclass(frozen=True)
class DefaultContent:
    """The shipped categories and their articles, parsed and ready to import."""

    categories: list[CategorySpec]
    articles: list[ParsedArticle]
    category_of: dict[str, str]  # article slug -> category slug


@dataclass(frozen=True)
class LoadResult:
    categories_created: int
    categories_updated: int
    categories_kept: int
    articles: ImportResult

    def __str__(self) -> str:
        return (
            f"categories: created {self.categories_created}, updated {self.categories_updated}, "
            f"kept {self.categories_kept}; articles: created {self.articles.created}, "
            f"updated {self.articles.updated}, kept {self.articles.kept}"
        )


def read_default_content(manifest: Path = MANIFEST) -> DefaultContent:
    """Parse the manifest and the Markdown files it names; raise ``DefaultContentError`` on any mismatch."""
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DefaultContentError(f"{manifest.name}: {error}") from error
    categories: list[CategorySpec] = []
    articles: list[ParsedArticle] = []
    category_of: dict[str, str] = {}
    for position, category in enumerate(data.get("category", []), start=1):
        spec = CategorySpec(category["slug"], category["name"], category["description"], position)
        categories.append(spec)
        path = manifest.parent / category["file"]
        try:
            parsed = parse_faq(path.read_text(encoding="utf-8"))
        except (OSError, FaqFormatError) as error:
            raise DefaultContentError(f"{path.name}: {error}") from error
        metadata = {entry["title"]: entry for entry in category.get("article", [])}
        for article_position, entry in enumerate(parsed, start=1):
            meta = metadata.pop(entry.title, None)
            if meta is None:
                raise DefaultContentError(
                    f"{path.name}, line {entry.line}: no [[category.article]] in {manifest.name} "
                    f"has the title {entry.title!r}"
                )
            if meta["slug"] in category_of:
                raise DefaultContentError(f"{manifest.name}: the slug {meta['slug']!r} is used twice")
            category_of[meta["slug"]] = spec.slug
            articles.append(
                dataclasses.replace(
                    entry,
                    slug=meta["slug"],
                    summary=meta["summary"],
                    keywords=", ".join(meta["keywords"]),
                    position=article_position,
                )
            )
        if metadata:
            raise DefaultContentError(
                f"{manifest.name}: no article in {path.name} has the title {next(iter(metadata))!r}"
            )
    return DefaultContent(categories, articles, category_of)


@transaction.atomic
def load_default_content(*, overwrite: bool = False) -> LoadResult:
    """Create the shipped categories and published articles that are missing, all or nothing.

    With ``overwrite`` the existing ones are reset to the shipped version too (the article history
    keeps what an admin had written).
    """
    content = read_default_content()
    created = updated = kept = 0
    categories: dict[str, Category] = {}
    for spec in content.categories:
        fields = {"name": spec.name, "description": spec.description, "position": spec.position}
        # An admin may have created a category of the same name under another slug: that one is it.
        category = (
            Category.objects.filter(slug=spec.slug).first() or Category.objects.filter(name=spec.name).first()
        )
        if category is None:
            category = Category.objects.create(slug=spec.slug, **fields)
            created += 1
        elif overwrite:
            for name, value in fields.items():
                setattr(category, name, value)
            category.save()
            updated += 1
        else:
            kept += 1
        categories[spec.slug] = category
    articles = import_articles(
        content.articles,
        categories={slug: categories[category_slug] for slug, category_slug in content.category_of.items()},
        status=Article.Status.PUBLISHED,
        update_existing=overwrite,
    )
    return LoadResult(created, updated, kept, articles)
