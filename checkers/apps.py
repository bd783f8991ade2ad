from django.apps import AppConfig


class CheckersConfig(AppConfig):
    name = "checkers"
    verbose_name = "Diagnostic checkers"
