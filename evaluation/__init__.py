"""Evaluation sets for Waypoint (kept outside the app so nothing at runtime depends on them)."""
