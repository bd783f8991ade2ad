"""The one Markdown renderer for Waypoint: public pages, the admin preview and troubleshooter prompts.

Python-Markdown (tables, fenced code, heading ids) plus the seed FAQ's own dialect:

* ``[](id:NAME)`` declares an anchor called NAME at that spot;
* ``[text](#NAME)`` links to an anchor, in this text or, through ``resolve_anchor``, in another article
  (``Article.objects.anchor_url`` finds it: this module never reads the database);
* a block quote opened by ``>?`` is a note callout, one opened by ``>!`` a warning callout.

Whatever comes in, what goes out has been through nh3: imported and admin-typed content alike is
untrusted, so no script, event handler or ``javascript:`` URL survives.
"""
from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable
from xml.etree import ElementTree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

AnchorResolver = Callable[[str], str | None]

ANCHOR_DECLARATION = re.compile(r"\[\]\(id:([A-Za-z][\w-]*)\)")
ANCHOR_LINK = re.compile(r"\[([^\]\n]*)\]\(#([A-Za-z][\w-]*)\)")
_CALLOUT_OPENER = re.compile(r"^>\s*([?!])\s*(.*)$")
_CALLOUT_KINDS = {"?": ("note", "Note"), "!": ("warning", "Warning")}

_ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) | {"span", "div", "section", "aside", "pre", "code", "hr"}
_ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title"},
    "a": {"href", "aria-label"},
    "img": {"src", "alt", "width", "height"},
    "th": {"align", "style"},
    "td": {"align", "style"},
    "aside": {"role", "aria-label"},
    "ol": {"start"},
}
_URL_SCHEMES = {"http", "https", "mailto"}
# Content may only wear the classes the renderer itself gives out, and ids only where anchors live,
# so an article cannot borrow the site's own classes (fake a warning, hide text) or its element ids.
_ALLOWED_CLASSES = {"anchor", "callout", "callout-note", "callout-warning", "callout-title", "headerlink", "step-link"}
_ALLOWED_CLASS_PREFIXES = ("language-",)
_ID_TAGS = {"span", "li", "h1", "h2", "h3", "h4", "h5", "h6"}

# The element ids the site's own pages use (templates/, Django's admin and form fields), which an
# article must not take: `[](id:feedback)` would otherwise make the vote box's htmx swap, its
# "#feedback" link and the browser's fragment land inside the article. An article id that would
# collide is moved out of the way with CONTENT_ID_PREFIX, and the article's own links to it follow.
# tests/faq/test_markdown.py checks that every literal id in templates/ is covered here.
RESERVED_IDS = frozenset(
    """main content-main feedback wizard tool tool-result site-search share-link session-code live-session
    step-prompt step-help article-title answer-error answer-help helpful-error search-suggestions
    subject-suggestions progress-label session-code-error change-history live-prompt search-suggestion-all
    container header branding site-name user-tools nav-sidebar toggle-nav-sidebar content content-related
    footer changelist changelist-form toolbar searchbar nav-filter range-start range-end""".split()
    # The tree admin's "Draft and versions" page.
    + "publish-note publish-acknowledge import-yaml compare-old compare-new".split()
    # The tree editor's page.
    + ["publish-heading"]
    # The insights page of one troubleshooter (its version selector).
    + ["insights-version"]
)
RESERVED_ID_PREFIXES = ("id_", "cat-", "finding-", "djdt")
RESERVED_ID_SUFFIXES = ("-heading", "-help", "-helptext", "-error", "-label", "-suggestions", "_form")
CONTENT_ID_PREFIX = "user-content-"


def is_reserved_id(name: str) -> bool:
    """Whether an element id belongs to the site's own pages rather than to article content."""
    return (
        name in RESERVED_IDS
        or name.startswith(RESERVED_ID_PREFIXES)
        or name.endswith(RESERVED_ID_SUFFIXES)
    )


def content_id(name: str) -> str:
    """The id an article's anchor or heading called `name` gets on the page (outside the site's own ids)."""
    # Already moved ids stay as they are, so sanitising twice changes nothing.
    return CONTENT_ID_PREFIX + name if is_reserved_id(name) and not name.startswith(CONTENT_ID_PREFIX) else name


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        kept = [
            name for name in value.split()
            if name in _ALLOWED_CLASSES or name.startswith(_ALLOWED_CLASS_PREFIXES)
        ]
        return " ".join(kept) or None
    if attribute == "id":
        return content_id(value) if tag in _ID_TAGS else None
    if attribute == "href" and value.startswith("#"):
        # A link within the article follows its target's id out of the site's namespace.
        return "#" + content_id(value[1:])
    return value


def declared_anchors(text: str) -> list[str]:
    """Return the anchor names that ``[](id:NAME)`` declares in a Markdown text, in order."""
    return list(dict.fromkeys(ANCHOR_DECLARATION.findall(text or "")))


def render(text: str, resolve_anchor: AnchorResolver | None = None) -> str:
    """Render Markdown in Waypoint's dialect to sanitised HTML."""
    text = _resolve_anchor_links(text or "", resolve_anchor)
    text = ANCHOR_DECLARATION.sub(lambda m: f'<span class="anchor" id="{m.group(1)}"></span>', text)
    html = "\n".join(_render_segment(kind, body) for kind, body in _split_callouts(text))
    return sanitise(html)


def sanitise(html: str) -> str:
    """Strip everything but a safe subset of HTML."""
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
        filter_style_properties={"text-align"},
        attribute_filter=_filter_attribute,
    )


_PERMALINK = re.compile(r'<a\b[^>]*\bclass="(?:headerlink|step-link)"[^>]*>[^<]*</a>')
_BLOCK_BOUNDARY = re.compile(r"<(/?)(p|li|h[1-6]|div|aside|section|td|th|tr|br|pre|blockquote|ul|ol|table)\b")


def plain_text(html: str) -> str:
    """The readable text of rendered HTML, whitespace folded (for snippets and search).

    Permalink marks are dropped and block boundaries become spaces, so a callout's title and its
    text, or two list items, never run together into one word.
    """
    html = _PERMALINK.sub("", html or "")
    html = _BLOCK_BOUNDARY.sub(r" <\1\2", html)
    # nh3 leaves the text HTML-escaped ("&gt;"); plain text must not be, or whoever escapes it for
    # a page (search snippets do) shows "&amp;gt;".
    text = htmllib.unescape(nh3.clean(html, tags=set()))
    return re.sub(r"\s+", " ", text).strip()


def _resolve_anchor_links(text: str, resolve_anchor: AnchorResolver | None) -> str:
    """Point ``[text](#NAME)`` at the article that declares NAME when it is not this one."""
    local = set(declared_anchors(text))

    def replace(match: re.Match[str]) -> str:
        label, name = match.group(1), match.group(2)
        if name in local or resolve_anchor is None:
            return match.group(0)
        target = resolve_anchor(name)
        return f"[{label}]({target})" if target else match.group(0)

    return ANCHOR_LINK.sub(replace, text)


def _split_callouts(text: str) -> list[tuple[str, str]]:
    """Cut the text into plain segments and ``>?`` / ``>!`` callout segments (quote marks removed)."""
    segments: list[tuple[str, str]] = []
    plain: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        opener = _CALLOUT_OPENER.match(lines[i])
        if not opener:
            plain.append(lines[i])
            i += 1
            continue
        if plain:
            segments.append(("plain", "\n".join(plain)))
            plain = []
        body = [opener.group(2)] if opener.group(2) else []
        i += 1
        while i < len(lines) and lines[i].startswith(">"):
            body.append(lines[i][1:].removeprefix(" "))
            i += 1
        segments.append((opener.group(1), "\n".join(body)))
    if plain:
        segments.append(("plain", "\n".join(plain)))
    return segments


def _render_segment(kind: str, body: str) -> str:
    html = _markdown().convert(body)
    if kind == "plain":
        return html
    css, label = _CALLOUT_KINDS[kind]
    return (
        f'<aside class="callout callout-{css}" role="note" aria-label="{label}">'
        f'<p class="callout-title">{label}</p>{html}</aside>'
    )


def _markdown() -> markdown.Markdown:
    # A fresh instance per call: Markdown objects keep state between conversions.
    return markdown.Markdown(
        extensions=[
            "tables",
            "fenced_code",
            "sane_lists",
            "toc",
            _StepAnchors(),
        ],
        extension_configs={"toc": {"permalink": "#", "permalink_title": "Link to this section"}},
        output_format="html",
    )


class _StepAnchorsTreeprocessor(Treeprocessor):
    """Give each top-level numbered step an id and a permalink, so a step can be linked to."""

    def run(self, root: ElementTree.Element) -> None:
        step = 0
        for ol in root.findall("ol"):
            for li in ol.findall("li"):
                step += 1
                if li.get("id"):
                    continue
                li.set("id", f"step-{step}")
                link = ElementTree.Element("a", {"class": "step-link", "href": f"#step-{step}"})
                link.set("aria-label", f"Link to step {step}")
                link.text = "#"
                li.insert(0, link)
                # The permalink sits before the step's own text, which moves after it.
                link.tail, li.text = li.text, None


class _StepAnchors(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_StepAnchorsTreeprocessor(md), "step_anchors", 5)
