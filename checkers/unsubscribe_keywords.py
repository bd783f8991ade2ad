"""The unsubscribe keywords: the one list both the unsubscribe checker and the Remarks checker read.

The seed's blocklist answer names T, N, TD, Unsubscribe, QX and 0000 (any case). Recipients on Chinese
phones reply in Chinese as often: 退订 ("unsubscribe", what TD abbreviates) and 取消订阅 ("cancel the
subscription"), which the platform treats the same way, so they are keywords too.
"""
from __future__ import annotations

import re
import unicodedata

# Written as ``normalise_reply`` leaves a reply: NFKC, upper case, outer spaces removed.
LATIN_KEYWORDS = ("T", "N", "TD", "UNSUBSCRIBE", "QX", "0000")
CHINESE_KEYWORDS = ("退订", "取消订阅")
KEYWORDS = LATIN_KEYWORDS + CHINESE_KEYWORDS
DISPLAY = {"UNSUBSCRIBE": "Unsubscribe"}
# How the list reads in a sentence: "T, N, TD, Unsubscribe, QX, 0000, 退订 or 取消订阅".
IN_WORDS = ", ".join(DISPLAY.get(k, k) for k in KEYWORDS[:-1]) + f" or {KEYWORDS[-1]}"


def normalise_reply(text: str) -> str:
    """A reply as the platform compares it: full-width letters and ideographic spaces (Chinese
    keyboards) folded, case ignored, surrounding spaces dropped."""
    return unicodedata.normalize("NFKC", text).strip().upper()


def keyword_of(reply: str) -> str | None:
    """The keyword a whole reply is, in its display form, or None."""
    normalised = normalise_reply(reply)
    return DISPLAY.get(normalised, normalised) if normalised in KEYWORDS else None


def keywords_inside(reply: str) -> list[str]:
    """Keywords that appear among other words of a reply (single letters and digits are too common to
    count; Chinese keywords count anywhere, as Chinese has no spaces between words)."""
    normalised = normalise_reply(reply)
    words = set(re.findall(r"[A-Z0-9]+", normalised))
    latin = [DISPLAY.get(k, k) for k in LATIN_KEYWORDS if k in words and len(k) > 1]
    return latin + [k for k in CHINESE_KEYWORDS if k in normalised]


# What in a Remarks text says the number was unsubscribed: the English verb's stem (unsubscribe,
# unsubscribed) and the Chinese keywords. The short Latin keywords (T, N, TD, QX) and 0000 would match
# ordinary words and numbers there, so only a reply on its own counts as them.
REMARKS_PATTERN = "|".join(["unsubscri", *(re.escape(k) for k in CHINESE_KEYWORDS)])
