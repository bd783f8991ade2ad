"""``manage.py rebuild_search_embeddings``: make the sentence embeddings the current model has
not made yet (articles saved while the model could not load, or embedded by another model), or,
with ``--all``, every article's again."""
from django.core.management.base import BaseCommand, CommandError

from faq.models import SearchDocument
from faq.search import embedding
from faq.search.index import embed_missing


class Command(BaseCommand):
    help = "Compute the search embeddings the current model has not made yet (or all, with --all)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", help="Re-embed every article, not only the missing ones.")

    def handle(self, *args, all: bool, **options) -> None:
        if not embedding.is_available():
            raise CommandError("The embedding model could not load (see the warning above); nothing was embedded.")
        if all:
            SearchDocument.objects.update(embedding_model=None)
        made = embed_missing()
        self.stdout.write(f"embedded {made} article{'s' if made != 1 else ''} with {embedding.MODEL_NAME}")
