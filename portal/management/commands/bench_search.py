"""``manage.py bench_search``: search latency over real HTTP, on the seed plus N articles of real prose.

It creates a fresh database beside the configured DATABASE_URL (``<name>_search_bench``; SQLite
uses a temporary file), imports the seed FAQ through the importer and N off-topic articles of
documentation prose (benchmarks.corpus, through load_corpus: indexed, embeddings included, as
production indexes), the shipped synonyms and troubleshooters, then starts gunicorn
on 127.0.0.1 against that database (benchmarks.serving, shared with bench_pages: the same worker
settings as ``make run``, DEBUG off) and times,
from this process over HTTP keep-alive connections, in the same run and interleaved in random order:

- GET /api/v1/search?q=... for a set of customer queries (each also writes its search-log line);
- GET /api/v1/troubleshooters, the trivial API request (the API stack and one small query);
- GET /healthz (the smallest request there is: ``SELECT 1``).

It prints median and p95 of each and the ratio of search p95 to the trivial API median, stops the
server and drops the database. A database grown with ``load_corpus --derive-vectors-from-members``
(the 100,000-article benchmark) is served with WAYPOINT_SEARCH_DERIVED_VECTORS=1, said in the output,
so that the semantic scan has its full size. Embedding 10,000 articles takes ~15 CPU-minutes, so ``--prepared``
measures the configured database as it is instead (built once with load_default_content or
import_faq, then load_corpus), and leaves it alone. The run is bounded: a fixed number of requests, a time limit per
request and for the whole measurement. ``make bench`` runs it on SQLite and, when reachable,
PostgreSQL. It is not part of ``make test``. The figures are in README.md ("## Search").
"""
from __future__ import annotations

import http.client
import os
import random
import socket
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks.serving import ServerDidNotStart, served
from faq.importer import import_articles, parse_faq
from faq.models import Article, Category, SearchDocument
from faq.search import embedding
from faq.search.synonyms import load_default_synonyms
from troubleshooter.treefiles import load_default_trees

SEED = Path(settings.BASE_DIR) / "tests" / "faq" / "data" / "seed_faq.txt"
SERVER_LOG_DIR = Path(settings.BASE_DIR) / "bench-results"
QUERIES = [
    "customer never got the code", "recieve sms", "error 1014", "1004", "json single quotes",
    "sms arrives late", "blacklist", "api call takes too long", "sig verification failed",
    "where do i find my secretid", "invoice", "country calling codes", "sensitive words",
    "bulk sms to many numbers", "duplicate numbers", "short link wechat", "number blocked unsubscribe",
    "template variables do not match", "delivery status failed", "60008", "reply to sms",
    "server overseas", "asterisks in preview", "message review approval", "sender number",
    "how to contact support", "dns connection pool", "appid appkey", "eror 1016", "verification code late",
]
SEARCH, TRIVIAL_API, HEALTHZ = "search", "trivial API", "healthz"
LABELS = {
    SEARCH: "search (GET /api/v1/search?q=...)",
    TRIVIAL_API: "trivial API (GET /api/v1/troubleshooters)",
    HEALTHZ: "trivial page (GET /healthz)",
}
REQUEST_TIMEOUT = 10.0  # seconds; a request slower than this fails the run
# The warm-up's first search loads the vectors (at 100,000 articles: 165 MB, and the coarse index
# is built), so it may take longer.
WARM_UP_TIMEOUT = 180.0
MEASURE_LIMIT = 600.0  # seconds for the whole measurement


def percentile(samples: list[float], share: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[round(share * 100) - 1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for the server process naming the bench database."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    credentials = quote(settings_dict["USER"] or "", safe="")
    if settings_dict.get("PASSWORD"):
        credentials += ":" + quote(settings_dict["PASSWORD"], safe="")
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{settings_dict['NAME']}"


class Command(BaseCommand):
    help = "Benchmark search latency over HTTP (gunicorn): the seed plus N documentation articles, or --prepared."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--articles", type=int, default=10_000, help="Documentation articles (default 10,000).")
        parser.add_argument(
            "--prepared", action="store_true",
            help="Measure the configured database as it is (already loaded); create and drop nothing.",
        )
        parser.add_argument("--rounds", type=int, default=20, help="Times each query is searched (default 20).")
        parser.add_argument("--port", type=int, default=0, help="Port for the bench server (default: a free one).")

    def handle(self, *args, articles: int, rounds: int, port: int, prepared: bool, **options) -> None:
        vendor = connection.vendor
        if prepared:
            self.stdout.write(f"{vendor}: {Article.objects.published().count()} published articles (prepared database)")
            url = database_url(connection.settings_dict)
            self._measure(vendor, url, rounds, port or free_port())
            return
        test_settings = connection.settings_dict.setdefault("TEST", {})
        if vendor == "sqlite":
            test_settings["NAME"] = str(Path(tempfile.mkdtemp(prefix="waypoint-bench-")) / "bench.sqlite3")
        else:
            # Not test_<name>: the test suite may be using that one at the same time.
            test_settings["NAME"] = f"{connection.settings_dict['NAME']}_search_bench"
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            self._load(vendor, articles)
            url = database_url(connection.settings_dict)
            self._measure(vendor, url, rounds, port or free_port())
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def _load(self, vendor: str, articles: int) -> None:
        started = time.perf_counter()
        category = Category.objects.create(name="FAQ", slug="faq")
        import_articles(parse_faq(SEED.read_text(encoding="utf-8")), category=category)
        call_command("load_corpus", articles=articles, stdout=self.stdout)
        load_default_synonyms()
        load_default_trees()
        with connection.cursor() as cursor:
            # A database in service has planner statistics (autovacuum sees to it); a fresh one has none.
            cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")
        self.stdout.write(
            f"{vendor}: loaded {Article.objects.count()} articles in {time.perf_counter() - started:.0f} s"
        )

    def _measure(self, vendor: str, url: str, rounds: int, port: int) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_DEBUG": "False",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            # The API needs no collected static files; whitenoise's warning about them is noise here.
            "PYTHONWARNINGS": "ignore:No directory at:UserWarning",
        }
        derived = SearchDocument.objects.filter(embedding_model=embedding.DERIVED_MODEL_NAME).count()
        if derived:
            # A database grown with `load_corpus --derive-vectors-from-members`: the scan is only the
            # right size if the server reads those vectors too.
            env["WAYPOINT_SEARCH_DERIVED_VECTORS"] = "1"
            self.stdout.write(
                f"{vendor}: {derived} articles carry derived (benchmark-only) vectors: serving with "
                "WAYPOINT_SEARCH_DERIVED_VECTORS=1"
            )
        # At scale the workers would otherwise build the ANN graph in the background while measured.
        before = os.environ.get("WAYPOINT_SEARCH_DERIVED_VECTORS")
        os.environ["WAYPOINT_SEARCH_DERIVED_VECTORS"] = env.get("WAYPOINT_SEARCH_DERIVED_VECTORS", "0")
        try:
            call_command("build_search_graph", stdout=self.stdout)
        finally:
            if before is None:
                del os.environ["WAYPOINT_SEARCH_DERIVED_VECTORS"]
            else:
                os.environ["WAYPOINT_SEARCH_DERIVED_VECTORS"] = before
        connection.close()  # the server has the database to itself
        # The server's output is kept: an error status stops the benchmark, and its traceback is there.
        SERVER_LOG_DIR.mkdir(exist_ok=True)
        log = SERVER_LOG_DIR / f"bench_search-{vendor.lower()}-server.log"
        try:
            with served(env, port, log=log, extra_args=["--limit-request-line", "8190"]):
                samples = self._time_requests(port, rounds)
        except ServerDidNotStart as error:
            raise CommandError(str(error)) from error
        except CommandError as error:
            raise CommandError(f"{error} (the server's log: {log})") from error
        for kind in (SEARCH, TRIVIAL_API, HEALTHZ):
            values = samples[kind]
            self.stdout.write(
                f"{vendor}: {LABELS[kind]:43} median {statistics.median(values):6.2f} ms"
                f"   p95 {percentile(values, 0.95):6.2f} ms   ({len(values)} requests)"
            )
        search_p95 = percentile(samples[SEARCH], 0.95)
        self.stdout.write(
            f"{vendor}: search p95 / trivial API median = {search_p95 / statistics.median(samples[TRIVIAL_API]):.1f}"
            f"   (/ healthz median = {search_p95 / statistics.median(samples[HEALTHZ]):.1f})"
        )
        self.stdout.write(f"{vendor}: load average {' '.join(f'{value:.2f}' for value in os.getloadavg())}")

    def _time_requests(self, port: int, rounds: int) -> dict[str, list[float]]:
        """Every request kind in one shuffled sequence, so machine load falls on all of them alike."""
        requests = [(SEARCH, "/api/v1/search?" + urlencode({"q": query})) for query in QUERIES]
        requests += [(TRIVIAL_API, "/api/v1/troubleshooters"), (HEALTHZ, "/healthz")] * (len(QUERIES) // 2)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WARM_UP_TIMEOUT)
        for _, path in requests:  # warm up: imports, connections, caches in both workers
            self._get(conn, path)
            self._get(conn, path)
        conn.close()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        rng = random.Random(7)
        samples: dict[str, list[float]] = {SEARCH: [], TRIVIAL_API: [], HEALTHZ: []}
        deadline = time.monotonic() + MEASURE_LIMIT
        for _ in range(rounds):
            rng.shuffle(requests)
            for kind, path in requests:
                started = time.perf_counter()
                self._get(conn, path)
                samples[kind].append((time.perf_counter() - started) * 1000)
            if time.monotonic() > deadline:
                raise CommandError(f"the measurement took longer than {MEASURE_LIMIT:.0f} s")
        conn.close()
        return samples

    @staticmethod
    def _get(conn: http.client.HTTPConnection, path: str) -> None:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise CommandError(f"GET {path} answered {response.status}")
