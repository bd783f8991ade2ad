"""A django-helpdesk 2.6.1 site with Waypoint's default content, for ``make bench-pages`` to compare.

It runs in its own venv (``.venv-helpdesk``, from ``requirements.txt`` here), never in Waypoint's:
``serve.sh`` builds it, migrates a throwaway SQLite database, loads the entries and serves it.
"""
