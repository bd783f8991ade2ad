from django.apps import AppConfig


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = "Knowledge base"

    def ready(self) -> None:
        from . import search_index

        search_index.connect_signals()
