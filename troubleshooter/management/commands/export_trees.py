"""manage.py export_trees [SLUG ...] [--out DIR]: write troubleshooting trees back out as YAML."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from troubleshooter.models import Tree
from troubleshooter.treefiles import dump_spec, tree_to_spec


class Command(BaseCommand):
    help = "Export troubleshooting trees (edited in the admin) as YAML files that load_trees reads back."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Trees to export (default: all).")
        parser.add_argument("--out", type=Path, help="Directory to write <position>-<slug>.yaml files into; "
                            "without it the YAML goes to standard output.")

    def handle(self, *args, slugs: list[str], out: Path | None, **options):
        trees = Tree.objects.order_by("position", "slug")
        if slugs:
            trees = trees.filter(slug__in=slugs)
            unknown = set(slugs) - {tree.slug for tree in trees}
            if unknown:
                raise CommandError(f"No tree with slug: {', '.join(sorted(unknown))}")
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
        for index, tree in enumerate(trees):
            text = dump_spec(tree_to_spec(tree))
            if out is None:
                self.stdout.write(("---\n" if index else "") + text, ending="")
            else:
                path = out / f"{tree.position}-{tree.slug}.yaml"
                path.write_text(text, encoding="utf-8")
                self.stdout.write(f"Wrote {path}")
