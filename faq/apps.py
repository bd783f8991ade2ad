from django.apps import AppConfig


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = "Knowledge base"

    def ready(self) -> None:
        from .search import index

        index.connect_signals()
