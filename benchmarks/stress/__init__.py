"""Concurrency and fault scripts run against a live server (`make stress`); each module has a main() -> int."""
