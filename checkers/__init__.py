"""Diagnostic checkers: pure functions in a registry, their /tools/ pages and POST /api/v1/checks/<name>.

Importing this package registers every shipped checker, in the order the checker pages and the API
documentation list them: the error codes' checks first, in the seed's order, then the delivery checks.
The checkers themselves are plain Python (no Django); nothing here imports the troubleshooter.
"""
from . import json_body, template, phone_numbers, sig, remarks, delay, unsubscribe  # noqa: F401,I001
from .registry import Checker, CheckResult, Field, all_checkers, get_checker, register

__all__ = ["CheckResult", "Checker", "Field", "all_checkers", "get_checker", "register"]
