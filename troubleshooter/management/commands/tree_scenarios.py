"""manage.py tree_scenarios SLUG [--generate]: run a tree draft's scenarios, or generate one per path."""
from django.core.management.base import BaseCommand, CommandError

from troubleshooter import scenarios
from troubleshooter.drafts import tree_to_spec
from troubleshooter.models import Tree


class Command(BaseCommand):
    help = "Run the scenarios of a tree's draft and list failures; --generate replaces them with one per path."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--generate", action="store_true",
                            help="Replace the draft's scenarios with one for every path of the draft.")

    def handle(self, *args, slug: str, generate: bool, **options):
        tree = Tree.objects.filter(slug=slug).first()
        if tree is None:
            raise CommandError(f"No tree with slug: {slug}")
        spec = tree_to_spec(tree)
        if generate:
            tree.scenarios = scenarios.generate(spec)
            tree.save(update_fields=["scenarios", "updated_at"])
            self.stdout.write(f"Generated {len(tree.scenarios)} scenarios for the draft of {slug}.")
            return
        failed = scenarios.failures(spec)
        for line in failed:
            self.stdout.write(line)
        total = len(spec.get("scenarios") or [])
        self.stdout.write(f"{total - len(failed)} of {total} scenarios pass.")
        if failed:
            raise CommandError(f"{len(failed)} scenarios fail.")
