"""A small fixed history on the demo tree, with every figure it should give worked out by hand.

Five sessions start two days before NOW (S5 ten minutes before), one ten days before (the previous
period of "last 7 days"):
  S0 (10 days ago)  status=failed, wait=5 min → out-fine (solved)
  S1  status=failed, wait=5 min → out-fine; the customer says "solved"
  S2  status=ok, remarks="rate limit" → out-slow (solved); no answer, no ticket
  S3  status=failed → wait; Back; status=ok, remarks="hello" → out-help (escalate); files a ticket
  S4  status=failed → wait, then nothing for two days: abandoned at wait
  S5  started ten minutes ago, nothing answered: still in progress
  P   an editor's "Try this draft" preview: failed, 5 min → out-fine, "solved"; counted nowhere
All customer sessions are on the tree's first published version, v1.
Four searches two days ago (search page): "refund" ×2 (no result; the first led to a ticket 2 h later
through its results page), "error 1014" ×2 (one opened the article; the other led to a ticket 20 h later).
The article "Delivery guide" was read 5 times two days ago (one ticket filed through its contact link
that day) and twice ten days ago.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from faq.models import ArticleViews, SearchLog, Vote
from insights.rollup import refresh
from tests.factories import make_article
from tests.troubleshooter.tree_factories import make_tree, simple_spec
from tickets.models import Ticket, TicketEvent
from troubleshooter import engine
from troubleshooter.models import ArticleRead, Session, Step

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def _shift(session: Session, to: datetime) -> None:
    """Move a session and its steps back in time, keeping their spacing."""
    delta = to - session.created_at
    Session.objects.filter(pk=session.pk).update(created_at=to)
    for step in Step.objects.filter(session=session):
        Step.objects.filter(pk=step.pk).update(
            at=step.at + delta, dropped_at=step.dropped_at + delta if step.dropped_at else None)


@pytest.fixture
def history(db):
    tree = make_tree(simple_spec())
    article = make_article(slug="delivery-guide", title="Delivery guide")
    sessions = {}

    def start(name: str) -> Session:
        sessions[name] = engine.start_session(tree)
        return sessions[name]

    two_days_ago = NOW - timedelta(days=2)
    s0 = start("S0")
    engine.answer(s0, choice="failed")
    engine.answer(s0, value="5 min")
    _shift(s0, NOW - timedelta(days=10))

    s1 = start("S1")
    engine.answer(s1, choice="failed")
    engine.answer(s1, value="5 min")
    engine.record_feedback(s1, solved=True)
    ArticleRead.objects.create(session=s1, article=article, opened_at=two_days_ago + timedelta(minutes=5))
    _shift(s1, two_days_ago)

    s2 = start("S2")
    engine.answer(s2, choice="ok")
    engine.answer(s2, value="rate limit")
    _shift(s2, two_days_ago)

    s3 = start("S3")
    engine.answer(s3, choice="failed")
    engine.go_back(s3)
    engine.answer(s3, choice="ok")
    engine.answer(s3, value="hello")
    _shift(s3, two_days_ago)
    Ticket.objects.create(name="Ann", email="ann@example.com", subject="Help", description="x" * 20, session=s3,
                          tree_slug=tree.slug, outcome="Ask us about error 1014", created_at=two_days_ago + timedelta(hours=1))

    s4 = start("S4")
    engine.answer(s4, choice="failed")
    _shift(s4, two_days_ago)

    preview = sessions["P"] = engine.preview_session(tree)
    engine.answer(preview, choice="failed")
    engine.answer(preview, value="5 min")
    engine.record_feedback(preview, solved=True)
    _shift(preview, two_days_ago)

    s5 = start("S5")
    _shift(s5, NOW - timedelta(minutes=10))

    other = Ticket.objects.create(name="Bo", email="bo@example.com", subject="Other", description="y" * 20,
                                  source=Ticket.Source.API, created_at=two_days_ago)
    TicketEvent.objects.create(ticket=other, kind=TicketEvent.Kind.STATUS, old_status="new", new_status="open",
                               at=two_days_ago + timedelta(hours=1))

    # Tickets from a search's results page (SearchLog.ticket_at) 2 h and 20 h after it: both within 24 h.
    for query, found, clicked, ticket_after in (("refund", 0, None, timedelta(hours=2)), ("refund", 0, None, None),
                                                ("error 1014", 3, article, None),
                                                ("error 1014", 3, None, timedelta(hours=20))):
        SearchLog.objects.create(query=query, result_count=found, clicked_article=clicked, clicked_rank=1 if clicked else None,
                                 clicked_at=two_days_ago if clicked else None, created_at=two_days_ago,
                                 ticket_at=two_days_ago + ticket_after if ticket_after else None)
    # A ticket through the article's "Contact support" link, against the 5 reads of that day: 4 deflected.
    Ticket.objects.create(name="Cy", email="cy@example.com", subject="Delivery guide", description="z" * 20,
                          from_article=article, articles=[{"slug": article.slug, "title": article.title,
                                                           "url": article.get_absolute_url(), "opened_at": ""}],
                          created_at=two_days_ago + timedelta(hours=3))
    ArticleViews.objects.create(article=article, day=two_days_ago.date(), views=5)
    ArticleViews.objects.create(article=article, day=(NOW - timedelta(days=10)).date(), views=2)
    Vote.objects.create(article=article, session_key="a", helpful=True)
    Vote.objects.create(article=article, session_key="b", helpful=False, comment="Too short.")
    Vote.objects.filter(article=article).update(created_at=two_days_ago)

    refresh(now=NOW)
    return {"tree": tree, "article": article, "sessions": sessions}
