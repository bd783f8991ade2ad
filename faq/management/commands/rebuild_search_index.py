"""``manage.py rebuild_search_index``: rebuild the search index from the published articles.

Saving articles keeps the index current on its own; this is for changes made behind Django's back
(raw SQL, queryset.update()) or after restoring a database dump.
"""
from django.core.management.base import BaseCommand

from faq.search import index as search_index


class Command(BaseCommand):
    help = "Rebuild the knowledge-base search index from the published articles."

    def handle(self, *args, **options) -> None:
        count = search_index.rebuild()
        self.stdout.write(f"indexed {count} published article{'s' if count != 1 else ''}")
