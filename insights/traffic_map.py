"""The traffic map: a tree's graph drawn by Graphviz, arrows as wide as their traffic and nodes
coloured by how many sessions were abandoned there.

The SVG is made on the server (no script in the page, nothing for the CSP to refuse): colours and
widths are SVG attributes, not style. Graphviz's own element ids are removed, because the page has
ids of its own and an id must be unique.
"""
from __future__ import annotations

import logging
import re

import graphviz

from .figures import NodeFigures
from .walks import NodeRef

logger = logging.getLogger(__name__)

# Drop-off bands (abandoned there ÷ reached), lightest to darkest; the legend on the page repeats them.
BANDS = ((0.02, "#e8f5e9"), (0.05, "#fff8e1"), (0.10, "#ffe0b2"), (0.20, "#ffab91"), (1.01, "#ef5350"))
BAND_NAMES = ("under 2%", "2–5%", "5–10%", "10–20%", "20% or more")
_PROLOG = re.compile(r"^.*?(?=<svg)", re.DOTALL)
_IDS = re.compile(r' id="[^"]*"')
_COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)


def band(drop_off: float | None) -> str:
    for limit, colour in BANDS:
        if (drop_off or 0) < limit:
            return colour
    return BANDS[-1][1]


def _name(node: NodeRef) -> str:
    return f"{node[0]}__{node[1]}"


def draw(tree_slug: str, nodes: list[NodeFigures], edges: list[tuple[NodeRef, NodeRef, str]]) -> str:
    """The SVG markup of the map, or "" when Graphviz is missing or fails (the funnel table still shows)."""
    traffic = {(source, target): counts.now for node in nodes for target, counts in node.exits
               for source in [node.node]}
    busiest = max(traffic.values(), default=0) or 1
    graph = graphviz.Digraph(tree_slug, format="svg", graph_attr={"rankdir": "TB", "bgcolor": "transparent"},
                             node_attr={"shape": "box", "style": "rounded,filled", "fontname": "sans-serif",
                                        "fontsize": "11"},
                             edge_attr={"fontname": "sans-serif", "fontsize": "9", "color": "#5c6bc0"})
    known = {node.node for node in nodes}
    for node in nodes:
        shape = "ellipse" if node.kind == "outcome" else "box"
        label = f"{node.node[1]}\n{node.reached.now} reached · {node.abandoned.now} abandoned"
        graph.node(_name(node.node), label=label, shape=shape, fillcolor=band(node.drop_off.value))
    for source, target, _ in edges:
        if target not in known:
            graph.node(_name(target), label=f"{target[0]}: {target[1]}", shape="note", fillcolor="#eeeeee")
            known.add(target)
        count = traffic.get((source, target), 0)
        graph.edge(_name(source), _name(target), label=f"{count}", penwidth=f"{1 + 9 * count / busiest:.1f}")
    try:
        svg = graph.pipe(encoding="utf-8")
    except (graphviz.ExecutableNotFound, graphviz.CalledProcessError):
        logger.exception("Graphviz could not draw the traffic map of %s", tree_slug)
        return ""
    svg = _COMMENTS.sub("", _PROLOG.sub("", svg, count=1))
    return _IDS.sub("", svg).replace("<svg ", '<svg role="img" aria-labelledby="traffic-map-heading" ', 1)
