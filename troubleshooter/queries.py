"""Which troubleshooters to offer: all the published ones, or those that lead to some article."""
from __future__ import annotations

from faq.models import Article

from .models import Tree


def published_trees() -> list[Tree]:
    """The troubleshooters a visitor can start, in their configured order."""
    published = Tree.objects.live()
    return list(published.only("slug", "title", "description", "position"))


def trees_linking(article: Article) -> list[Tree]:
    """Published troubleshooters with a step that points readers to ``article``."""
    return list(
        Tree.objects.live().filter(nodes__articles=article)
        .distinct()
        .only("slug", "title", "position")
    )


def error_code_trees() -> list[Tree]:
    """Published troubleshooters that lead to an article about some error code."""
    return list(
        Tree.objects.live().filter(nodes__articles__error_codes__isnull=False)
        .distinct()
        .only("slug", "title", "position")
    )
