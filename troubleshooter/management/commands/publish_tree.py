"""manage.py publish_tree SLUG [--note TEXT] [--acknowledge-warnings]: publish a tree's draft as its next version."""
from django.core.management.base import BaseCommand, CommandError

from troubleshooter import versions
from troubleshooter.models import Tree


class Command(BaseCommand):
    help = "Validate the tree's draft, run its scenarios, and publish it as the next version (made live)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--note", default="", help="What changed, kept with the version.")
        parser.add_argument("--acknowledge-warnings", action="store_true",
                            help="Publish even though validation has warnings (never past a blocking problem).")
        parser.add_argument("--rollback-to", type=int, metavar="N",
                            help="Instead of the draft, publish version N again (as a new number).")

    def handle(self, *args, slug: str, note: str, acknowledge_warnings: bool, rollback_to: int | None, **options):
        tree = Tree.objects.filter(slug=slug).first()
        if tree is None:
            raise CommandError(f"No tree with slug: {slug}")
        if rollback_to is not None:
            old = tree.versions.filter(number=rollback_to).first()
            if old is None:
                raise CommandError(f"{slug} has no version {rollback_to}.")
            version = versions.rollback(old)
        else:
            try:
                version = versions.publish(tree, note=note, acknowledge_warnings=acknowledge_warnings)
            except versions.PublishRefused as refused:
                lines = [f"problem: {p}" for p in refused.problems] + [f"warning: {w}" for w in refused.warnings]
                hint = "" if refused.problems else "\n(add --acknowledge-warnings to publish past the warnings)"
                raise CommandError(f"{slug} was not published:\n" + "\n".join(lines) + hint) from None
        self.stdout.write(f"Published {slug} version {version.number}.")
