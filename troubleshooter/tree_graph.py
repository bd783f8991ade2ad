"""The editor's drawing of a tree: Graphviz lays it out, the page shows it as inline SVG.

Graphviz's ``dot`` (Debian package ``graphviz``; the PyPI ``graphviz`` binding writes its input) draws
layered graphs of hundreds of nodes with few crossings, which a hand-written layout would not. Running
it costs a process and about 0.15 s for a 300-node tree, so the SVG is cached under a hash of what it
shows: it is redrawn exactly when the drawing would change (any edit of the draft, a new problem),
never per request, and never shown stale. The first draw after an edit runs beside the rendering of
the rest of the page, and is given up after ``DRAW_SECONDS``.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import subprocess
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass

import graphviz
from django.core.cache import cache

from .drafts import Draft
from .models import Branch, Node

logger = logging.getLogger(__name__)
DOT = shutil.which("dot") or "dot"
CACHE_SECONDS = 7 * 24 * 3600
# Kind -> (shape, fill colour); outcomes are coloured by resolution instead.
KIND_STYLE: dict[str, tuple[str, str]] = {
    Node.Kind.QUESTION: ("box", "#e8f0fe"),
    Node.Kind.INPUT: ("box", "#fef7e0"),
    Node.Kind.CHECK: ("hexagon", "#f3e8fd"),
}
OUTCOME_FILL: dict[str, str] = {Node.Resolution.SOLVED: "#e6f4ea", Node.Resolution.ESCALATE: "#fde7e0"}
EDGE, PROBLEM, PROBLEM_TEXT, HANDOVER = "#5f6368", "#c5221f", "#a50e0e", "#f1f3f4"
# Each colour of the drawing by what it means: the class editor.css repaints it by in dark mode.
PAINT_NAMES: dict[str, str] = {
    **{fill: kind for kind, (_, fill) in KIND_STYLE.items()},
    **{fill: resolution for resolution, fill in OUTCOME_FILL.items()},
    EDGE: "edge", PROBLEM: "problem", PROBLEM_TEXT: "problem", HANDOVER: "handover",
}
KIND_WORD: dict[str, str] = {Node.Kind.QUESTION: "Question", Node.Kind.INPUT: "Input", Node.Kind.CHECK: "Check",
             Node.Kind.OUTCOME: "Outcome"}
OPERATOR_WORDS = {"lt": "<", "lte": "≤", "gt": ">", "gte": "≥", "eq": "=", "between": "between",
                  "keywords": "has", "regex": "matches", "verdict": "", "default": "otherwise"}


# A link's or image's address, which may hold one level of parentheses (a_(b)).
_LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*\)")
# Emphasis and code marks, brackets (and an image's "!"), and heading or quote marks at a line's
# start. An underscore inside a word (error_code) is part of it, and an asterisk between spaces
# (2 * 3) is arithmetic.
_MARKS = re.compile(
    r"[`\[\]]|!(?=\[)|\*+(?=\S)|(?<=\S)\*+|(?<!\w)_+|_+(?!\w)|^[ \t]*(?:#+|>)[ \t]?", re.MULTILINE
)


def plain_prompt(text: str) -> str:
    """A prompt's words without its Markdown marks or link addresses, for the graph and the outline.

    Cheap on purpose (no Markdown rendering): a 300-node tree's drawing and outline are made anew after
    every edit, and a box needs the words, not the formatting.
    """
    return _MARKS.sub("", _LINK_TARGET.sub("]", text))


def short_text(text: str, width: int = 28, lines: int = 2) -> str:
    """A prompt cut to a few short lines, Markdown marks dropped, so 300 boxes stay legible."""
    plain = plain_prompt(text).split("\n\n")[0]
    wrapped = textwrap.wrap(" ".join(plain.split()), width) or [""]
    return "\n".join(wrapped[:lines]) + ("…" if len(wrapped) > lines else "")


def branch_words(node: Node, branch: Branch) -> str:
    """How a way out reads on its arrow and in the outline: the choice's label, or the rule."""
    if node.kind == Node.Kind.QUESTION or branch.label:
        return branch.label or branch.key
    if branch.operator == Branch.Operator.DEFAULT:
        return "otherwise"
    return f"{OPERATOR_WORDS.get(branch.operator, branch.operator)} {branch.value}".strip()


def dot_source(draft: Draft, node_url: Callable[[str, str], str]) -> str:
    """The DOT description of the draft: a box per node, an arrow per branch, handovers as notes."""
    graph = graphviz.Digraph(name=draft.tree.slug, graph_attr={
        "rankdir": "TB", "nodesep": "0.25", "ranksep": "0.45", "fontname": "sans-serif", "bgcolor": "transparent",
    }, node_attr={"fontname": "sans-serif", "fontsize": "10", "style": "filled,rounded", "penwidth": "1"},
        edge_attr={"fontname": "sans-serif", "fontsize": "9", "color": EDGE, "arrowsize": "0.7"})
    slug = draft.tree.slug
    for node in draft.nodes:
        problems = draft.node_problems.get(node.key, [])
        if node.kind == Node.Kind.OUTCOME:
            shape, fill = "box", OUTCOME_FILL.get(node.resolution, "#ffffff")
            text = node.title or node.prompt
        else:
            shape, fill = KIND_STYLE.get(node.kind, ("box", "#ffffff"))
            text = node.prompt
        start = "▶ start · " if node.key == draft.tree.start_key else ""
        warn = f"⚠ {len(problems)} problem{'s' * (len(problems) != 1)}\n" if problems else ""
        # What editors wrote is escaped: Graphviz reads a backslash in a label as an escape, so a
        # rule's pattern "^\d{4}\b" was drawn as "^d{4}b".
        label = f"{warn}{start}{KIND_WORD.get(node.kind, node.kind)} · {node.key}\n{_plain(short_text(text))}"
        tooltip = f"{KIND_WORD.get(node.kind, node.kind)} {node.key}" + (": " + "; ".join(problems) if problems else "")
        graph.node(node.key, label=label, shape=shape, fillcolor=fill, URL=node_url(slug, node.key),
                   target="_top", tooltip=_plain(tooltip[:300]),
                   **({"color": PROBLEM, "penwidth": "3", "fontcolor": PROBLEM_TEXT} if problems else {}))
    for node in draft.nodes:
        for branch in node.branches.all():
            target = branch.target
            if target.tree_id == draft.tree.pk:
                head = target.key
            else:
                # Not "slug:key": a colon in a DOT node name means a port.
                head = f"handover--{target.tree.slug}--{target.key}"
                graph.node(head, label=f"↪ another tree\n{_plain(target.tree.title[:30])}\n{target.key}", shape="note",
                           style="filled,dashed", fillcolor=HANDOVER, URL=node_url(target.tree.slug, target.key),
                           target="_top", tooltip=_plain(f"Hands over to {target.tree.title}: {target.key}"))
            graph.edge(node.key, head, label=_plain(short_text(branch_words(node, branch), 22, 2)))
    return graph.source


def _plain(text: str) -> str:
    """`text` as Graphviz should show it: backslashes as written, never escapes or an HTML label."""
    return str(graphviz.escape(text))


_SVG_START = re.compile(r"^.*?(?=<svg)", re.DOTALL)
# Graphviz's own ids (graph0, node1, a_node1…) would clash with the page's, its classes (node, edge)
# with the site's; its comments add nothing.
_NOISE = re.compile(r'\s(?:id|class)="[^"]*"|<!--.*?-->', re.DOTALL)
_SHAPE = re.compile(r"<(?:path|polygon|polyline|ellipse|text)\b[^>]*>")
_PAINT = re.compile(r'\s(fill|stroke)="(#[0-9a-f]{6})"')
# Part of every drawing's cache key: a change to how drawings are made must not serve older ones.
DRAWING_STYLE = 2
# dot lays out a realistic 300-node tree in about 0.15 s, but its edge routing grows steeply with
# crossings: a generated 300-node graph with 600 ways out jumping across 200 levels took 198 s. A
# drawing that is not done by then is given up, so no page ever waits on it; the outline stays.
DRAW_SECONDS = 5.0
TOO_SLOW, FAILED = "too-slow", "failed"


@dataclass
class PendingDrawing:
    """A drawing being made by ``dot`` while the view renders the rest of the page (two cores: the
    layout and the template overlap), or one already in the cache."""

    key: str
    svg: str | None = None
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    # Why there is no SVG: TOO_SLOW, or FAILED (dot missing or refusing), which is not cached, so
    # installing or repairing Graphviz brings the drawing back at once.
    missing: str = ""

    def result(self) -> str | None:
        """The SVG, or None when it could not be drawn in time or at all (``missing`` says which)."""
        if self.process is not None:
            self.svg, self.missing = _finish(self.process, self.started)
            self.process = None
            if self.missing != FAILED:
                cache.set(self.key, self.svg or TOO_SLOW, CACHE_SECONDS)
        return self.svg


def start_drawing(draft: Draft, node_url: Callable[[str, str], str]) -> PendingDrawing:
    """Start drawing the draft unless the same drawing (same spec, problems and links) is cached."""
    handovers = sorted(f"{b.target.tree.title}|{b.target.tree.slug}|{b.target.key}"
                       for node in draft.nodes for b in node.branches.all() if b.target.tree_id != draft.tree.pk)
    fingerprint = json.dumps([DRAWING_STYLE, draft.spec, draft.node_problems, handovers, node_url("s", "k")],
                             sort_keys=True)
    key = "tree-graph-of:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return PendingDrawing(key, missing=TOO_SLOW) if cached == TOO_SLOW else PendingDrawing(key, svg=cached)
    try:
        process = _start_dot(dot_source(draft, node_url))
    except OSError as error:
        logger.error("Graphviz's dot could not be run (%s); the editor shows the outline only.", error)
        return PendingDrawing(key, missing=FAILED)
    return PendingDrawing(key, process=process, started=time.monotonic())


def drawing(draft: Draft, node_url: Callable[[str, str], str]) -> str | None:
    """The SVG of a draft (None when too slow to draw), cached under a hash of everything drawn."""
    return start_drawing(draft, node_url).result()


def _start_dot(source: str) -> subprocess.Popen[bytes]:
    # Run directly rather than through the binding's pipe(), which cannot be given a time limit.
    # A fixed command line; the editor's text reaches dot only as DOT source on its standard input.
    process = subprocess.Popen([DOT, "-Tsvg"], stdin=subprocess.PIPE,  # noqa: S603
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdin = process.stdin
    if stdin is not None:
        # dot reads its whole input before laying it out, so this write never waits on the layout.
        stdin.write(source.encode())
        stdin.close()
        process.stdin = None  # communicate() must not flush the closed pipe
    return process


def _finish(process: subprocess.Popen[bytes], started: float) -> tuple[str | None, str]:
    try:
        out, err = process.communicate(timeout=max(0.1, DRAW_SECONDS - (time.monotonic() - started)))
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        logger.warning("Graphviz took over %.0f s to draw a tree; the editor shows its outline.", DRAW_SECONDS)
        return None, TOO_SLOW
    if process.returncode != 0:
        logger.error("Graphviz's dot failed (%s): %s", process.returncode, err.decode(errors="replace")[:500])
        return None, FAILED
    return _SHAPE.sub(_with_classes, _NOISE.sub("", _SVG_START.sub("", out.decode(), count=1))), ""


def _with_classes(match: re.Match[str]) -> str:
    """A shape or text with a class for each colour of ours it is painted with (gv-fill-question,
    gv-stroke-problem…), which editor.css repaints in dark mode. Graphviz 2.43, Debian's, has no
    class attribute of its own; the fill and stroke attributes stay, so the light drawing needs no CSS."""
    tag = match.group(0)
    names = [f"gv-{part}-{PAINT_NAMES[colour]}" for part, colour in _PAINT.findall(tag) if colour in PAINT_NAMES]
    return tag.replace(" ", f' class="{" ".join(names)}" ', 1) if names else tag
