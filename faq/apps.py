from django.apps import AppConfig

from common import page_cache


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = "Knowledge base"

    def ready(self) -> None:
        from .search import index

        index.connect_signals()
        # What the public pages show: any change makes every cached page stale (common.page_cache).
        page_cache.invalidate_on_change(
            *(self.get_model(name) for name in ("Article", "Article_error_codes", "Category", "ErrorCode", "Synonym"))
        )
