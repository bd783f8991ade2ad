"""Load Waypoint's default entries into ONE django-helpdesk knowledge-base category; print its path.

Run by ``serve.sh`` in django-helpdesk's venv: ``python -m benchmarks.helpdesk.load_kb``. Idempotent:
the category is rebuilt from the files each time.
"""
import os

import django

from benchmarks.helpdesk.entries import read_entries

CATEGORY_SLUG = "waypoint"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.helpdesk.settings")
    django.setup()
    # Models can be imported only once the apps are loaded, i.e. after django.setup().
    from django.db import transaction
    from helpdesk.models import KBCategory, KBItem

    entries = read_entries()
    with transaction.atomic():
        KBCategory.objects.filter(slug=CATEGORY_SLUG).delete()
        category = KBCategory.objects.create(
            name="Waypoint", title="Waypoint default content", slug=CATEGORY_SLUG, public=True,
            description="The 26 entries of Waypoint's default content, for the page benchmark.",
        )
        # One save() each (not bulk_create): KBItem.save() stamps last_updated. The heading is both
        # the item's title and its question: the entries have no separate question.
        for position, entry in enumerate(entries, start=1):
            KBItem.objects.create(
                category=category, title=entry.title, question=entry.title, answer=entry.body, order=position
            )
    print(f"loaded {len(entries)} entries into /kb/{CATEGORY_SLUG}/")


if __name__ == "__main__":
    main()
