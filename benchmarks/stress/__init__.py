"""Concurrency and fault scripts run by `make stress` against a live gunicorn.

Each module here with a ``main() -> int`` is one script (0 = pass); ``python -m benchmarks.stress``
runs them all, or those named on its command line, and prints a PASS/FAIL summary. ``live.py``
holds what they share: throwaway databases, a gunicorn on them, and an HTTP client.
"""
