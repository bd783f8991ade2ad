"""Diagnostic checkers: pure functions in a registry, their /tools/ pages and POST /api/v1/checks/<name>."""
