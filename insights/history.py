"""Realistic generated history for benchmarks and demos: sessions that walk the trees' live versions,
searches, votes, article views and tickets (``manage.py generate_history``).

Customers choose the first branches of a node more often than the last, give up now and then
(more often on long paths), go back sometimes, answer "Did this solve it?" on some outcomes, and
file tickets mostly after an "escalate" outcome or an unsolved one. Rows are written in chunks with
COPY on PostgreSQL (insights.bulk), so a million sessions take minutes, not hours.
"""
from __future__ import annotations

import random
import secrets
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from faq.markdown import plain_text
from faq.models import Article, ArticleViews, SearchLog, Vote
from tickets.models import TICKET_REFERENCE_LENGTH, TICKET_REFERENCE_PREFIX, Ticket, TicketEvent
from troubleshooter.models import SESSION_CODE_ALPHABET, SESSION_CODE_LENGTH, ArticleRead, Node, Session, Step, Tree
from troubleshooter.snapshots import get_snapshot

from .bulk import insert_rows

CHUNK = 20_000
MAX_STEPS = 30
# A moment's age is u ** RECENCY of the whole span (u uniform in [0, 1)): with 1.6 about half of the
# moments fall in the most recent third of the span, where uniform ages would put a third.
RECENCY = 1.6
# The share of article reads followed by a ticket through the article's "Contact support" link.
ARTICLE_TICKET_RATE = 0.004
# Searches that the shipped articles do not answer: the content gaps the dashboard should reveal.
GAP_QUERIES = (
    "refund", "invoice pdf", "whatsapp template", "change sender name", "delete account", "voice call",
    "mms picture", "price per country", "two factor login", "api key rotate", "webhook retry", "opt out list",
)
NO_COMMENTS = (
    "Did not answer my question.", "Too technical.", "The steps did not work for me.", "Outdated screenshots.",
    "I still do not know why my message failed.",
)


class NothingToWalk(Exception):
    """No published troubleshooter: load the default content first."""


# A node of a live version, named by that version's id and the node's key.
NodeId = tuple[int, str]


@dataclass
class _Node:
    version_id: int
    key: str
    tree_slug: str
    kind: str
    resolution: str
    prompt: str
    title: str
    branches: list[tuple[str, str, NodeId]] = field(default_factory=list)
    articles: list[int] = field(default_factory=list)


def _codes(alphabet: str, length: int, taken: set[str], seed: int) -> Callable[[], str]:
    """Unique codes in a scrambled order (a multiplier coprime with the space), skipping taken ones."""
    space = len(alphabet) ** length
    step, position = 7_919_333, seed % space

    def next_code() -> str:
        nonlocal position
        while True:
            position = (position + step) % space
            n, chars = position, []
            for _ in range(length):
                n, digit = divmod(n, len(alphabet))
                chars.append(alphabet[digit])
            code = "".join(chars)
            if code not in taken:
                taken.add(code)
                return code

    return next_code


class HistoryGenerator:
    def __init__(self, *, days: int, seed: int | None = None, now: datetime | None = None) -> None:
        self.random = random.Random(seed)  # noqa: S311 - made-up history, repeatable from a seed; no secret
        self.now = now or timezone.now()
        self.days = days
        # Customers walk each tree's live version, as the engine does: sessions are pinned to it and a
        # handover continues in the other tree's live version.
        live = dict(Tree.objects.live().values_list("slug", "live_version_id"))
        self.nodes: dict[NodeId, _Node] = {}
        for version_id in live.values():
            for node in get_snapshot(version_id).nodes.values():
                item = _Node(version_id, node.key, node.tree.slug, node.kind, node.resolution,
                             plain_text(node.prompt_html) or node.prompt, node.title)
                item.articles = list(node.article_ids)
                for branch in node.branches:
                    slug, _, key = branch.next.rpartition(":")
                    if slug and slug not in live:
                        continue  # a handover to a tree that is offline: the engine refuses it too
                    target = (live[slug], key) if slug else (version_id, key)
                    item.branches.append((branch.key, branch.label or branch.value or "Answer", target))
                self.nodes[version_id, node.key] = item
        for item in self.nodes.values():
            # A handover to a key the other tree's live version lacks cannot be followed (the engine refuses it).
            item.branches = [branch for branch in item.branches if branch[2] in self.nodes]
        self.trees: list[tuple[int, str, NodeId]] = [
            (tree_pk, slug, (version_id, start))
            for tree_pk, slug, version_id in Tree.objects.live().values_list("pk", "slug", "live_version_id")
            if (start := get_snapshot(version_id).start_key) and (version_id, start) in self.nodes
        ]
        if not self.trees:
            raise NothingToWalk("No published troubleshooter to walk: run `manage.py load_default_content` first.")
        self.tree_weights = [1 / (i + 1) for i in range(len(self.trees))]
        self.articles = list(Article.objects.published().values_list("pk", "title", "keywords"))
        taken = set(Session.objects.values_list("code", flat=True))
        self.session_code = _codes(SESSION_CODE_ALPHABET, SESSION_CODE_LENGTH, taken, self.random.randrange(10**9))
        references = {r.removeprefix(TICKET_REFERENCE_PREFIX)
                      for r in Ticket.objects.values_list("reference", flat=True)}
        reference = _codes(SESSION_CODE_ALPHABET, TICKET_REFERENCE_LENGTH, references, self.random.randrange(10**9))
        self.ticket_reference = lambda: TICKET_REFERENCE_PREFIX + reference()
        self.counts: Counter[str] = Counter()

    def _moment(self) -> datetime:
        # Weekdays are busier than weekends, and the last weeks busier than long ago: an exponent above 1
        # pulls u ** k towards 0, so young ages (recent moments) come up more often than uniform.
        while True:
            moment = self.now - timedelta(seconds=self.random.random() ** RECENCY * self.days * 86400)
            if moment.weekday() < 5 or self.random.random() < 0.45:
                return moment

    # --- sessions ---------------------------------------------------------------------------

    def sessions(self, count: int) -> None:
        for start in range(0, count, CHUNK):
            rows = _Rows()
            for _ in range(min(CHUNK, count - start)):
                self._session(rows)
            rows.write()
            self.counts["sessions"] += min(CHUNK, count - start)

    def _session(self, rows: _Rows) -> None:
        r = self.random
        tree_pk, tree_slug, start = r.choices(self.trees, self.tree_weights)[0]
        session_id = uuid.uuid4()
        created = self._moment()
        at = created
        node = self.nodes[start]
        active: list[list] = []
        finished = abandoned = False
        while True:
            if node.kind == Node.Kind.OUTCOME:
                finished = True
                break
            if r.random() < 0.05 + 0.01 * len(active) or len(active) >= MAX_STEPS or not node.branches:
                abandoned = True
                break
            at += timedelta(seconds=r.expovariate(1 / 25) + 2)
            if active and r.random() < 0.06:
                step = active.pop()
                step[-1] = at
                rows.dropped.append(step)
                node = self.nodes[step[2], step[3]]
                continue
            weights = [1 / (i + 1) ** 1.3 for i in range(len(node.branches))]
            key, label, target = r.choices(node.branches, weights)[0]
            active.append([session_id, len(active) + 1, node.version_id, node.key, node.tree_slug, node.prompt,
                           key if node.kind == Node.Kind.QUESTION else "", label, at, None])
            node = self.nodes[target]
        rows.steps.extend(active)
        solved = None
        ticket_chance = 0.004
        if finished:
            if node.resolution == Node.Resolution.SOLVED:
                solved = (r.random() < 0.75) if r.random() < 0.55 else None
                ticket_chance = 0.08 if solved is False else 0.01
            else:
                solved = (r.random() < 0.2) if r.random() < 0.3 else None
                ticket_chance = 0.12
            if node.articles and r.random() < 0.3:
                rows.reads.append([session_id, r.choice(node.articles), at + timedelta(seconds=r.randint(5, 90))])
        updated = at if not abandoned else at + timedelta(seconds=r.randint(0, 60))
        rows.sessions.append([session_id, self.session_code(), tree_pk, start[0], node.version_id, node.key, False,
                              finished, solved, created, updated])
        if r.random() < ticket_chance:
            self._ticket(rows, at + timedelta(seconds=r.randint(20, 3600)), session_id, tree_slug,
                         node.title if finished else "")

    # --- tickets ---------------------------------------------------------------------------

    def tickets(self, count: int) -> None:
        """Tickets filed without a troubleshooter (straight from the form or the API)."""
        rows = _Rows()
        for _ in range(count):
            self._ticket(rows, self._moment(), None, "", "")
        rows.write()

    def _ticket(self, rows: _Rows, created: datetime, session_id: uuid.UUID | None, tree: str, outcome: str,
                source: str = "", article: int | None = None) -> None:
        r = self.random
        if created > self.now:
            return
        n = self.counts["tickets"] = self.counts["tickets"] + 1
        status = r.choices(("new", "open", "waiting", "closed"), (2, 2, 1.5, 4.5))[0]
        source = source or r.choices(("web", "api", "agent"), (8, 1, 1))[0]
        reference = self.ticket_reference()
        rows.tickets.append([reference, secrets.token_urlsafe(24), "Generated customer", f"customer{n}@example.com",
                             "", "",
                             outcome or "Help with SMS", "Generated for the insights dashboard.", session_id, tree,
                             "[]", outcome, "[]", status, source, "", True, True, created, created, article])
        if status != "new" or r.random() < 0.3:
            first = created + timedelta(seconds=r.expovariate(1 / 7200) + 60)
            if first < self.now:
                rows.events.append([reference, r.choice(("status", "reply", "note")), "", "new", "open", first])

    # --- the knowledge base -----------------------------------------------------------------

    def searches(self, count: int) -> None:
        r = self.random
        queries: list[tuple[str, int | None]] = [(title.lower(), pk) for pk, title, _ in self.articles]
        for pk, _, keywords in self.articles:
            queries += [(word.strip().lower(), pk) for word in keywords.split(",") if word.strip()]
        queries += [(query, None) for query in GAP_QUERIES]
        weights = [1 / (i + 1) ** 0.9 for i in range(len(queries))]
        r.shuffle(weights)
        for start in range(0, count, CHUNK):
            rows = []
            tickets = _Rows()
            for _ in range(min(CHUNK, count - start)):
                query, article = r.choices(queries, weights)[0]
                created = self._moment()
                found = r.randint(1, 12) if article else 0
                clicked = article is not None and r.random() < 0.62
                rank = r.choices((1, 2, 3, 4), (10, 4, 2, 1))[0] if clicked else None
                source = "page" if r.random() < 0.9 else "api"
                # A few go on to "Contact support" on the results page (faq.search.followup): more often
                # when nothing was found or opened; mostly within hours, about 5% after more than 24 h.
                ticket_at = None
                if source == "page" and r.random() < (0.015 if not found else 0.008 if not clicked else 0.003):
                    ticket_at = created + timedelta(seconds=r.expovariate(1 / (8 * 3600)) + 60)
                    if ticket_at <= self.now:
                        self._ticket(tickets, ticket_at, None, "", "", source="web")
                    else:
                        ticket_at = None
                rows.append([query[:200], found, source, article if clicked else None,
                             rank, created + timedelta(seconds=r.randint(2, 40)) if clicked else None, ticket_at,
                             created])
            insert_rows(SearchLog._meta.db_table, ["query", "result_count", "source", "clicked_article_id",
                                                   "clicked_rank", "clicked_at", "ticket_at", "created_at"], rows)
            tickets.write()
            self.counts["searches"] += len(rows)

    def votes(self, count: int) -> None:
        r = self.random
        if not self.articles:
            return
        weights = [1 / (i + 1) for i in range(len(self.articles))]
        rows = []
        for _ in range(count):
            article = r.choices(self.articles, weights)[0][0]
            helpful = r.random() < 0.7
            comment = r.choice(NO_COMMENTS) if not helpful and r.random() < 0.25 else ""
            rows.append([article, secrets.token_hex(16), helpful, comment, self._moment()])
        insert_rows(Vote._meta.db_table, ["article_id", "session_key", "helpful", "comment", "created_at"], rows)
        self.counts["votes"] += count
        for pk, yes, no in Article.objects.annotate(
            yes=Count("votes", filter=Q(votes__helpful=True)), no=Count("votes", filter=Q(votes__helpful=False))
        ).values_list("pk", "yes", "no"):
            Article.objects.filter(pk=pk).update(helpful_yes=yes, helpful_no=no)

    def views(self, per_day: int) -> None:
        r = self.random
        if not self.articles:
            return
        weights = [1 / (i + 1) for i in range(len(self.articles))]
        existing = {(a, d): pk for pk, a, d in ArticleViews.objects.values_list("pk", "article_id", "day")}
        totals: Counter[int] = Counter()
        new_rows = []
        tickets = _Rows()
        with transaction.atomic():
            for offset in range(self.days):
                day = (self.now - timedelta(days=offset)).date()
                for (pk, _, _), weight in zip(self.articles, weights, strict=True):
                    views = max(0, int(r.gauss(per_day * weight, per_day * weight * 0.2)))
                    if not views:
                        continue
                    totals[pk] += views
                    # About 1 read in 250 goes on to the article's "Contact support" link, filed that day.
                    filed = max(0, round(r.gauss(views * ARTICLE_TICKET_RATE, (views * ARTICLE_TICKET_RATE) ** 0.5)))
                    start = datetime.combine(day, time.min, tzinfo=UTC)
                    for _ in range(filed):
                        self._ticket(tickets, start + timedelta(seconds=r.uniform(0, 86399)), None, "", "",
                                     source="web", article=pk)
                    if (pk, day) in existing:
                        ArticleViews.objects.filter(pk=existing[pk, day]).update(views=F("views") + views)
                    else:
                        new_rows.append([pk, day, views])
            insert_rows(ArticleViews._meta.db_table, ["article_id", "day", "views"], new_rows)
            tickets.write()
            for pk, views in totals.items():
                Article.objects.filter(pk=pk).update(view_count=F("view_count") + views)
        self.counts["article views"] += sum(totals.values())


def analyze() -> None:
    """Update PostgreSQL's statistics of the tables just filled: until autovacuum gets to them, the
    planner believes they are as small as before (measured: 3 s instead of 0.1 s for a day's steps)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = [Session, Step, ArticleRead, Ticket, TicketEvent, SearchLog, Vote, ArticleViews]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in tables))


class _Rows:
    """One chunk of generated rows, written table by table."""

    def __init__(self) -> None:
        self.sessions: list[list] = []
        self.steps: list[list] = []
        self.dropped: list[list] = []
        self.reads: list[list] = []
        self.tickets: list[list] = []
        self.events: list[list] = []

    def write(self) -> None:
        with transaction.atomic():
            insert_rows(Session._meta.db_table, ["id", "code", "tree_id", "version_id", "current_version_id",
                                                 "current_key", "preview", "finished", "solved", "created_at",
                                                 "updated_at"], self.sessions)
            columns = ["session_id", "position", "version_id", "node_key", "tree_slug", "prompt", "answer_key",
                       "answer_label", "at", "dropped_at"]
            insert_rows(Step._meta.db_table, columns, self.steps + self.dropped)
            insert_rows(ArticleRead._meta.db_table, ["session_id", "article_id", "opened_at"], self.reads)
            insert_rows(Ticket._meta.db_table, [
                "reference", "access_token", "name", "email", "phone", "affected_number", "subject", "description",
                "session_id", "tree_slug",
                "transcript", "outcome", "articles", "status", "source", "client_hash", "customer_notified",
                "support_notified", "created_at", "updated_at", "from_article_id"], self.tickets)
            if self.events:
                ids: dict[str, int] = {}
                references = [event[0] for event in self.events]
                for start in range(0, len(references), 2000):
                    ids.update(Ticket.objects.filter(reference__in=references[start:start + 2000])
                               .values_list("reference", "pk"))
                insert_rows(TicketEvent._meta.db_table, ["ticket_id", "kind", "text", "old_status", "new_status", "at"],
                            [[ids[event[0]], *event[1:]] for event in self.events])

