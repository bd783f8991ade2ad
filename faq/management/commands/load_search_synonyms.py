"""``manage.py load_search_synonyms``: add the shipped synonym groups that are missing (idempotent)."""
from django.core.management.base import BaseCommand

from faq.search.synonyms import load_default_synonyms


class Command(BaseCommand):
    help = "Add the shipped search synonym groups that are missing; groups edited in the admin are kept."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"added {load_default_synonyms()} synonym groups")
