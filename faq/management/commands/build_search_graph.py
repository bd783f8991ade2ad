"""``manage.py build_search_graph``: build the ANN graph of the semantic scan now (faq.search.ann).

At scale (beyond semantic.COARSE_FROM vectors) a serving process that finds no saved graph for the
current vectors builds one in the background, minutes during which its searches take the slower
coarse pass. Run this after a bulk load (``load_corpus``, ``rebuild_search_embeddings``) and before
serving: the graph is saved where every process maps it. Below the threshold it says so and
builds nothing.
"""
import time

from django.core.management.base import BaseCommand

from faq.search import semantic


class Command(BaseCommand):
    help = "Build and save the ANN graph of the search vectors, so that serving processes need not."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        rows, kind = semantic.prepare()
        self.stdout.write(
            f"{rows} vectors: search uses the {kind} (ready in {time.perf_counter() - started:.1f} s)"
        )
