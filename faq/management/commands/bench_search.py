"""``manage.py bench_search``: search latency on a throwaway database holding the seed plus 10,000 articles.

It creates a fresh database beside the configured DATABASE_URL (``<name>_search_bench``; SQLite
uses a temporary file), imports the seed FAQ and N generated articles through the importer (so the index
is built the way production builds it), then measures, in the same process and run, GET
/api/v1/search?q=... for a set of customer queries against two trivial requests: the same endpoint
with an empty query (the API stack with no search) and /healthz. It prints median and p95 of each
and the ratio of search p95 to the trivial API median, then drops the database. ``make bench``
runs it on SQLite and, when reachable, PostgreSQL. It is not part of ``make test``.

Figures from `make bench` on 2026-11-24 at 21:36 UTC (2 cores shared with other jobs, Python 3.11, SQLite 3.40,
PostgreSQL 15; the seed + 10,000 generated articles; 30 queries x 20 rounds = 600 searches, each
request also writing its search-log line; in-process Django test client):

  database    search median  search p95   trivial API median  /healthz median  p95 / trivial API
  SQLite           9.37 ms     20.11 ms        0.33 ms             0.18 ms          61x
  PostgreSQL      13.34 ms     33.19 ms        0.28 ms             0.29 ms         120x

The issue's PostgreSQL target (search p95 at most 10x a trivial request's median) is NOT met:
the trivial request here does no database work at all (0.28 ms), and a search runs about eight
queries (vocabulary, error codes, index size, per-unit counts, match with its total, articles,
snippets, log line). The slowest searches are those whose words are in thousands of the generated
articles (they reuse the seed's words at the seed's frequencies), where ts_rank must score
every match. Earlier runs under heavier machine load were 2-3x slower on both databases.
"""
from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment, teardown_test_environment

SEED = Path(settings.BASE_DIR) / "tests" / "faq" / "data" / "seed_faq.txt"
QUERIES = [
    "customer never got the code", "recieve sms", "error 1014", "1004", "json single quotes",
    "sms arrives late", "blacklist", "api call takes too long", "sig verification failed",
    "where do i find my secretid", "invoice", "country calling codes", "sensitive words",
    "bulk sms to many numbers", "duplicate numbers", "short link wechat", "number blocked unsubscribe",
    "template variables do not match", "delivery status failed", "60008", "reply to sms",
    "server overseas", "asterisks in preview", "message review approval", "sender number",
    "how to contact support", "dns connection pool", "appid appkey", "eror 1016", "verification code late",
]
TOPICS = [
    "delivery", "template", "signature", "callback", "quota", "billing", "console", "carrier",
    "international", "marketing", "verification", "statistics", "webhook", "sdk", "region",
]


def generated_faq(count: int, vocabulary: list[str], rng: random.Random) -> str:
    """A FAQ file in the seed's format with `count` articles written from the seed's own words.

    `vocabulary` holds every word of the seed as often as the seed uses it, so the generated text
    has the seed's word frequencies: "sms" is everywhere, "deduplicate" is rare.
    """
    entries = []
    for n in range(count):
        topic = rng.choice(TOPICS)
        title = " ".join(rng.choices(vocabulary, k=rng.randint(5, 9)))
        sentences = [
            " ".join(rng.choices(vocabulary, k=rng.randint(8, 16))).capitalize() + "."
            for _ in range(rng.randint(5, 12))
        ]
        code = f" If error {70000 + n} is returned, check the {topic} settings." if n % 5 == 0 else ""
        entries.append(f"### {title.capitalize()} ({topic} {n})?\n{' '.join(sentences)}{code}\n")
    return "\n".join(entries)


def percentile(samples: list[float], share: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[round(share * 100) - 1]


class Command(BaseCommand):
    help = "Benchmark search latency on a throwaway database with the seed plus generated articles."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--articles", type=int, default=10_000, help="Generated articles (default 10,000).")
        parser.add_argument("--rounds", type=int, default=20, help="Times each query is searched (default 20).")

    def handle(self, *args, articles: int, rounds: int, **options) -> None:
        vendor = connection.vendor
        test_settings = connection.settings_dict.setdefault("TEST", {})
        if vendor == "sqlite":
            test_settings["NAME"] = str(Path(tempfile.mkdtemp(prefix="waypoint-bench-")) / "bench.sqlite3")
        else:
            # Not test_<name>: the test suite may be using that one at the same time.
            test_settings["NAME"] = f"{connection.settings_dict['NAME']}_search_bench"
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        setup_test_environment()
        try:
            self._run(vendor, articles, rounds)
        finally:
            teardown_test_environment()
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def _run(self, vendor: str, articles: int, rounds: int) -> None:
        from faq.importer import import_articles, parse_faq
        from faq.models import Article, Category
        from faq.search_synonyms import load_default_synonyms

        rng = random.Random(20261124)
        seed_text = SEED.read_text(encoding="utf-8")
        vocabulary = [word.lower() for word in seed_text.split() if word.isalpha() and len(word) > 2]
        started = time.perf_counter()
        category = Category.objects.create(name="FAQ", slug="faq")
        import_articles(parse_faq(seed_text), category=category)
        generated = Category.objects.create(name="Generated", slug="generated")
        import_articles(parse_faq(generated_faq(articles, vocabulary, rng)), category=generated)
        load_default_synonyms()
        with connection.cursor() as cursor:
            # A database in service has planner statistics (autovacuum sees to it); a fresh one has none.
            cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")
        self.stdout.write(
            f"{vendor}: imported {Article.objects.count()} articles in {time.perf_counter() - started:.0f} s"
        )

        client = Client()
        for query in QUERIES:  # warm caches and connections
            client.get("/api/v1/search", {"q": query})
        trivial_api = self._time(client, [{"q": ""}] * len(QUERIES) * rounds, "/api/v1/search")
        healthz = self._time(client, [{}] * len(QUERIES) * rounds, "/healthz")
        order = [{"q": query} for query in QUERIES] * rounds
        rng.shuffle(order)
        searches = self._time(client, order, "/api/v1/search")

        rows = [("search (GET /api/v1/search?q=...)", searches), ("trivial API (GET /api/v1/search?q=)", trivial_api),
                ("trivial page (GET /healthz)", healthz)]
        for label, samples in rows:
            self.stdout.write(
                f"{vendor}: {label:38} median {statistics.median(samples):6.2f} ms   p95 {percentile(samples, 0.95):6.2f} ms"
                f"   ({len(samples)} requests)"
            )
        ratio = percentile(searches, 0.95) / statistics.median(trivial_api)
        self.stdout.write(f"{vendor}: search p95 / trivial API median = {ratio:.1f}")

    def _time(self, client: Client, params: list[dict], path: str) -> list[float]:
        samples = []
        for query in params:
            started = time.perf_counter()
            response = client.get(path, query)
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{path} {query} answered {response.status_code}")
        return samples
