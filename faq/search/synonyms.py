"""The shipped synonym groups as rows admins can see and add to.

The groups themselves live in faq.search.lexicon and apply whether or not these rows exist; rows
are content, not schema, so no migration creates them: `manage.py load_search_synonyms` (called
by load_default_content) adds the groups that are missing and leaves admins' edits alone.
"""
from __future__ import annotations

from faq.models import Synonym

from .lexicon import ENGLISH_GROUPS as DEFAULT_SYNONYMS
from .query import forget_synonyms


def load_default_synonyms() -> int:
    """Add the shipped synonym groups that are not there yet; return how many were added."""
    existing = set(Synonym.objects.values_list("words", flat=True))
    missing = [Synonym(words=words) for words in DEFAULT_SYNONYMS if words not in existing]
    Synonym.objects.bulk_create(missing)
    if missing:
        forget_synonyms()
    return len(missing)
