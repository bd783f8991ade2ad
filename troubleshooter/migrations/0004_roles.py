"""Create the Editors and Agents groups with their permissions (no content: groups only)."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

from troubleshooter.roles import ROLE_PERMISSIONS, sync_role_permissions


def create_roles(apps, schema_editor):
    # Permissions normally appear after the whole migrate run; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_role_permissions(apps)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("faq", "0001_initial"),
        ("troubleshooter", "0003_tickets"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
