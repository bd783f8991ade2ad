"""A generated tree of any size for the editor's cost tests, written in three bulk queries."""
from __future__ import annotations

from troubleshooter.models import Branch, Node, Tree


def make_chain_tree(size: int, slug: str = "big") -> Tree:
    """``size`` nodes: a chain of questions, each with a way on and a way out to its own outcome."""
    questions = size // 2
    tree = Tree.objects.create(slug=slug, title=f"Generated tree of {size}", start_key="q0")
    nodes = [Node(tree=tree, key=f"q{i}", kind="question", prompt=f"Question {i}: does step {i} **work**?",
                  prompt_html=f"<p>Question {i}</p>", position=2 * i) for i in range(questions)]
    nodes += [Node(tree=tree, key=f"out{i}", kind="outcome", title=f"Outcome {i}", resolution="solved",
                   prompt=f"Do thing {i}.", prompt_html=f"<p>Do thing {i}.</p>", position=2 * i + 1)
              for i in range(size - questions)]
    created = {node.key: node for node in Node.objects.bulk_create(nodes)}
    branches = []
    for i in range(questions):
        onward = created.get(f"q{i + 1}") or created["out0"]
        branches += [Branch(node=created[f"q{i}"], position=0, key="yes", label="Yes", target=created[f"out{i}"]),
                     Branch(node=created[f"q{i}"], position=1, key="no", label="No", target=onward)]
    Branch.objects.bulk_create(branches)
    return tree
