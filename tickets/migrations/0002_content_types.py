"""Give the moved models' content types to this app, so their permissions and group grants follow them.

Permissions (``use_agent_console`` among them, held by the Agents group) hang off the content type;
renaming its app label keeps every grant, where a new content type would start with none. A database
that already has the new content types (nothing to move) is left alone.
"""
from django.db import migrations

MODELS = ("ticket", "ticketevent")


def relabel(apps, old_label: str, new_label: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=new_label, model=model).exists():
            ContentType.objects.filter(app_label=old_label, model=model).update(app_label=new_label)


def forwards(apps, schema_editor) -> None:
    relabel(apps, "troubleshooter", "tickets")


def backwards(apps, schema_editor) -> None:
    relabel(apps, "tickets", "troubleshooter")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("tickets", "0001_initial"),
        ("troubleshooter", "0006_tickets_move_to_tickets_app"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
