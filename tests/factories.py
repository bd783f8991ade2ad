"""Small factories for test data: each makes a valid object and takes overrides."""
from __future__ import annotations

import itertools

from django.contrib.auth.models import Group, User

from faq.models import Article, Category, ErrorCode
from troubleshooter.roles import AGENTS, EDITORS

_counter = itertools.count(1)


def make_category(**overrides) -> Category:
    n = next(_counter)
    fields = {"name": f"Category {n}", "slug": f"category-{n}", "position": n}
    fields.update(overrides)
    return Category.objects.create(**fields)


def make_article(*, error_codes: tuple[str, ...] = (), **overrides) -> Article:
    n = next(_counter)
    fields = {
        "title": f"Article {n}",
        "slug": f"article-{n}",
        "body": f"Body of article {n}.",
        "status": Article.Status.PUBLISHED,
    }
    fields.update(overrides)
    if "category" not in fields:
        fields["category"] = make_category()
    article = Article.objects.create(**fields)
    for code in error_codes:
        article.error_codes.add(ErrorCode.objects.get_or_create(code=code)[0])
    return article


def make_user(group: str | None = None, *, staff: bool = True, **overrides) -> User:
    n = next(_counter)
    user = User.objects.create_user(
        username=overrides.pop("username", f"user{n}"), password="pw-for-tests-123", is_staff=staff, **overrides
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_agent(**overrides) -> User:
    return make_user(AGENTS, **overrides)


def make_editor(**overrides) -> User:
    return make_user(EDITORS, **overrides)
