from django.apps import AppConfig
from django.db.models.signals import post_migrate

from .roles import sync_after_migrate


class TroubleshooterConfig(AppConfig):
    name = "troubleshooter"
    verbose_name = "Troubleshooter"

    def ready(self) -> None:
        post_migrate.connect(sync_after_migrate, sender=self, dispatch_uid="troubleshooter-roles")
