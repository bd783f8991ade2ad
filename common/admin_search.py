"""A cap on the admin's search box, so a huge search term is a search, not a server error.

The admin turns every word of the search term into a LIKE condition per search field; a few
thousand words make SQLite refuse the query ("Expression tree is too large") and PostgreSQL build a
needlessly huge one. Nobody searches the admin with more than a sentence, so the term is cut.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin

    _Base = ModelAdmin[Any]  # what the mixin is mixed into, so that mypy sees super().get_search_results
else:
    _Base = object

MAX_ADMIN_SEARCH_CHARS = 200


class CappedSearchMixin(_Base):
    """Mix into a ModelAdmin (before ModelAdmin) to search only the first MAX_ADMIN_SEARCH_CHARS characters."""

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str) -> tuple[QuerySet, bool]:
        return super().get_search_results(request, queryset, search_term[:MAX_ADMIN_SEARCH_CHARS])
