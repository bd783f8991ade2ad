"""Diagnostic checkers. Importing this package registers every shipped checker."""
from .registry import Checker, CheckResult, Field, all_checkers, get_checker, register

__all__ = ["Checker", "CheckResult", "Field", "all_checkers", "get_checker", "register"]
