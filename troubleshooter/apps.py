from django.apps import AppConfig
from django.db.models.signals import post_migrate

from .roles import sync_after_migrate


class TroubleshooterConfig(AppConfig):
    name = "troubleshooter"
    verbose_name = "Troubleshooter"

    def ready(self) -> None:
        # Every app's post_migrate, not only this one's: the roles also list later apps' models (tickets).
        post_migrate.connect(sync_after_migrate, dispatch_uid="troubleshooter-roles")
