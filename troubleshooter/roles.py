"""The two staff roles, Editors and Agents, as groups with exactly the permissions they need.

The role definitions live here in code. A migration creates the groups, and every ``migrate``
tops their permissions up again, so models that arrive in later migrations (search synonyms, for
instance) join their role without a migration of their own. Superusers need no group.
"""
from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.apps import apps as installed_apps

EDITORS = "Editors"
AGENTS = "Agents"

_ALL = ("add", "change", "delete", "view")

# Group name -> {"app_label.model": actions}. A model that does not exist (yet) is skipped.
ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    EDITORS: {
        "faq.article": _ALL,
        "faq.category": _ALL,
        "faq.errorcode": _ALL,
        "faq.synonym": _ALL,
        "faq.vote": ("view",),
        "faq.searchlog": ("view",),
        "troubleshooter.tree": _ALL,
        "troubleshooter.node": _ALL,
        "troubleshooter.branch": _ALL,
        "troubleshooter.treeversion": ("view",),
    },
    AGENTS: {
        "tickets.ticket": ("add", "change", "view", "use_agent_console"),
        "tickets.ticketevent": ("add", "view"),
        "troubleshooter.session": ("change", "view"),
        "troubleshooter.step": ("view",),
        "troubleshooter.tree": ("view",),
        "troubleshooter.treeversion": ("view",),
        "faq.article": ("view",),
    },
}


def _codename(action: str, model: str) -> str:
    return action if action == "use_agent_console" else f"{action}_{model}"


def sync_role_permissions(apps: Any) -> None:
    """Create the Editors and Agents groups and give them every permission their role lists.

    ``apps`` is a migration's historical app registry or ``django.apps.apps``; permissions
    already granted are kept, so an administrator's additions survive.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, models in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = []
        for dotted, actions in models.items():
            app_label, model = dotted.split(".")
            codenames = [_codename(action, model) for action in actions]
            wanted += Permission.objects.filter(
                content_type__app_label=app_label, content_type__model=model, codename__in=codenames
            )
        group.permissions.add(*wanted)


def sync_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    """post_migrate receiver: sync the roles once the last app with models has its permissions.

    Django creates each app's permissions in INSTALLED_APPS order, and the roles list models of
    several apps (tickets comes after the troubleshooter), so syncing earlier would miss some.
    """
    with_models = [config for config in installed_apps.get_app_configs() if config.models_module is not None]
    if with_models and sender is with_models[-1] and installed_apps.is_installed("django.contrib.auth"):
        sync_role_permissions(installed_apps)
