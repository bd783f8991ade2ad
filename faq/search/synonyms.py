"""The synonym groups Waypoint ships with: words customers use for what the articles call otherwise.

They are content, not schema, so no migration creates them: `manage.py load_search_synonyms`
(called by load_default_content) adds the groups that are missing and leaves admins' edits alone.
"""
from __future__ import annotations

from faq.models import Synonym

from .query import forget_synonyms

DEFAULT_SYNONYMS: tuple[str, ...] = (
    "blocklist, blacklist, block list, blocked list, denylist",
    "sms, text, text message, texts",
    "verification code, code, otp, one-time password, passcode, captcha",
    "not receive, never got, never received, didn't get, didn't receive, did not get, not getting,"
    " not arriving, never arrived, didn't arrive, not delivered, no sms",
    "receive, arrive, deliver",
    "late, delay, delayed, lag",
    "slow, long time, takes long, latency, timeout",
    "unsubscribe, opt out, unsubscription, stop messages",
    "mobile number, phone number, cell number, mobile, phone, cellphone",
    "sender, sender id, from number, sending number, number used to send",
    "secretid, secret id, access key id, api key, credentials",
    "secretkey, secret key, access key secret",
    "appid, app id, sdkappid, application id",
    "appkey, app key, application key",
    "sig, signature verification, signature check",
    "invoice, receipt, billing, bill, vat",
    "template, content template, message template",
    "sensitive words, banned words, forbidden words, prohibited words, blocked words",
    "review, approval, audit, moderation, approve",
    "bulk, mass, batch, group sending, many numbers",
    "deduplication, deduplicate, duplicate, duplicates, dedupe",
    "short url, short link, shortened link",
    "wechat, weixin, mini program",
    "reply, replies, respond, answer back",
    "country code, region code, calling code, dialling code, dialing code, international prefix",
    "outside mainland china, overseas, abroad, foreign server",
    "asterisks, asterisk, stars, masked, hidden digits",
    "json, request body, payload",
    "ticket, support ticket, contact support, help desk, customer service, agent",
    "help, assistance",
    "troubleshoot, fix, solve",
)


def load_default_synonyms() -> int:
    """Add the shipped synonym groups that are not there yet; return how many were added."""
    existing = set(Synonym.objects.values_list("words", flat=True))
    missing = [Synonym(words=words) for words in DEFAULT_SYNONYMS if words not in existing]
    Synonym.objects.bulk_create(missing)
    if missing:
        forget_synonyms()
    return len(missing)
