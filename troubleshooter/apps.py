from django.apps import AppConfig
from django.db.models.signals import post_migrate

from common import page_cache

from .roles import sync_after_migrate


class TroubleshooterConfig(AppConfig):
    name = "troubleshooter"
    verbose_name = "Troubleshooter"

    def ready(self) -> None:
        # Every app's post_migrate, not only this one's: the roles also list later apps' models (tickets).
        post_migrate.connect(sync_after_migrate, dispatch_uid="troubleshooter-roles")
        # Trees appear on the home page, the troubleshooter pages and articles' "Still stuck?" box.
        page_cache.invalidate_on_change(
            *(self.get_model(name) for name in ("Tree", "Node", "Node_articles", "Branch"))
        )
