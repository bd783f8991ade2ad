"""Typo tolerance: a word the index does not know is paired with the closest word it does."""
from __future__ import annotations

from faq.models import SearchTerm

from . import embedding, memo
from .query import STOP_WORDS
from .types import Backend, ParsedQuery, Unit

MAX_TYPO_LOOKUPS = 4
# Below this length a word has too few three-letter sequences for trigram lookups to find its
# neighbours ("kye" shares none with "key"): such words are only tried with two letters swapped.
TRIGRAM_MIN_LENGTH = 4
SHORTEST_TYPO = 3


def with_corrections(parsed: ParsedQuery, backend: Backend, *, strict: bool) -> tuple[ParsedQuery, dict[str, str]]:
    """Pair each word the index does not know with the closest word it does (as an alternative)."""
    candidates = [
        unit.alternatives[0][0]
        for unit in parsed.units
        if len(unit.alternatives) == 1 and len(unit.alternatives[0]) == 1 and not unit.prefix
        and unit.alternatives[0][0].isalpha() and len(unit.alternatives[0][0]) >= SHORTEST_TYPO
    ]
    if not candidates:
        return parsed, {}
    # A real English word the articles happen not to use ("although") is no typo: correcting it to
    # a word they do use ("though") would search for something the customer never wrote, and
    # offering it after a search found nothing reads as nonsense ("contact us": did you mean
    # "contain us"?).
    known = _known_words(candidates) | set(candidates) & embedding.english_words()
    corrections: dict[str, str] = {}
    for word in [word for word in candidates if word not in known][:MAX_TYPO_LOOKUPS]:
        def closest(word: str = word) -> str:
            return _closest(word, backend, strict=strict)

        best = memo.remember(("closest", word, strict), closest)
        if best:
            corrections[word] = best
    if not corrections:
        return parsed, {}
    units = tuple(
        Unit(alternatives=(*unit.alternatives, (corrections[unit.alternatives[0][0]],)))
        if len(unit.alternatives) == 1 and unit.alternatives[0][0] in corrections and len(unit.alternatives[0]) == 1
        else unit
        for unit in parsed.units
    )
    return ParsedQuery(units=units, excluded=parsed.excluded), corrections


def _closest(word: str, backend: Backend, *, strict: bool) -> str:
    """The vocabulary word `word` is most likely a typo of, or "" when there is none or it is unclear.

    Two swapped letters are the commonest slip and the surest reading ("recieved", "kye"), so a
    vocabulary word that undoes one wins. Otherwise the nearest vocabulary word by trigrams, unless
    another English word the articles do not use explains the typo better: "realy" is one letter
    from "reply" but a letter left out of "really" is a commoner slip than a letter changed, and
    reading it as "reply" searched for something the customer never meant. On a tie the articles'
    word wins: in a help center "sever" is more likely "server" than "severe".
    """
    # Never a word search drops anyway ("aws" is not a typo of "was").
    swapped = sorted(_known_words(swapped_letters(word)) - STOP_WORDS)
    if swapped or len(word) < TRIGRAM_MIN_LENGTH:
        return swapped[0] if swapped else ""
    best = closest_word(word, backend.similar_words(word, loose=not strict), strict=strict)
    if best is None or not strict:
        return best or ""
    rivals = one_edit_away(word) & embedding.english_words() - {best}
    if best in one_edit_away(word) and any(_slip(word, rival) < _slip(word, best) for rival in rivals):
        return ""
    return best


def _slip(typo: str, word: str) -> int:
    """How common the slip from `word` (one edit away) to `typo` is, commonest 0: two letters
    swapped, then a letter left out ("realy" for "really"), one too many, one changed."""
    if len(word) == len(typo):
        return 0 if typo in swapped_letters(word) else 3
    return 1 if len(word) > len(typo) else 2


def one_edit_away(word: str) -> set[str]:
    """Every string one deletion, swap, change or insertion of a letter a-z away from `word`."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {left + right[1:] for left, right in splits if right}
        | set(swapped_letters(word))
        | {left + letter + right[1:] for left, right in splits if right for letter in letters}
        | {left + letter + right for left, right in splits for letter in letters}
    ) - {word}


def swapped_letters(word: str) -> list[str]:
    """`word` with two neighbouring letters swapped, every way but itself ("kye" → "yke", "key")."""
    swaps = (word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1))
    return [swap for swap in dict.fromkeys(swaps) if swap != word]


def _known_words(words: list[str]) -> set[str]:
    """Which of `words` the vocabulary holds; asked once per word and process (see INDEX_STATS_TTL),
    so a search whose words are all known usually needs no vocabulary query at all."""
    answers = {word: memo.get(("known", word)) for word in words}
    unasked = [word for word, answer in answers.items() if answer is None]
    if unasked:
        found = set(SearchTerm.objects.filter(word__in=unasked).values_list("word", flat=True))
        for word in unasked:
            answers[word] = memo.put(("known", word), word in found)
    return {word for word, answer in answers.items() if answer}


def closest_word(word: str, candidates: list[str], *, strict: bool = True) -> str | None:
    """The candidate within a small edit distance of `word` (closer, then same first letter, then shorter)."""
    allowed = (1 if len(word) <= 5 else 2) if strict else max(2, len(word) // 3)
    scored = []
    for candidate in candidates:
        distance = edit_distance(word, candidate)
        if 0 < distance <= allowed:
            scored.append((distance, candidate[0] != word[0], abs(len(candidate) - len(word)), candidate))
    return min(scored)[3] if scored else None


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): swapped letters count as one typo."""
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        previous_previous, previous = previous, current
    return previous[-1]


