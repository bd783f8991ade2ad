"""``manage.py evaluate_search``: score today's search on the search-relevance evaluation set.

It runs every query of evaluation/search/tune.toml and/or test.toml through ``faq.search.search``
on the configured database and prints, per kind of query and overall, how often the right
article came first and how often it was in the top ``--limit``. The caller loads the knowledge
base first (``load_default_content`` for ``--kb default``, ``import_faq`` of the seed for
``--kb seed``): ``--kb`` only says which slugs count as right. ``--show-misses`` lists the queries
whose first result was wrong; use it on the tune set only (see evaluation/search/README.md).
"""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from evaluation.search import relevance
from faq.models import Article
from faq.search import search


class Command(BaseCommand):
    help = "Score faq.search on the search-relevance evaluation set (evaluation/search/*.toml)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--set", dest="set_name", choices=["tune", "test", "both"], default="tune")
        parser.add_argument("--kb", choices=list(relevance.KBS), default="default",
                            help="Which knowledge base the database holds: the default content or the seed import.")
        parser.add_argument("--limit", type=int, default=relevance.TOP,
                            help="How many results count as the top (default 3).")
        parser.add_argument("--show-misses", action="store_true", help="List the queries whose first result is wrong.")

    def handle(self, *args, set_name: str, kb: str, limit: int, show_misses: bool, **options) -> None:
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        names = relevance.SETS if set_name == "both" else (set_name,)
        sets = {name: relevance.load(name) for name in names}
        wanted = {slug for queries in sets.values() for query in queries for slug in query.answers(kb)}
        present = set(Article.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        if not present:
            raise CommandError(
                f"None of the --kb {kb} articles is in this database: load that knowledge base first "
                "(manage.py load_default_content, or manage.py import_faq on the seed file)."
            )
        if missing := wanted - present:
            self.stderr.write(f"Warning: {len(missing)} expected articles are not in this database: "
                              f"{', '.join(sorted(missing))}")

        def slugs(text: str) -> list[str]:
            return [result.article.slug for result in search(text, limit=limit).results]

        for name, queries in sets.items():
            score = relevance.score(queries, slugs, kb=kb, top=limit)
            self.stdout.write(f"\n{name} set, {kb} knowledge base ({len(queries)} queries)")
            self.stdout.write(f"{'kind':<12} {'n':>4} {'first %':>8} {f'top-{limit} %':>8}")
            rows = [(kind, tally) for kind, tally in score.by_kind.items() if tally.n] + [("overall", score.overall)]
            for kind, tally in rows:
                self.stdout.write(
                    f"{kind:<12} {tally.n:>4} {100 * tally.first / tally.n:>8.1f} {100 * tally.top / tally.n:>8.1f}"
                )
            if show_misses and score.misses:
                self.stdout.write(f"misses ({len(score.misses)}):")
                for miss in score.misses:
                    right = "/".join(miss.query.answers(kb))
                    self.stdout.write(f"  [{miss.query.kind}] {miss.query.text!r}: wanted {right}, got {miss.got}")
