"""manage.py bench_publish [--nodes 300] [--runs 3]: how long publishing a large tree takes (validation and
scenarios included), on the configured database. Everything it creates is rolled back."""
from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from troubleshooter import scenarios, versions
from troubleshooter.models import Tree
from troubleshooter.treefiles import load_specs


class _RollBack(Exception):
    pass


def generated_spec(nodes: int) -> dict[str, Any]:
    """A tree of about ``nodes`` nodes: questions and duration inputs branching in two, outcomes at the leaves."""
    spec_nodes: list[dict[str, Any]] = []
    inner = max(1, (nodes - 1) // 2)
    for index in range(inner):
        left, right = 2 * index + 1, 2 * index + 2
        keys = [f"n{child}" if child < inner else f"out-{child}" for child in (left, right)]
        if index % 3 == 2:
            spec_nodes.append({
                "key": f"n{index}", "kind": "input", "prompt": f"How long did step {index} take?",
                "input": {"type": "duration", "label": "Time", "example": "5 min"},
                "rules": [{"op": "lt", "value": "10 min", "next": keys[0]},
                          {"op": "gte", "value": "10 min", "next": keys[1]}],
            })
        else:
            spec_nodes.append({
                "key": f"n{index}", "kind": "question", "prompt": f"Question **{index}**?",
                "choices": [{"key": "yes", "label": "Yes", "next": keys[0]},
                            {"key": "no", "label": "No", "next": keys[1]}],
            })
    for child in range(inner, 2 * inner + 1):
        spec_nodes.append({"key": f"out-{child}", "kind": "outcome", "title": f"Outcome {child}",
                           "resolution": "solved", "prompt": f"Do *thing* {child}."})
    spec = {"slug": "bench-publish", "title": "Publishing benchmark", "start": "n0", "nodes": spec_nodes}
    spec["scenarios"] = scenarios.generate(spec)
    return spec


class Command(BaseCommand):
    help = "Time publishing a generated tree (validation and scenarios included); nothing is kept."

    def add_arguments(self, parser):
        parser.add_argument("--nodes", type=int, default=300)
        parser.add_argument("--runs", type=int, default=3)

    def handle(self, *args, nodes: int, runs: int, **options):
        spec = generated_spec(nodes)
        timings = []
        try:
            with transaction.atomic():
                load_specs([spec], publish=False)
                tree = Tree.objects.get(slug=spec["slug"])
                for _ in range(runs):
                    started = time.perf_counter()
                    versions.publish(tree, note="benchmark", acknowledge_warnings=True)
                    timings.append(time.perf_counter() - started)
                raise _RollBack
        except _RollBack:
            pass
        self.stdout.write(
            f"Published a {len(spec['nodes'])}-node tree with {len(spec['scenarios'])} scenarios: "
            f"best {min(timings):.3f} s, worst {max(timings):.3f} s over {runs} runs."
        )
