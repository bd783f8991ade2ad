"""Casting a "Was this helpful?" vote: one per article per client, and a second one changes the first.

A visitor session alone would let a client vote without end by dropping its cookie, so the vote is
keyed by the client (a keyed hash of its address, common.clients; no address is stored). The
database's unique constraint on (article, voter) makes that exact across workers and concurrent
requests. Several people behind one address share one vote per article: for a helpfulness count
that is a fair price for it not being stuffable.
"""
from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import Article, Vote


def _counter(helpful: bool) -> str:
    return "helpful_yes" if helpful else "helpful_no"


def cast_vote(article: Article, voter: str, *, helpful: bool, comment: str) -> bool:
    """Record `voter`'s answer on `article`, replacing any earlier one; whether it replaced one.

    The article's counters move with it, so they always equal the votes kept.
    """
    with transaction.atomic():
        previous = Vote.objects.select_for_update().filter(article=article, session_key=voter).first()
        if previous is None:
            try:
                with transaction.atomic():
                    Vote.objects.create(article=article, session_key=voter, helpful=helpful, comment=comment)
            except IntegrityError:
                # The same client's other request won the race to the first vote: change that one.
                previous = Vote.objects.select_for_update().get(article=article, session_key=voter)
            else:
                Article.objects.filter(pk=article.pk).update(**{_counter(helpful): F(_counter(helpful)) + 1})
                return False
        if previous.helpful != helpful:
            was, now = _counter(previous.helpful), _counter(helpful)
            Article.objects.filter(pk=article.pk).update(**{was: F(was) - 1, now: F(now) + 1})
        previous.helpful = helpful
        # An empty comment on a changed vote keeps what the client wrote before.
        previous.comment = comment or previous.comment
        previous.save(update_fields=["helpful", "comment"])
        return True
