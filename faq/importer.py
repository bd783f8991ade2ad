"""Importing FAQ files in the seed's format into articles.

The format (see the seed FAQ): a Markdown file in which every ``### `` heading starts an article and
everything up to the next such heading is that article's body. Bodies use Waypoint's Markdown dialect
(``[](id:NAME)`` anchors, ``[text](#NAME)`` links, ``>?``/``>!`` callouts; see ``faq.markdown``).

Parsing (``parse_faq``) is pure and strict: a malformed file raises ``FaqFormatError`` naming the line,
so that nothing is saved from it. Saving (``import_articles``) runs in one transaction, matches existing
articles on their slug (so a re-import updates rather than duplicates) and saves each article with
``.save()`` so that everything hooked on saving (rendering, history, search indexes) sees it.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

from django.db import transaction
from django.utils.text import slugify

from . import markdown
from .models import MAX_ARTICLE_BODY_CHARS, Article, Category, ErrorCode

MAX_SLUG_LENGTH = 80
# CharFields, so both are set.
_TITLE_MAX_LENGTH = cast(int, Article._meta.get_field("title").max_length)
_SUMMARY_MAX_LENGTH = cast(int, Article._meta.get_field("summary").max_length)

_HEADING = re.compile(r"^### (.*)$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
# The seed indents sub-items by one to three spaces; Python-Markdown nests only at four.
_SHALLOW_LIST_ITEM = re.compile(r"^ {1,3}(?=(?:[-*+]|\d+\.) )")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+\.) ")

# Error codes are numbers the text calls errors: "error 1004", "error code 60008", "errors 1004 and
# 1014", or a delivery remark quoted as it appears in the console ("1015 The mobile number is
# blocked"). Bare numbers ("1069...", "starting with 1400", "100,000", "200 numbers", "72 hours")
# are never codes.
_CODE = r"\d{3,6}(?!\d)(?![,.]\d)"
_NAMED_CODES = re.compile(
    rf"\berrors?(?:\s+codes?)?\s*[:#]?\s*({_CODE}(?:\s*(?:,|/|\bor\b|\band\b)\s*{_CODE})*)",
    re.IGNORECASE,
)
_QUOTED_REMARK = re.compile(rf"[\"“`]({_CODE})\s+[A-Za-z]")
_BLOCK_END = re.compile(r"</p>|</li>|<[ou]l>|</aside>")
_PERMALINK = re.compile(r"<a [^>]*>#</a>")
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")


class FaqFormatError(ValueError):
    """A FAQ file does not follow the seed format; ``line`` is where (1-based)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"line {line}: {message}")
        self.reason = message
        self.line = line


@dataclass(frozen=True)
class ParsedArticle:
    """One ``### `` entry of a FAQ file, cleaned up and ready to save (``position``: its place in the file)."""

    title: str
    slug: str
    body: str
    error_codes: tuple[str, ...]
    line: int
    position: int = 0
    summary: str = ""
    keywords: str = ""


@dataclass
class ImportResult:
    """What ``import_articles`` did: articles created, existing ones updated, existing ones kept as they were."""

    created: int = 0
    updated: int = 0
    kept: int = 0
    articles: list[Article] = field(default_factory=list)
    # Anchor names these articles declare that other articles declare too: a [text](#NAME) link
    # to one of them may land on either article, so the importer's caller should say so.
    shared_anchors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"created {self.created}, updated {self.updated}"


def parse_faq(text: str) -> list[ParsedArticle]:  # noqa: C901
    """Split a FAQ file into articles, or raise ``FaqFormatError`` saying what is wrong and where."""
    entries: list[tuple[int, str, list[str]]] = []
    preamble_line = None
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
        if heading:
            entries.append((number, heading.group(1), []))
        elif entries:
            entries[-1][2].append(line)
        elif line.strip() and preamble_line is None:
            preamble_line = number
    if not entries:
        raise FaqFormatError("no '### ' heading found, so there is no article to import", 1)
    if preamble_line is not None:
        raise FaqFormatError("text before the first '### ' heading; every article starts with one", preamble_line)

    parsed: list[ParsedArticle] = []
    seen_titles: dict[str, int] = {}
    seen_slugs: set[str] = set()
    for number, raw_title, body_lines in entries:
        title, title_anchors = _clean_title(raw_title)
        if not title:
            raise FaqFormatError("a '### ' heading with an empty title", number)
        if len(title) > _TITLE_MAX_LENGTH:
            raise FaqFormatError(f"the title is longer than {_TITLE_MAX_LENGTH} characters", number)
        if title.casefold() in seen_titles:
            raise FaqFormatError(
                f"the title {title!r} is used twice (first on line {seen_titles[title.casefold()]})", number
            )
        seen_titles[title.casefold()] = number
        body = _clean_body(body_lines)
        if not body:
            raise FaqFormatError(f"the article {title!r} has no body", number)
        if len(body) > MAX_ARTICLE_BODY_CHARS:
            raise FaqFormatError(
                f"the article {title!r} is {len(body):,} characters long; at most {MAX_ARTICLE_BODY_CHARS:,} "
                "are accepted, so split it into several articles",
                number,
            )
        # A heading's anchor moves to the top of the body, so links to it land on the article.
        if title_anchors:
            body = "".join(f"[](id:{name})" for name in title_anchors) + "\n" + body
        slug = _unique_slug(title, seen_slugs)
        if not slug:
            raise FaqFormatError(f"the title {title!r} gives no usable URL slug", number)
        seen_slugs.add(slug)
        parsed.append(
            ParsedArticle(
                title=title,
                slug=slug,
                body=body,
                error_codes=find_error_codes(title, body),
                line=number,
                position=len(parsed) + 1,
            )
        )
    return parsed


def find_error_codes(*texts: str) -> tuple[str, ...]:
    """Return the API error codes the texts talk about, sorted numerically, without duplicates."""
    codes: set[str] = set()
    for text in texts:
        text = _LINK_TARGET.sub("]", text)
        for match in _NAMED_CODES.finditer(text):
            codes.update(re.findall(r"\d+", match.group(1)))
        codes.update(_QUOTED_REMARK.findall(text))
    return tuple(sorted(codes, key=int))


def first_sentence(body: str) -> str:
    """The first sentence of the body's first paragraph or item, as plain text fit for a summary."""
    # Step permalinks ("#") are not part of the text.
    blocks = _BLOCK_END.split(_PERMALINK.sub("", markdown.render(body)))
    text = next((t for t in (html.unescape(markdown.plain_text(b)) for b in blocks) if t), "")
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if sentence.endswith(":"):
        sentence = sentence[:-1] + "."
    if len(sentence) <= _SUMMARY_MAX_LENGTH:
        return sentence
    return sentence[: _SUMMARY_MAX_LENGTH - 1].rsplit(" ", 1)[0] + "…"


@transaction.atomic
def import_articles(
    parsed: Sequence[ParsedArticle],
    *,
    category: Category | None = None,
    categories: dict[str, Category] | None = None,
    status: str = Article.Status.PUBLISHED,
    update_existing: bool = True,
) -> ImportResult:
    """Create or update one article per parsed entry, matched on slug, all or nothing.

    Each article goes into ``categories[slug]`` when given, else into ``category``. With
    ``update_existing=False`` an article that already exists is kept exactly as it is (counted as
    ``kept``), so that loading shipped content never overwrites an admin's edits.
    """
    if status not in Article.Status.values:
        raise ValueError(f"unknown article status {status!r}")
    result = ImportResult()
    existing = {article.slug: article for article in Article.objects.filter(slug__in=[p.slug for p in parsed])}
    codes = _error_code_objects(code for p in parsed for code in p.error_codes)
    for entry in parsed:
        target_category = (categories or {}).get(entry.slug, category)
        if target_category is None:
            raise ValueError(f"no category given for the article {entry.slug!r}")
        article = existing.get(entry.slug)
        if article is not None and not update_existing:
            result.kept += 1
            result.articles.append(article)
            continue
        if article is None:
            article = Article(slug=entry.slug)
            result.created += 1
        else:
            result.updated += 1
        if _apply(article, entry, target_category, status):
            article.save()
        else:
            _refresh_rendering(article)
        new_codes = {codes[code] for code in entry.error_codes}
        if set(article.error_codes.all()) != new_codes:
            article.error_codes.set(new_codes)
        result.articles.append(article)
    _rerender_cross_links(result.articles)
    result.shared_anchors = _shared_anchors(result.articles)
    return result


def _apply(article: Article, entry: ParsedArticle, category: Category, status: str) -> bool:
    """Copy the entry onto the article; return whether anything changed (new articles always do)."""
    wanted = {
        "title": entry.title,
        "body": entry.body,
        "category_id": category.pk,
        "status": status,
        "position": entry.position,
        # A summary or keywords the file does not give are left as an admin wrote them.
        "summary": entry.summary or article.summary or first_sentence(entry.body),
        "keywords": entry.keywords or article.keywords,
    }
    changed = article.pk is None
    for name, value in wanted.items():
        if getattr(article, name) != value:
            setattr(article, name, value)
            changed = True
    return changed


def _rerender_cross_links(articles: Iterable[Article]) -> None:
    """Render again the articles linking to other articles' anchors, now that every target is saved.

    The first save could not resolve a link to an article saved after it.
    """
    for article in articles:
        local = set(markdown.declared_anchors(article.body))
        if any(name not in local for _, name in markdown.ANCHOR_LINK.findall(article.body)):
            _refresh_rendering(article)


def _shared_anchors(articles: Sequence[Article]) -> list[str]:
    """The anchor names the articles declare that some article outside them declares as well."""
    ours = {name for article in articles for name in article.anchors}
    others = Article.objects.exclude(pk__in=[article.pk for article in articles]).values_list("anchors", flat=True)
    return sorted({name for anchors in others.iterator() for name in anchors or [] if name in ours})


def _refresh_rendering(article: Article) -> None:
    """Save the article if rendering it now gives other HTML than it has stored.

    Only the rendered HTML changes, which the history does not track, so no history record is written.
    """
    before = (article.body_html, article.anchors)
    article.render()
    if (article.body_html, article.anchors) != before:
        article.save_without_historical_record()  # type: ignore[attr-defined]  # added by simple_history, untyped


def _error_code_objects(codes: Iterable[str]) -> dict[str, ErrorCode]:
    return {code: ErrorCode.objects.get_or_create(code=code)[0] for code in sorted(set(codes))}


def _clean_title(raw: str) -> tuple[str, list[str]]:
    """The heading's plain title and the anchors declared on it (``[](id:NAME)`` never shows)."""
    anchors = markdown.declared_anchors(raw)
    title = markdown.ANCHOR_DECLARATION.sub("", raw)
    # Titles are plain text wherever they are shown: drop inline Markdown emphasis and code marks.
    title = re.sub(r"\*\*|__|`", "", title)
    return re.sub(r"\s+", " ", title).strip(), anchors


def _clean_body(lines: list[str]) -> str:
    """Trim blank edges and make the seed's lists render as the lists they are meant to be.

    A list right under a paragraph gets the blank line Markdown needs, and the seed's one-to-three
    space sub-items get the four spaces Python-Markdown nests at (only inside a list: a shallow
    item with no list above it would otherwise become a code block).
    """
    out: list[str] = []
    in_fence = in_list = False
    previous_blank = True
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
        if not in_fence:
            line = line.rstrip()
            if _LIST_ITEM.match(line):
                # Markdown needs a blank line between a paragraph and the list that follows it.
                if not in_list and not previous_blank:
                    out.append("")
                in_list = True
            elif in_list and _SHALLOW_LIST_ITEM.match(line):
                line = _SHALLOW_LIST_ITEM.sub("    ", line)
            elif line and previous_blank and not line.startswith(" "):
                in_list = False
            previous_blank = not line
        out.append(line)
    return "\n".join(out).strip("\n")


def _unique_slug(title: str, taken: set[str]) -> str:
    """A slug from the title, cut at a word boundary; numbered when another title gives the same one."""
    slug = slugify(title)
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[: MAX_SLUG_LENGTH + 1].rsplit("-", 1)[0]
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{n}"
        n += 1
    return candidate
