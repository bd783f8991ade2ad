"""manage.py bench_editor [--nodes 300] [--runs 10]: how long the tree editor's graph page and a node
form take for a generated tree, through Django's test client on the configured database: with the
drawing cached, and right after an edit (the first draw of the changed draft). Everything it creates
is rolled back."""
from __future__ import annotations

import os
import statistics
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from troubleshooter.models import Node, Tree
from troubleshooter.treefiles import load_specs

from .bench_publish import generated_spec


class _RollBack(Exception):
    pass


class Command(BaseCommand):
    help = "Time the tree editor's pages for a generated tree (cached and after an edit); nothing is kept."

    def add_arguments(self, parser):
        parser.add_argument("--nodes", type=int, default=300)
        parser.add_argument("--runs", type=int, default=10)

    def handle(self, *args: Any, nodes: int, runs: int, **options: Any) -> None:
        spec = generated_spec(nodes)
        spec["slug"] = "bench-editor"
        # Plain static storage: the pages' {% static %} tags need no collectstatic manifest here.
        storages = {**settings.STORAGES, "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
        try:
            with transaction.atomic(), override_settings(ALLOWED_HOSTS=["testserver"], STORAGES=storages):
                load_specs([spec], publish=False)
                self._measure(Tree.objects.get(slug=spec["slug"]), runs, len(spec["nodes"]))
                raise _RollBack
        except _RollBack:
            pass

    def _measure(self, tree: Tree, runs: int, size: int) -> None:
        user = get_user_model().objects.create_user("bench-editor", is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="change_tree"))
        client = Client()
        client.force_login(user)
        edited = tree.nodes.filter(kind=Node.Kind.QUESTION).order_by("position")[5]
        outcome = tree.nodes.filter(kind=Node.Kind.OUTCOME).order_by("position")[0]
        pages = {"graph page, right after an edit": f"/editor/trees/{tree.slug}/",
                 "graph page, drawing cached": f"/editor/trees/{tree.slug}/",
                 "a question's form": f"/editor/trees/{tree.slug}/nodes/{edited.key}/",
                 "an outcome's form": f"/editor/trees/{tree.slug}/nodes/{outcome.key}/"}
        timings: dict[str, list[float]] = {name: [] for name in pages}
        # CPU seconds too (this process and the dot it starts): on a shared machine the wall clock
        # mostly measures the wait for a core.
        cpu: dict[str, list[float]] = {name: [] for name in pages}
        queries: dict[str, int] = {}
        for run in range(runs):
            # An edit as the node form saves it: the prompt changes, so the drawing must be redrawn.
            Node.objects.filter(pk=edited.pk).update(prompt=f"Edited question {run}?")
            for name, url in pages.items():
                with CaptureQueriesContext(connection) as captured:
                    started, cpu_started = time.perf_counter(), _cpu_seconds()
                    response = client.get(url)
                    timings[name].append(time.perf_counter() - started)
                    cpu[name].append(_cpu_seconds() - cpu_started)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}")
                queries[name] = len(captured)
        load = " ".join(f"{value:.1f}" for value in os.getloadavg())
        self.stdout.write(f"Tree editor, a {size}-node tree, {runs} runs each, load average {load}:")
        for name, values in timings.items():
            self.stdout.write(f"  {name}: median {statistics.median(values) * 1000:.0f} ms, worst "
                              f"{max(values) * 1000:.0f} ms, CPU median {statistics.median(cpu[name]) * 1000:.0f} ms; "
                              f"{queries[name]} queries")


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system
