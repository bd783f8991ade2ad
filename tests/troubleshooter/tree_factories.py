"""Test helpers for the troubleshooter: small trees from specs and the articles the shipped trees link."""
from __future__ import annotations

from typing import Any

from tests.factories import make_article, make_category
from troubleshooter import engine
from troubleshooter.models import Session, Tree
from troubleshooter.treefiles import load_specs

FIXED_SLUGS = (
    "sms-not-received slow-api-calls sms-arrives-late number-blocklists error-1004 error-1014 error-1016 "
    "error-60008 error-1001 api-secretid-secretkey sdk-appid-appkey wechat-short-url-redirect reply-time-limit "
    "view-user-replies sender-number different-messages-different-numbers contact-support sensitive-words "
    "message-review number-not-in-console server-outside-mainland-china bulk-sms number-deduplication invoices "
    "asterisks-in-preview country-codes"
).split()

def make_fixed_articles() -> None:
    """A minimal published article for every fixed slug, so outcomes have something to link."""
    category = make_category()
    for slug in FIXED_SLUGS:
        make_article(slug=slug, title=slug.replace("-", " ").capitalize(), category=category)


def make_tree(spec: dict[str, Any]) -> Tree:
    """Load one tree spec (validated, published unless it says otherwise) and return the tree."""
    load_specs([spec])
    return Tree.objects.get(slug=spec["slug"])


def simple_spec(**overrides: Any) -> dict[str, Any]:
    """A small valid tree: a question, a duration input with gap-free rules, a text input, outcomes."""
    spec: dict[str, Any] = {
        "slug": "demo",
        "title": "Demo tree",
        "description": "A tree for tests.",
        "start": "status",
        "nodes": [
            {
                "key": "status",
                "kind": "question",
                "prompt": "What does the **status** say?",
                "choices": [
                    {"key": "failed", "label": "Failed", "next": "wait"},
                    {"key": "ok", "label": "Successful", "next": "remarks"},
                ],
            },
            {
                "key": "wait",
                "kind": "input",
                "prompt": "How long did it take?",
                "input": {"type": "duration", "label": "Delay", "example": "5 min"},
                "rules": [
                    {"op": "lt", "value": "10 min", "label": "Short", "next": "out-fine"},
                    {"op": "gte", "value": "10 min", "label": "Long", "next": "out-slow"},
                ],
            },
            {
                "key": "remarks",
                "kind": "input",
                "prompt": "Paste the remarks.",
                "input": {"type": "text", "label": "Remarks", "example": "rate limit"},
                "rules": [
                    {"op": "keywords", "value": "rate limit, frequency", "next": "out-slow"},
                    {"op": "regex", "value": r"^\d{4}\b", "next": "out-fine"},
                    {"op": "default", "next": "out-help"},
                ],
            },
            {"key": "out-fine", "kind": "outcome", "title": "All fine", "resolution": "solved",
             "prompt": "Nothing to do.", "articles": ["sms-not-received", "no-such-article"]},
            {"key": "out-slow", "kind": "outcome", "title": "Too slow", "resolution": "solved",
             "prompt": "Use a pool."},
            {"key": "out-help", "kind": "outcome", "title": "Ask us", "resolution": "escalate",
             "prompt": "Contact support."},
        ],
    }
    spec.update(overrides)
    return spec


def remarks_session(text: str) -> Session:
    """A session on the shipped "SMS not received" tree that has just run the Remarks check on ``text``."""
    session = engine.start_session(Tree.objects.get(slug="sms-not-received"))
    engine.answer(session, choice="failed")
    engine.answer(session, choice="other")
    return engine.answer(session, value={"text": text})
