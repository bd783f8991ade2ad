"""Troubleshooting trees, their sessions, and support tickets."""
