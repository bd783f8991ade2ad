"""manage.py load_trees [PATH ...]: load troubleshooting trees from YAML files or directories."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from troubleshooter.treefiles import DEFAULT_TREES_DIR, TreeFileError, load_tree_files, tree_paths


class Command(BaseCommand):
    help = "Load troubleshooting trees from YAML (default: the shipped trees). Validates first; idempotent."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path,
                            help=f"YAML files or directories (default {DEFAULT_TREES_DIR})")
        parser.add_argument("--draft", action="store_true",
                            help="Load the files as the trees' drafts only; publish nothing (what is live stays).")

    def handle(self, *args, paths: list[Path], draft: bool, **options):
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise CommandError(f"No such file or directory: {', '.join(missing)}")
        files = tree_paths(paths or None)
        if not files:
            raise CommandError("No .yaml tree files found.")
        try:
            report = load_tree_files(files, publish=not draft)
        except TreeFileError as error:
            raise CommandError(str(error)) from None
        for slug in report.missing_articles:
            self.stderr.write(f"Article not found, not linked: {slug}")
        self.stdout.write(
            f"Trees: created {len(report.created)}, updated {len(report.updated)}, unchanged {len(report.unchanged)}"
        )
