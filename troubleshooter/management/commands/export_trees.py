"""manage.py export_trees [SLUG ...] [--out DIR] [--tree-version N|live]: write troubleshooting trees back out as YAML
(their drafts, or with --tree-version a published version of each)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from troubleshooter import versions
from troubleshooter.models import Tree
from troubleshooter.treefiles import dump_spec, tree_to_spec


class Command(BaseCommand):
    help = "Export troubleshooting trees (edited in the admin) as YAML files that load_trees reads back."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Trees to export (default: all).")
        parser.add_argument("--out", type=Path, help="Directory to write <position>-<slug>.yaml files into; "
                            "without it the YAML goes to standard output.")
        parser.add_argument("--tree-version", dest="tree_version", help="Export version N, or the live one (live), "
                            "instead of the draft.")

    def handle(self, *args, slugs: list[str], out: Path | None, tree_version: str | None, **options):
        trees = Tree.objects.order_by("position", "slug")
        if slugs:
            trees = trees.filter(slug__in=slugs)
            unknown = set(slugs) - {tree.slug for tree in trees}
            if unknown:
                raise CommandError(f"No tree with slug: {', '.join(sorted(unknown))}")
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
        for index, tree in enumerate(trees):
            text = dump_spec(self.spec(tree, tree_version))
            if out is None:
                self.stdout.write(("---\n" if index else "") + text, ending="")
            else:
                path = out / f"{tree.position}-{tree.slug}.yaml"
                path.write_text(text, encoding="utf-8")
                self.stdout.write(f"Wrote {path}")

    def spec(self, tree: Tree, version: str | None) -> dict:
        if version is None:
            return tree_to_spec(tree)
        found = (tree.live_version if version == "live" else
                 tree.versions.filter(number=int(version) if version.isdigit() else -1).first())
        if found is None:
            raise CommandError(f"{tree.slug} has no version {version}.")
        return versions.content(found.snapshot)
