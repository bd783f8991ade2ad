"""Diagnostic checkers. Importing this package registers every shipped checker."""
from . import delay, json_body, phone_numbers, remarks, sig, template, unsubscribe  # noqa: F401  (register)
from .registry import Checker, CheckResult, Field, all_checkers, get_checker, register

__all__ = ["Checker", "CheckResult", "Field", "all_checkers", "get_checker", "register"]
