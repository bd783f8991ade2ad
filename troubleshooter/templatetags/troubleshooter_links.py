"""Troubleshooters to offer on other apps' pages (the knowledge base's article and error pages).

A template tag, so the knowledge base's views need not know the troubleshooter exists: its pages
ask for these links in their templates, and the query runs only where they are shown.
"""
from __future__ import annotations

from django import template

from faq.models import Article

from .. import queries
from ..models import Tree

register = template.Library()


@register.simple_tag
def trees_linking(article: Article) -> list[Tree]:
    """``{% trees_linking article as trees %}``: published troubleshooters that point to the article."""
    return queries.trees_linking(article)


@register.simple_tag
def error_code_trees() -> list[Tree]:
    """``{% error_code_trees as trees %}``: published troubleshooters that lead to an error-code article."""
    return queries.error_code_trees()
